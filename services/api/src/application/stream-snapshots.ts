/**
 * Folded stream states kept in PostgreSQL, so that a stream's first command after a restart (or
 * after the snapshot cache let it go) reads only the events since its last stored state instead of
 * its whole history: a reseller's funds stream holds an entry per outstanding order and grows to
 * tens of thousands of events (docs/scaling.md, "A long log").
 *
 * They are a cache of the command side, not facts: the log decides. A stored state is used only
 * when it was made under the domain's current `STATE_SHAPE` and the stream's event at its version
 * is still the one it was folded up to (so a log emptied and written again, or another log behind
 * the same read-model database, is read whole instead). Dropping the table loses nothing.
 */
import {
  type ConnectionErrorHandler,
  createPool,
  type Migration,
  migrate,
  type Pool,
  type PoolUsage,
  poolUsage,
} from '@reckon/database';
import { type DomainEvent, foldStream, STATE_SHAPE, type StreamSnapshot } from '@reckon/domain';
import { canonicalJson, type EventStore, type JsonValue } from '@reckon/event-store';

export const SNAPSHOTS_SCHEMA = 'command_snapshots';
export const SNAPSHOTS_TABLE = `${SNAPSHOTS_SCHEMA}.states`;

/** A stream's folded state as stored, with the id of the stream's event (own or linked) at `version`. */
export interface StoredSnapshot extends StreamSnapshot {
  lastEventId: string;
}

/** Where the states are kept (PostgreSQL: `PostgresSnapshotStore`). */
export interface SnapshotStore {
  /** The version stored for each stream, of the current shape. */
  versions(): Promise<Map<string, number>>;
  /** The stored states of these streams, of the current shape (a stream without one is absent). */
  load(streamIds: readonly string[]): Promise<StoredSnapshot[]>;
  /** Stores a state, replacing the stream's (any version: every stored state is true of its log). */
  save(snapshot: StoredSnapshot): Promise<void>;
}

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'folded stream states of the command side',
    sql: `CREATE SCHEMA IF NOT EXISTS ${SNAPSHOTS_SCHEMA};
      CREATE TABLE ${SNAPSHOTS_TABLE} (
        stream_id text PRIMARY KEY,
        shape integer NOT NULL,
        version bigint NOT NULL,
        last_event_id text NOT NULL,
        state json NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
];

export async function migrateSnapshots(pool: Pool): Promise<void> {
  await migrate(pool, 'command-snapshots', MIGRATIONS);
}

/** The states in `command_snapshots.states` of the read-model database (json: stored as sent, parsed on read). */
export class PostgresSnapshotStore implements SnapshotStore {
  constructor(
    private readonly pool: Pool,
    private readonly shape = STATE_SHAPE,
  ) {}

  async versions(): Promise<Map<string, number>> {
    const { rows } = await this.pool.query<{ stream_id: string; version: string }>(
      `SELECT stream_id, version FROM ${SNAPSHOTS_TABLE} WHERE shape = $1`,
      [this.shape],
    );
    return new Map(rows.map((row) => [row.stream_id, Number(row.version)]));
  }

  async load(streamIds: readonly string[]): Promise<StoredSnapshot[]> {
    if (streamIds.length === 0) return [];
    const { rows } = await this.pool.query<{
      stream_id: string;
      version: string;
      last_event_id: string;
      state: string;
    }>(
      `SELECT stream_id, version, last_event_id, state::text AS state
         FROM ${SNAPSHOTS_TABLE} WHERE stream_id = ANY($1::text[]) AND shape = $2`,
      [streamIds, this.shape],
    );
    return rows.map((row) => ({
      streamId: row.stream_id,
      version: Number(row.version),
      lastEventId: row.last_event_id,
      state: JSON.parse(row.state),
    }));
  }

  async save(snapshot: StoredSnapshot): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${SNAPSHOTS_TABLE} (stream_id, shape, version, last_event_id, state)
         VALUES ($1, $2, $3, $4, $5::json)
       ON CONFLICT (stream_id) DO UPDATE SET shape = excluded.shape, version = excluded.version,
         last_event_id = excluded.last_event_id, state = excluded.state, saved_at = now()`,
      [snapshot.streamId, this.shape, snapshot.version, snapshot.lastEventId, JSON.stringify(snapshot.state)],
    );
  }
}

