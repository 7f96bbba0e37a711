import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Pool } from '@reckon/database';

const gzipped = promisify(gzip);

/**
 * The version of some read models: the checkpoint (position and generation) of each projection
 * schema. A projection changes its tables and its checkpoint in one transaction and a rebuild
 * swaps in a new generation, so an unchanged version means unchanged tables.
 *
 * Reads are shared: a caller gets the result of a probe that *started after it asked* (never an
 * older one), and every caller arriving while a probe runs shares the next one, so a hundred
 * concurrent requests cost a couple of probes, not a hundred. A caller may instead accept the
 * result of a probe that started at most `maxAgeMs` before it asked (bounded staleness).
 */
export class ReadModelVersion {
  private running: Promise<string> | undefined;
  /** The last probe's result and when that probe started. */
  private latest: { version: string; startedAt: number } | undefined;
  private queued: Promise<string> | undefined;
  private readonly sql: string;

  constructor(
    private readonly pool: Pool,
    schemas: readonly string[],
  ) {
    this.sql = schemas
      .map((schema) => `(SELECT position || ':' || generation FROM ${schema}.checkpoint)`)
      .join(` || '|' || `);
    this.sql = `SELECT ${this.sql} AS version`;
  }

  current(maxAgeMs = 0): Promise<string> | string {
    if (maxAgeMs > 0 && this.latest && performance.now() - this.latest.startedAt <= maxAgeMs)
      return this.latest.version;
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<string> {
    const startedAt = performance.now();
    const probe = this.pool.query<{ version: string | null }>(this.sql).then((result) => {
      const version = result.rows[0]?.version ?? 'none';
      if (!this.latest || this.latest.startedAt < startedAt) this.latest = { version, startedAt };
      return version;
    });
    this.running = probe;
    const clear = () => {
      if (this.running === probe) this.running = undefined;
    };
    probe.then(clear, clear);
    return probe;
  }
}

export class Entry<T> {
  private compressed: Promise<Buffer> | undefined;

  constructor(
    readonly version: string,
    readonly value: T,
    /** The serialised JSON answer (UTF-8). */
    readonly body: Buffer,
  ) {}

  /** The body gzip-compressed, made once on first use (a big answer shrinks about eightfold). */
  gzip(): Promise<Buffer> {
    this.compressed ??= gzipped(this.body);
    return this.compressed;
  }
}

/**
 * Answers of one query kept per key for the read-model version they were computed at, so a
 * repeated query costs a version probe instead of the query while nothing it reads has changed.
 * Concurrent misses of one key share one computation. Bounded by the bytes of the bodies (LRU).
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly computing = new Map<string, Promise<Entry<T>>>();
  private bytes = 0;

  constructor(
    private readonly version: ReadModelVersion,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  /**
   * The answer for `key` as of a version read after this call (or at most `maxAgeMs` before it):
   * from the cache when computed at that version, else computed by `compute` (and serialised by
   * `serialize`) and kept.
   */
  async get(key: string, compute: () => Promise<T>, serialize: (value: T) => string, maxAgeMs = 0): Promise<Entry<T>> {
    const version = await this.version.current(maxAgeMs);
    const entry = this.entries.get(key);
    if (entry && entry.version === version) {
      this.entries.delete(key); // most recently used last
      this.entries.set(key, entry);
      return entry;
    }
    const flightKey = `${version}\u0000${key}`;
    let pending = this.computing.get(flightKey);
    if (!pending) {
      // `version` was read before the query runs: the tables hold at least that version, so an entry
      // is never served as newer than it is (a version that moved on is a miss).
      pending = compute().then((value) => new Entry(version, value, Buffer.from(serialize(value))));
      this.computing.set(flightKey, pending);
      const done = () => this.computing.delete(flightKey);
      pending.then(done, done);
      pending.then((computed) => this.keep(key, computed)).catch(() => {});
    }
    return pending;
  }

  private keep(key: string, entry: Entry<T>): void {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.length;
      this.entries.delete(key);
    }
    if (entry.body.length > this.maxBytes / 4) return;
    this.entries.set(key, entry);
    this.bytes += entry.body.length;
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= value.body.length;
    }
  }
}
