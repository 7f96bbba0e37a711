import pg, { type PoolClient } from 'pg';
import { type Table, writeSpec } from '../model/table.js';
import type { Queryable } from '../projection.js';
import { type UpsertSpec, upsertRows } from '../sql.js';

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
  /** Key columns (text), in order. `fromRow` gets timestamptz values as text. */
  key: readonly string[];
  fromRow(row: Record<string, unknown>): T;
  keyOf(value: T): string[];
  /** Entries kept in memory between batches; the table holds the rest. */
  maxEntries: number;
  /**
   * How `flush` writes the changed entries (every column, in the table's order): only for a table
   * the cache itself keeps (incentives' orders and partners). A declared projection's folds write
   * the tables its facts cache (the cache follows them in memory), so such a cache has none.
   */
  writes?: CacheWrites<T>;
}

/** How a cache writes its table: new rows inserted, the others merged on its key (`writeSpec`), a value's row. */
interface CacheWrites<T> {
  insert: UpsertSpec;
  merge: UpsertSpec;
  toRow(value: T): unknown[];
}

/**
 * Entries a cache of rows per order, resource or voucher keeps between batches (the bench's log has
 * 260,923 orders). Smaller is better up to a point: the bench's rebuild of every projection peaked
 * at 422–425 MiB with 25,000 (incentives' orders 40,000) and at 370–371 with 10,000, in no more
 * time; reading back what a cache dropped costs less than the collector's work on the larger heap
 * (docs/scaling-history.md, "Caches of 10,000").
 */
export const ENTITY_CACHE_ENTRIES = 10_000;

/**
 * A cache over a declared table of `schema`: its name, key and, for a cache that writes its table
 * (`toRow` given), the columns and merge of its writes come from the declaration.
 */
export function cachedTable<T>(
  schema: string,
  t: Table,
  spec: Omit<RowCacheSpec<T>, 'table' | 'key' | 'writes'> & { writes?: Pick<CacheWrites<T>, 'toRow'> },
): RowCacheSpec<T> {
  const { writes, ...rest } = spec;
  return {
    table: `${schema}.${t.name}`,
    key: t.key,
    ...rest,
    ...(writes && {
      writes: { insert: writeSpec(schema, t, 'insert'), merge: writeSpec(schema, t, 'merge'), toRow: writes.toRow },
    }),
  };
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

  constructor(private readonly spec: RowCacheSpec<T>) {}

  /** The cache is empty and so is the table (a build from position 0): misses need no read. */
  startComplete(): void {
    if (this.entries.size === 0) this.complete = true;
  }

  /** Every row of the table is in memory: `load` reads nothing, so its keys need not be gathered. */
  get isComplete(): boolean {
    return this.complete;
  }

  static keyString(parts: readonly string[]): string {
    return parts.length === 1 ? parts[0]! : parts.join('\u0000');
  }

  /** Loads the entries of these keys that are not in memory yet. */
  async load(client: Queryable, keys: Iterable<readonly string[]>): Promise<void> {
    if (this.complete) return;
    const missing: (readonly string[])[] = [];
    const seen = new Set<string>();
    for (const parts of keys) {
      const k = RowCache.keyString(parts);
      if (this.entries.has(k) || this.absent.has(k) || seen.has(k)) continue;
      seen.add(k);
      missing.push(parts);
    }
    if (missing.length === 0) return;
    const { table, key } = this.spec;
    const arrays = key.map((_, i) => missing.map((parts) => parts[i]));
    const sql =
      key.length === 1
        ? `SELECT * FROM ${table} WHERE ${key[0]} = ANY($1::text[])`
        : // LATERAL keeps the plan an index probe per key, whatever the statistics of a young table say.
          `SELECT t.* FROM unnest(${key.map((_, i) => `$${i + 1}::text[]`).join(', ')}) AS k(${key.map((c) => `k_${c}`).join(', ')})
             CROSS JOIN LATERAL (SELECT * FROM ${table} WHERE ${key.map((c) => `${c} = k.k_${c}`).join(' AND ')}) t`;
    const result = await client.query({ text: sql, values: arrays, types: TIMES_AS_TEXT });
    for (const row of result.rows) {
      const value = this.spec.fromRow(row);
      const k = RowCache.keyString(this.spec.keyOf(value));
      this.entries.set(k, value);
      seen.delete(k);
    }
    for (const k of seen) this.absent.add(k);
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
    const { writes } = this.spec;
    if (!writes) throw new Error(`the cache of ${this.spec.table} does not write its table`);
    const rows: unknown[][] = [];
    const inserts: unknown[][] = [];
    for (const k of this.dirty) {
      const value = this.entries.get(k);
      if (value !== undefined) (this.fresh.has(k) ? inserts : rows).push(writes.toRow(value));
    }
    this.fresh.clear(); // the table holds them once these writes are done
    // New rows go straight in (COPY when many); rows the table may hold merge on their key. Both
    // issued at the call, so a caller may queue the flush (write/queued.ts).
    await Promise.all([upsertRows(client, writes.insert, inserts), upsertRows(client, writes.merge, rows)]);
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
    this.entries.clear();
    this.dirty.clear();
    this.fresh.clear();
    this.absent.clear();
  }
}