/** What became of stored states in this process, for /metrics. */
export interface SnapshotStats {
  /** States stored. */
  saved: number;
  /** Streams read from a stored state on. */
  used: number;
  /** Stored states not used: their stream's event at their version is another (a log written again). */
  discarded: number;
  /** Saves and reads that failed. */
  failed: number;
}

/** A stored state found wrong by `verifyStoredStates`. */
export interface StoredStateFinding {
  streamId: string;
  version: number;
  /**
   * `differs`: the stream's events up to the version fold to another state (a fold changed without
   * `STATE_SHAPE` raised: commands would be decided on it). `not-of-this-log`: the stream's event at
   * the version is another or missing (the log was written again): never used, replaced in time.
   */
  kind: 'differs' | 'not-of-this-log';
}

/**
 * Checks every stored state of the current shape against the log: its stream's event at its
 * version is the one recorded, and the stream's events up to it fold to exactly that state (as
 * canonical JSON). One state and its stream in memory at a time.
 */
export async function verifyStoredStates(
  snapshots: SnapshotStore,
  store: EventStore,
  onState?: (checked: number, of: number) => void,
): Promise<{ checked: number; findings: StoredStateFinding[] }> {
  const ids = [...(await snapshots.versions()).keys()].sort();
  const findings: StoredStateFinding[] = [];
  let checked = 0;
  for (const streamId of ids) {
    const [stored] = await snapshots.load([streamId]);
    if (!stored) continue; // replaced by another shape or cleared meanwhile
    const events = await store.readStream(streamId, { maxCount: stored.version });
    checked += 1;
    if (events.length < stored.version || events[stored.version - 1]?.eventId !== stored.lastEventId) {
      findings.push({ streamId, version: stored.version, kind: 'not-of-this-log' });
    } else {
      const folded = foldStream(streamId, events as unknown as DomainEvent[]);
      const same =
        canonicalJson(folded.state as unknown as JsonValue) === canonicalJson(stored.state as unknown as JsonValue);
      if (!same) findings.push({ streamId, version: stored.version, kind: 'differs' });
    }
    onState?.(checked, ids.length);
  }
  return { checked, findings };
}

export interface StreamSnapshotsOptions {
  /** A state is stored again once its stream has moved this many events past the stored one (default 1,000). */
  every?: number;
  /** A save or a read that failed (the commands go on without it). */
  onError?: (error: unknown) => void;
  /**
   * How often to read again which streams have a stored state, to use those other processes store
   * (default 60 s; 0: only at start).
   */
  refreshMs?: number;
}

/**
 * The command handler's use of a `SnapshotStore`: which streams have a stored state (read at start
 * and every `refreshMs`, and kept up to date by this process's saves), and the saves, made after the
 * command that produced the state has been answered, one at a time, the newest state of each stream only.
 */
