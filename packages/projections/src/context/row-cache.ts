import pg, { type PoolClient } from 'pg';
import type { Queryable } from '../projection.js';
import { type Column, upsertRows } from '../sql.js';

const TIMESTAMPTZ = 1184;

/**
 * Reads timestamptz columns as PostgreSQL's text (`2026-10-05 04:15:00.123457+00`): to the
 * microsecond, as stored, so that a row read back and written again keeps its times exactly. (A
 * Date keeps milliseconds: a row rewritten from the cache would then differ from a replay's.)
 */
const TIMES_AS_TEXT: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface RowCacheSpec<T> {
  /** Schema-qualified table. */
  table: string;
  /** Key columns (text), in order; part of `columns`. `fromRow` gets timestamptz values as text. */
  key: readonly string[];
  columns: readonly Column[];
  toRow(value: T): unknown[];
  fromRow(row: Record<string, unknown>): T;
  keyOf(value: T): string[];
  /** Entries kept in memory between batches; the table holds the rest. */
  maxEntries: number;
}

/** A read `RowCache#prefetch` began: the keys asked for, and what the table answered. */
export interface Prefetch<T> {
  readonly drops: number;
  readonly keys: ReadonlySet<string>;
  readonly values: Promise<T[]>;
}

/**
 * Context rows a projection needs while it folds events (an order's customer and cash part, a
 * voucher's quota, …): kept in a bounded in-memory map backed by a table of the projection.
 * A batch first `load`s the keys it will touch (one query), reads and changes entries in memory,
 * then `flush`es the changed ones with one multi-row upsert in the batch's transaction.
 */
export class RowCache<T> {
  private readonly entries = new Map<string, T>();
  private readonly dirty = new Set<string>();
  private readonly absent = new Set<string>();
  /** Dirty keys the table does not hold yet (known only while complete): written without a merge. */
  private readonly fresh = new Set<string>();
  /** Everything the table holds is in memory (filled from position 0, nothing evicted): no reads. */
  private complete = false;
  /** Counts the times entries were dropped (a trim, a reset): a read begun before one may be stale. */
  private drops = 0;

  constructor(private readonly spec: RowCacheSpec<T>) {}

  /** The cache is empty and so is the table (a build from position 0): misses need no read. */
  startComplete(): void {
    if (this.entries.size === 0) this.complete = true;
  }

  static keyString(parts: readonly string[]): string {
    return parts.length === 1 ? parts[0]! : parts.join('\u0000');
  }

  /** The keys not in memory (nor known absent), each once, as strings and as parts. */
  private missing(keys: Iterable<readonly string[]>): { seen: Set<string>; missing: (readonly string[])[] } {
    const missing: (readonly string[])[] = [];
    const seen = new Set<string>();
    for (const parts of keys) {
      const k = RowCache.keyString(parts);
      if (this.entries.has(k) || this.absent.has(k) || seen.has(k)) continue;
      seen.add(k);
      missing.push(parts);
    }
    return { seen, missing };
  }

  /**
   * Begins reading, on `client` (a replay's committed reads), the entries of these keys that are not
   * in memory now, for a later `load` of the same batch to take up: a replay reads a batch's context
   * while the batch before it still folds. Only rows a committed batch wrote are missing from memory
   * (`committed`), so the answer is current for every key that stays missing, as long as nothing is
   * dropped meanwhile; `load` checks that.
   */
  prefetch(client: Queryable, keys: Iterable<readonly string[]>): Prefetch<T> | undefined {
    if (this.complete) return undefined;
    const { seen, missing } = this.missing(keys);
    if (missing.length === 0) return undefined;
    const values = this.read(client, missing);
    values.catch(() => {}); // a failed read is read again by `load`
    return { drops: this.drops, keys: seen, values };
  }

  /**
   * Loads the entries of these keys that are not in memory yet, taking up what `prefetched` read for
   * them if no entry was dropped since it began (else an entry changed and dropped meanwhile could
   * come back as it was).
   */
  async load(client: Queryable, keys: Iterable<readonly string[]>, prefetched?: Prefetch<T>): Promise<void> {
    if (this.complete) return;
    if (prefetched && prefetched.drops === this.drops) {
      const values = await prefetched.values.catch(() => undefined);
      if (values && prefetched.drops === this.drops) {
        const found = new Set<string>();
        for (const value of values) {
          const k = RowCache.keyString(this.spec.keyOf(value));
          found.add(k);
          if (!this.entries.has(k)) this.entries.set(k, value);
        }
        for (const k of prefetched.keys) if (!found.has(k) && !this.entries.has(k)) this.absent.add(k);
      }
    }
    const { seen, missing } = this.missing(keys);
    if (missing.length === 0) return;
    for (const value of await this.read(client, missing)) {
      const k = RowCache.keyString(this.spec.keyOf(value));
      this.entries.set(k, value);
      seen.delete(k);
    }
    for (const k of seen) this.absent.add(k);
  }

