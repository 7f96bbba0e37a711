import { createPool, isDatabaseUnavailable, transaction } from '@reckon/database';
import type { StoredEvent } from '@reckon/event-store';
import pg, { type Pool, type PoolClient } from 'pg';
import { billingZoneProblem, readCheckpoint } from './checkpoint.js';
import { BillingZoneError, CheckpointMovedError, EventFoldError, UnknownEventError } from './errors.js';
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
  /**
   * A replay into a scratch schema (nothing reads it, and a failure fails the whole replay): its
   * batches go one after another on one connection without waiting for each commit (`commitQueued`).
   */
  private readonly queued: boolean;
  /**
   * The connection a queued replay keeps between batches (from a pool of one of its own: appliers
   * that each held one of the shared pool's connections for a whole replay could leave none for the
   * others), and its batch still being committed.
   */
  private session: { pool: Pool; client: PoolClient } | undefined;
  private inFlight: Promise<void> | undefined;
  /** Set when the stored checkpoint says the tables were booked in another billing zone. */
  zoneProblem: string | undefined;
  /** The stored checkpoint, when last read, recorded a stall (`recordStall`). */
  stalled = false;

  constructor(
    readonly definition: ProjectionDefinition,
    readonly schema: string,
    private readonly pool: Pool,
    private readonly billingTz: string,
    options: Pick<ProjectionContext, 'journal' | 'associations'> = {},
  ) {
    this.queued = options.journal === true && pool.options.connectionString !== undefined;
    // Reads of what the batches before wrote need not queue behind the batch in flight.
    const committedReads = this.queued ? pool : undefined;
    this.handler = definition.create({ schema, billingTz, ...options, ...(committedReads && { committedReads }) });
  }

  /** Makes the tables whole (`ProjectionHandler.settle`: a replay's journals folded), in one transaction. */
  async settle(): Promise<void> {
    await this.drain();
    const { handler } = this;
    if (handler.settle) await transaction(this.pool, (client) => handler.settle!(client));
  }

  async load(): Promise<number> {
    await this.drain();
    const checkpoint = await readCheckpoint(this.pool, this.schema);
    this.position = checkpoint.position;
    this.lastRecordedAt = checkpoint.lastRecordedAt;
    this.generation = checkpoint.generation;
    this.zoneProblem = billingZoneProblem(this.definition.name, checkpoint, this.billingTz);
    this.stalled = checkpoint.stall !== null;
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
    if (this.zoneProblem) {
      const problem = this.zoneProblem;
      this.forget(); // read the checkpoint again next time: a rebuild may have swapped tables of this zone in
      throw new BillingZoneError(problem, batch[start]!.globalPosition);
    }
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
    if (this.queued) return await this.commitQueued(events);
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
      this.checkUnmoved(
        await client.query(this.openingSql(`SET LOCAL lock_timeout = '2s';`)),
        this.position,
        this.generation,
      );
      const started = performance.now();
      await this.handler.apply(client, events);
      const applied = performance.now();
      // And one to close.
      await client.query(this.closingSql(last));
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

  /**
   * A replay's batch, queued on the connection kept for the replay: its opening, its writes and its
   * commit are sent in order, and the fold of the next batch starts while PostgreSQL is still at
   * them (a connection runs its statements in order, so the next batch reads what this one wrote).
   * The batch before is waited for here: one is in flight at a time. Nothing reads a scratch schema
   * and the replay stops at the first failure, so no culprit is looked for: the error is the
   * cause, and the tables are dropped by the rebuild or verify that fails with it.
   */
  private async commitQueued(events: KnownEvent[]): Promise<void> {
    const last = events[events.length - 1]!;
    const before = this.position;
    const generation = this.generation;
    try {
      this.session ??= await this.openSession();
      const { client } = this.session;
      const opened = client.query(this.openingSql()).then((result) => this.checkUnmoved(result, before, generation));
      opened.catch(() => {}); // waited for with the batch below (or dropped if the fold fails first)
      const started = performance.now();
      await this.handler.apply(client, events);
      const applied = performance.now();
      const closed = client.query(this.closingSql(last));
      const batch = Promise.all([opened, this.handler.written?.(), closed]).then(() => {});
      batch.catch(() => {}); // waited for by the next batch or by drain()
      await this.inFlight;
      this.inFlight = batch;
      this.stats.batches++;
      this.stats.events += events.length;
      this.stats.applyMs += applied - started;
      this.stats.commitMs += performance.now() - applied;
    } catch (error) {
      // A failure of the batch before stops this one too (its transaction is aborted): it is the cause.
      throw (await this.abandon()) ?? error;
    }
    this.handler.committed();
    this.position = last.globalPosition;
    this.lastRecordedAt = last.recordedAt;
  }

  /** Waits for a queued replay's last batch to commit and hands its connection back; throws its failure. */
  async drain(): Promise<void> {
    if (!this.session) return;
    const failure = await this.inFlight?.then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    if (failure) {
      await this.abandon();
      throw failure.error;
    }
    this.inFlight = undefined;
    const { pool, client } = this.session;
    this.session = undefined;
    client.release();
    await pool.end();
  }

  private async openSession(): Promise<{ pool: Pool; client: PoolClient }> {
    const pool = createPool(this.pool.options.connectionString!, {
      max: 1,
      applicationName: `${this.pool.options.application_name ?? 'reckon'}:${this.definition.name}`,
    });
    try {
      return { pool, client: await pool.connect() };
    } catch (error) {
      await pool.end().catch(() => {});
      throw error;
    }
  }

  /**
   * A queued replay failed: whatever was in flight is rolled back, the connection closed, caches
   * dropped. Returns how the batch in flight failed, if it did.
   */
  private async abandon(): Promise<unknown> {
    const session = this.session;
    this.session = undefined;
    const inFlight = this.inFlight;
    this.inFlight = undefined;
    const failure = await inFlight?.then(
      () => undefined,
      (error: unknown) => error ?? new Error('a batch of the replay failed'),
    );
    if (session) {
      // Its state after a failure mid-batch is unknown: closed, not reused.
      session.client.release(true);
      await session.pool.end().catch(() => {});
    }
    this.forget();
    return failure;
  }

  /**
   * A batch's opening: rows and checkpoint commit together, so a commit lost in a server crash only
   * means the batch is read again (no need to wait for the WAL flush); the checkpoint row locked.
   */
  private openingSql(settings = ''): string {
    return `BEGIN; SET LOCAL synchronous_commit = off; ${settings}
      SELECT position, generation FROM ${this.schema}.checkpoint FOR UPDATE`;
  }

  /** The stored checkpoint (the opening's last result) must be where this applier left it. */
  private checkUnmoved(opened: unknown, position: number, generation: string | null): void {
    const results = opened as { rows: { position: string; generation: string }[] }[];
    const stored = results[results.length - 1]!.rows[0];
    const actual = stored ? Number(stored.position) : undefined;
    if (actual !== position || stored?.generation !== generation) {
      throw new CheckpointMovedError(this.definition.name, position, actual);
    }
  }

  /**
   * A batch's close: the checkpoint moved to its last event, then commit (positions are integers,
   * the time comes from the store: safe literals). Progress ends a stall the runner recorded
   * (checkpoint.ts, `recordStall`). The billing zone the rows were booked in is recorded (`load`
   * refuses to go on in another).
   */
  private closingSql(last: KnownEvent): string {
    return `UPDATE ${this.schema}.checkpoint SET position = ${Number(last.globalPosition)},
      last_recorded_at = ${pg.escapeLiteral(last.recordedAt)}, updated_at = now(),
      billing_tz = ${pg.escapeLiteral(this.billingTz)},
      stalled_position = NULL, stalled_error = NULL, stalled_since = NULL; COMMIT`;
  }

  /** Drops caches and the remembered checkpoint; the next batch starts from the stored one. */
  forget(): void {
    this.handler.reset();
    this.position = -1;
  }
}