export class StreamSnapshots {
  private readonly stored = new Map<string, number>();
  private readonly pending = new Map<string, StoredSnapshot>();
  private saving: Promise<void> | undefined;
  private readonly counts: SnapshotStats = { saved: 0, used: 0, discarded: 0, failed: 0 };
  readonly every: number;
  private readonly refreshMs: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly store: SnapshotStore,
    options: StreamSnapshotsOptions = {},
  ) {
    this.every = options.every ?? 1_000;
    this.onError = options.onError ?? (() => {});
    this.refreshMs = options.refreshMs ?? 60_000;
  }

  /** Reads which streams have a stored state. */
  async start(): Promise<void> {
    await this.refresh();
    if (this.refreshMs > 0 && !this.timer) {
      this.timer = setInterval(() => void this.refresh().catch((error) => this.onFailure(error)), this.refreshMs);
      this.timer.unref();
    }
  }

  /**
   * Reads which streams have a stored state (this process's and others'), in place of what it knew:
   * states cleared meanwhile (`reckon snapshots clear`) are no longer asked for, and the next read
   * of their stream stores its state anew. (A save of this process that ends during the read may be
   * missed: that stream's state is then stored once more than needed.)
   */
  async refresh(): Promise<void> {
    const versions = await this.store.versions();
    this.stored.clear();
    for (const [streamId, version] of versions) this.stored.set(streamId, version);
  }

  /** Stops reading again; the saves offered so far go on (`settled`). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private onFailure(error: unknown): void {
    this.counts.failed += 1;
    this.onError(error);
  }

  /** Whether a stored state of the stream is worth asking for (this process knows of one). */
  has(streamId: string): boolean {
    return this.stored.has(streamId);
  }

  /**
   * Stored states of the streams this process knows to have one. A failed read is reported and
   * read as none: the streams are then folded whole, as without stored states (with the log on
   * KurrentDB, commands go on while the read-model database is away).
   */
  async load(streamIds: readonly string[]): Promise<StoredSnapshot[]> {
    const wanted = streamIds.filter((streamId) => this.stored.has(streamId));
    if (wanted.length === 0) return [];
    try {
      return await this.store.load(wanted);
    } catch (error) {
      this.onFailure(error);
      return [];
    }
  }

  /** A stream was read from its stored state on. */
  used(): void {
    this.counts.used += 1;
  }

  stats(): SnapshotStats {
    return { ...this.counts };
  }

  /** A stored state turned out not to be of this log: the next state of the stream replaces it. */
  forget(streamId: string): void {
    this.counts.discarded += 1;
    this.stored.delete(streamId);
  }

  /** Whether a state is due to be stored: its stream has moved `every` events past the stored state (or has none and that many events). */
  due(snapshot: StreamSnapshot): boolean {
    return snapshot.state !== undefined && snapshot.version - (this.stored.get(snapshot.streamId) ?? 0) >= this.every;
  }

  /** A state the log has confirmed (folded from its events, or appended at its version): stored when due. */
  offer(snapshot: StreamSnapshot, lastEventId: string): void {
    if (!this.due(snapshot)) return;
    const waiting = this.pending.get(snapshot.streamId);
    if (waiting && waiting.version >= snapshot.version) return;
    this.pending.set(snapshot.streamId, { ...snapshot, lastEventId });
    this.saving ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain())
      .finally(() => {
        this.saving = undefined;
      });
  }

  /** Resolves once the states offered so far are saved (or failed). */
  async settled(): Promise<void> {
    while (this.saving) await this.saving;
  }

  private async drain(): Promise<void> {
    for (let next = this.take(); next; next = this.take()) {
      try {
        await this.store.save(next);
        this.stored.set(next.streamId, next.version);
        this.counts.saved += 1;
      } catch (error) {
        this.onFailure(error);
      }
    }
  }

  private take(): StoredSnapshot | undefined {
    const first = this.pending.values().next();
    if (first.done) return undefined;
    this.pending.delete(first.value.streamId);
    return first.value;
  }
}

/** Stored snapshots on the read-model database at `databaseUrl`: migrated and started; `close` waits for the saves. */
export async function openStreamSnapshots(
  databaseUrl: string,
  options: StreamSnapshotsOptions & { onConnectionError?: ConnectionErrorHandler } = {},
): Promise<{ snapshots: StreamSnapshots; usage(): PoolUsage; close(): Promise<void> }> {
  // Two connections: a load for a command need not wait behind the save of a large state.
  const pool = createPool(databaseUrl, {
    max: 2,
    applicationName: 'reckon-snapshots',
    ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
  });
  try {
    await migrateSnapshots(pool);
    const snapshots = new StreamSnapshots(new PostgresSnapshotStore(pool), options);
    await snapshots.start();
    return {
      snapshots,
      usage: () => poolUsage(pool),
      async close() {
        snapshots.stop();
        await snapshots.settled();
        await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
}