  /** The table's rows of these keys. */
  private async read(client: Queryable, missing: readonly (readonly string[])[]): Promise<T[]> {
    const { table, key } = this.spec;
    const arrays = key.map((_, i) => missing.map((parts) => parts[i]));
    const sql =
      key.length === 1
        ? `SELECT * FROM ${table} WHERE ${key[0]} = ANY($1::text[])`
        : // LATERAL keeps the plan an index probe per key, whatever the statistics of a young table say.
          `SELECT t.* FROM unnest(${key.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS k(${key.map((c) => `k_${c}`).join(', ')})
             CROSS JOIN LATERAL (SELECT * FROM ${table} WHERE ${key.map((c) => `${c} = k.k_${c}`).join(' AND ')}) t`;
    const result = await client.query({ text: sql, values: arrays, types: TIMES_AS_TEXT });
    return result.rows.map((row) => this.spec.fromRow(row));
  }

  get(parts: readonly string[]): T | undefined {
    return this.entries.get(RowCache.keyString(parts));
  }

  /** Stores a new or changed entry; it is written at the next flush. */
  put(value: T): void {
    const k = RowCache.keyString(this.spec.keyOf(value));
    if (this.complete && !this.entries.has(k)) this.fresh.add(k);
    this.entries.set(k, value);
    this.absent.delete(k);
    this.dirty.add(k);
  }

  /**
   * Stores an entry whose key the log has just made (an order placed: the command side refuses an
   * order id it has seen, `mustBeNew`), so the table cannot hold it: written without a merge even
   * once the cache is no longer complete.
   */
  putNew(value: T): void {
    this.put(value);
    this.fresh.add(RowCache.keyString(this.spec.keyOf(value)));
  }

  /** Marks an entry changed in place. */
  touch(value: T): void {
    this.dirty.add(RowCache.keyString(this.spec.keyOf(value)));
  }

  async flush(client: PoolClient): Promise<void> {
    const rows: unknown[][] = [];
    const inserts: unknown[][] = [];
    for (const k of this.dirty) {
      const value = this.entries.get(k);
      if (value !== undefined) (this.fresh.has(k) ? inserts : rows).push(this.spec.toRow(value));
    }
    this.fresh.clear(); // the table holds them once these writes are done
    // New rows go straight in (COPY when many); rows the table may hold merge on their key. Both
    // issued at the call, so a caller may queue the flush (write/queued.ts).
    await Promise.all([
      upsertRows(client, { table: this.spec.table, columns: this.spec.columns }, inserts),
      upsertRows(client, { table: this.spec.table, columns: this.spec.columns, key: this.spec.key }, rows),
    ]);
  }

  /**
   * After the batch committed, or was queued to commit once the batch before has (a replay's
   * applier, `commitQueued`): nothing is dirty any more; keep memory bounded. The batch's own rows
   * are never the ones dropped, so a row the cache lacks is one a committed batch wrote, which a
   * replay may read on another connection (`ProjectionContext.committedReads`).
   */
  committed(): void {
    if (this.entries.size > this.spec.maxEntries) {
      // Maps iterate in insertion order: drop the oldest half, but for the batch's own rows (a row
      // changed in place keeps its place in that order).
      this.complete = false;
      this.drops++;
      let drop = this.entries.size - Math.floor(this.spec.maxEntries / 2);
      for (const k of this.entries.keys()) {
        if (drop <= 0) break;
        if (this.dirty.has(k)) continue;
        this.entries.delete(k);
        drop--;
      }
    }
    this.dirty.clear();
    this.fresh.clear();
    this.absent.clear();
  }

  /** Forgets everything (after a failed batch, or when the tables were swapped underneath). */
  reset(): void {
    this.complete = false;
    this.drops++;
    this.entries.clear();
    this.dirty.clear();
    this.fresh.clear();
    this.absent.clear();
  }
}
