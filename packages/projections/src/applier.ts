import { isDatabaseUnavailable, transaction } from '@reckon/database';
import type { StoredEvent } from '@reckon/event-store';
import pg, { type Pool } from 'pg';
import { readCheckpoint } from './checkpoint.js';
import { CheckpointMovedError, EventFoldError, UnknownEventError } from './errors.js';
import { type KnownEvent, known } from './events.js';
import type { ProjectionContext, ProjectionDefinition, ProjectionHandler } from './projection.js';

/** PostgreSQL's `lock_not_available`: the checkpoint table was held (a swap or a verify). */
export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '55P03';
}

/**
 * Applies batches of the log to one projection in one schema: its rows and its new checkpoint in one
 * transaction, after checking (under a row lock) that the stored checkpoint is where this process
 * left it. So a crash loses nothing (the transaction rolls back, the batch is read again), and two
 * processes can never count a batch twice.
 */
export class ProjectionApplier {
  /** -1 until the checkpoint has been read. */
  position = -1;
  lastRecordedAt: string | null = null;
  /** The copy of the tables the checkpoint belongs to (see `Checkpoint.generation`). */
  generation: string | null = null;
  /** Where the time went (milliseconds): folding and writing the rows, committing; for tuning. */
  readonly stats = { batches: 0, events: 0, applyMs: 0, commitMs: 0 };
  private readonly handler: ProjectionHandler;

  constructor(
    readonly definition: ProjectionDefinition,
    readonly schema: string,
    private readonly pool: Pool,
    billingTz: string,
    options: Pick<ProjectionContext, 'journal' | 'associations'> = {},
  ) {
    this.handler = definition.create({ schema, billingTz, ...options });
  }

  /** Makes the tables whole (`ProjectionHandler.settle`: a replay's journals folded), in one transaction. */
  async settle(): Promise<void> {
    const { handler } = this;
    if (handler.settle) await transaction(this.pool, (client) => handler.settle!(client));
  }

  async load(): Promise<number> {
    const checkpoint = await readCheckpoint(this.pool, this.schema);
    this.position = checkpoint.position;
    this.lastRecordedAt = checkpoint.lastRecordedAt;
    this.generation = checkpoint.generation;
    this.handler.start?.(this.position);
    return this.position;
  }

  /**
   * Applies the events of `batch` (read right after position `after`) that come after the checkpoint;
   * returns how many. Events of unknown type or version stop it: those before one are applied, then
   * `UnknownEventError` is thrown. An event the projection cannot fold stops it likewise: the events
   * before it are applied, then `EventFoldError` names it.
   */
  async apply(batch: readonly StoredEvent[], after: number): Promise<number> {
    if (this.position < 0) await this.load();
    // The batch was read after `after`; if that is past our checkpoint, the events in between are
    // not in it: applying it would skip them. The caller reads again from our checkpoint.
    if (after > this.position) return 0;
    let start = 0;
    while (start < batch.length && batch[start]!.globalPosition <= this.position) start++;
    if (start === batch.length) return 0;
    const events: KnownEvent[] = [];
    let unknown: UnknownEventError | undefined;
    for (let i = start; i < batch.length; i++) {
      try {
        events.push(known(batch[i]!));
      } catch (error) {
        if (!(error instanceof UnknownEventError)) throw error;
        unknown = error;
        break;
      }
    }
    if (events.length > 0) await this.commitOrFindCulprit(events);
    if (unknown) throw unknown;
    return events.length;
  }

  /**
   * Commits the events as one batch; if that fails, commits them one at a time from the same
   * checkpoint, so that the events before the one that fails are kept and the error names it. (A
   * failure that does not come back one event at a time leaves the batch applied.) A moved
   * checkpoint, a lock timeout or the database out of reach is the runner's business: rethrown as is
   * (an outage pauses every projection; no event is to blame).
   */
  private async commitOrFindCulprit(events: KnownEvent[]): Promise<void> {
    const before = this.position;
    try {
      await this.commit(events);
      return;
    } catch (error) {
      if (error instanceof CheckpointMovedError || isLockTimeout(error) || isDatabaseUnavailable(error)) throw error;
      if (events.length === 1) throw new EventFoldError(this.definition.name, events[0]!, error);
      // The batch rolled back; from the same checkpoint only (another writer may have moved it).
      if ((await this.load().catch(() => undefined)) !== before) throw error;
    }
    for (const event of events) {
      try {
        await this.commit([event]);
      } catch (error) {
        if (error instanceof CheckpointMovedError || isLockTimeout(error) || isDatabaseUnavailable(error)) throw error;
        throw new EventFoldError(this.definition.name, event, error);
      }
    }
  }

  private async commit(events: KnownEvent[]): Promise<void> {
    const last = events[events.length - 1]!;
    const client = await this.pool.connect();
    try {
      // One round trip to open: rows and checkpoint commit together, so a commit lost in a server
      // crash only means the batch is read again (no need to wait for the WAL flush); a rebuild's
      // swap or a verify holds the checkpoint table for a moment, so give up after a short wait
      // rather than hold this connection (the pool may be shared with the rebuild itself).
      const opened = (await client.query(
        `BEGIN; SET LOCAL synchronous_commit = off; SET LOCAL lock_timeout = '2s';
         SELECT position, generation FROM ${this.schema}.checkpoint FOR UPDATE`,
      )) as unknown as { rows: { position: string; generation: string }[] }[];
      const stored = opened[opened.length - 1]!.rows[0];
      const actual = stored ? Number(stored.position) : undefined;
      if (actual !== this.position || stored?.generation !== this.generation) {
        throw new CheckpointMovedError(this.definition.name, this.position, actual);
      }
      const started = performance.now();
      await this.handler.apply(client, events);
      const applied = performance.now();
      // And one to close (positions are integers, the time comes from the store: safe literals).
      // Progress ends a stall the runner recorded (checkpoint.ts, `recordStall`).
      await client.query(
        `UPDATE ${this.schema}.checkpoint SET position = ${Number(last.globalPosition)},
           last_recorded_at = ${pg.escapeLiteral(last.recordedAt)}, updated_at = now(),
           stalled_position = NULL, stalled_error = NULL, stalled_since = NULL; COMMIT`,
      );
      this.stats.batches++;
      this.stats.events += events.length;
      this.stats.applyMs += applied - started;
      this.stats.commitMs += performance.now() - applied;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      this.forget();
      throw error;
    } finally {
      client.release();
    }
    this.handler.committed();
    this.position = last.globalPosition;
    this.lastRecordedAt = last.recordedAt;
  }

  /** Drops caches and the remembered checkpoint; the next batch starts from the stored one. */
  forget(): void {
    this.handler.reset();
    this.position = -1;
  }
}
