import { isDatabaseUnavailable } from '@reckon/database';
import type { EventStore, StoredEvent } from '@reckon/event-store';
import type { Pool, PoolClient } from 'pg';
import { isLockTimeout, ProjectionApplier } from './applier.js';
import { type BatchApplier, catchUp } from './catch-up.js';
import { recordStall } from './checkpoint.js';
import { CheckpointMovedError, ProjectionError } from './errors.js';
import { type ProjectionLag, projectionLag } from './lag.js';
import { migrateProjections } from './migrations.js';
import type { ProjectionDefinition } from './projection.js';
import { PROJECTIONS } from './registry.js';

/** What the runner logs with (pino's methods fit). */
export interface ProjectionLogger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export interface StartProjectionsOptions {
  pool: Pool;
  store: EventStore;
  /** IANA zone of billing periods (`RECKON_BILLING_TZ`, default Asia/Shanghai). */
  billingTz: string;
  logger?: ProjectionLogger;
  /** Which projections to run (default all). */
  projections?: readonly ProjectionDefinition[];
  /** Events per transaction (default 5000). */
  batchSize?: number;
  /**
   * How often to look for new events when caught up (default 100 ms); also the least time between
   * the starts of two passes while events keep arriving, so that the projections of a process that
   * also takes commands work in batches instead of competing with every commit. After a pass of
   * many events the next starts later (see `restAfter`), up to ten times this.
   */
  pollIntervalMs?: number;
  /** How often a standby retries the locks of projections another process runs (default 1 s). */
  lockRetryMs?: number;
  /** Wait after a failed batch before retrying it (default 5 s). */
  retryDelayMs?: number;
}

export interface ProjectionStatus {
  projection: string;
  /** Whether this process holds the projection's lock and runs it (else it stands by). */
  active: boolean;
  position: number;
  /** The last error, while the projection is stopped by it; null when running. */
  error: string | null;
}

export interface ProjectionsHandle {
  /** Stops after the batch in hand and releases the locks. */
  stop(): Promise<void>;
  /** Lag of every projection (events behind head, seconds since the last processed event's recordedAt). */
  lag(): Promise<ProjectionLag[]>;
  /** What this process is doing, synchronously. */
  status(): ProjectionStatus[];
}

const silent: ProjectionLogger = { info() {}, warn() {}, error() {} };

/** Advisory-lock key of a projection's live schema: one runner per projection across processes. */
export function lockKey(schema: string): string {
  return `reckon.projection:${schema}`;
}

interface Slot {
  definition: ProjectionDefinition;
  applier: ProjectionApplier;
  held: boolean;
  error: string | null;
  retryAt: number;
}

/**
 * How long after the start of a pass that read `read` events the next one starts: the poll interval,
 * and longer after a pass of more than 100 events (one more interval's worth of rest per 100 events),
 * up to ten intervals. With the default 100 ms: ingest below about 1,000 events/s is projected within
 * about 100 ms as before; a heavier ingest is projected once a second, in passes of a second's events,
 * which write each touched row once per pass instead of once per tenth of a second and leave the
 * cores to the command side (docs/scaling-history.md, "projection passes under a heavy ingest").
 */
export function restAfter(read: number, pollIntervalMs: number): number {
  return pollIntervalMs * Math.min(10, Math.max(1, read / 100));
}

/**
 * Runs projections in this process: for each one, holds `pg_try_advisory_lock` on a dedicated
 * connection and, while held, feeds it the log from its checkpoint in batches (each batch: its rows
 * and checkpoint in one transaction). Projections whose lock another process holds are on standby
 * and are taken over when that process dies (its connection closes, PostgreSQL frees the lock).
 * A batch that fails (an unknown event, one it cannot fold) stops that projection at the event it
 * failed on (the events before it are kept): it is logged, recorded with the checkpoint
 * (`recordStall`: every process's `lag()`, `/readyz` and `/metrics` show it), and retried after
 * `retryDelayMs`. While the database cannot be reached (restarting, connections cut) every
 * projection pauses instead and retries with a backoff capped at half a second, so it resumes within
 * about a second of the database coming back.
 */
export async function startProjections(options: StartProjectionsOptions): Promise<ProjectionsHandle> {
  const { pool, store, billingTz } = options;
  const logger = options.logger ?? silent;
  const definitions = options.projections ?? PROJECTIONS;
  const batchSize = options.batchSize ?? 5000;
  const pollIntervalMs = options.pollIntervalMs ?? 100;
  const lockRetryMs = options.lockRetryMs ?? 1000;
  const retryDelayMs = options.retryDelayMs ?? 5000;

  await migrateProjections(pool, definitions);
  const slots: Slot[] = definitions.map((definition) => ({
    definition,
    applier: new ProjectionApplier(definition, definition.schema, pool, billingTz),
    held: false,
    error: null,
    retryAt: 0,
  }));

  const outage = new Outage(logger);
  let stopped = false;
  let wake: (() => void) | undefined;
  let lockClient: PoolClient | undefined;
  let nextLockAttempt = 0;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  const dropLocks = (reason: string) => {
    for (const slot of slots) {
      if (slot.held) logger.warn({ projection: slot.definition.name, reason }, 'projection lock lost');
      // No more batches for it; the one in flight (if any) finishes or fails on its own, and its
      // caches are dropped when the lock is taken again.
      slot.held = false;
    }
  };

  async function acquireLocks(): Promise<void> {
    if (slots.every((s) => s.held) || Date.now() < nextLockAttempt) return;
    nextLockAttempt = Date.now() + lockRetryMs;
    if (!lockClient) {
      const client = await pool.connect();
      client.on('error', (error) => {
        if (lockClient === client) {
          lockClient = undefined;
          dropLocks(String(error));
          client.release(error); // a broken connection: the pool discards it
        }
      });
      lockClient = client;
    }
    for (const slot of slots) {
      if (slot.held) continue;
      const result = await lockClient.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        lockKey(slot.definition.schema),
      ]);
      if (result.rows[0]?.locked) {
        slot.held = true;
        slot.applier.forget();
        logger.info({ projection: slot.definition.name }, 'projection lock acquired; running');
      }
    }
    outage.over();
  }

  /** One pass to the head (at most) of the projections this process holds; the events it read. */
  async function step(): Promise<number> {
    await acquireLocks();
    const now = Date.now();
    const active = slots.filter((s) => s.held && s.retryAt <= now);
    if (active.length === 0) return 0;
    const appliers = active.map((s) => s.applier);
    let failed = false;
    const read = await catchUp({
      store,
      appliers: appliers.map((applier, i) => guarded(applier, active[i]!, () => (failed = true))),
      batchSize,
      shouldStop: () => stopped || failed || active.some((s) => !s.held),
      onePass: true,
    });
    if (!failed) outage.over();
    return read;
  }

  /** Wraps an applier so that its failure stops only its projection (logged, retried later). */
  function guarded(applier: ProjectionApplier, slot: Slot, onFailure: () => void): BatchApplier {
    return {
      get position() {
        return applier.position;
      },
      load: async () => {
        const position = await applier.load();
        if (applier.zoneProblem) slot.error = applier.zoneProblem;
        else if (slot.error !== null && !applier.stalled) {
          // Tables without the stall (a rebuild swapped them in): running, even before the next event.
          slot.error = null;
          logger.info({ projection: slot.definition.name }, 'projection running again');
        }
        return position;
      },
      apply: async (batch: readonly StoredEvent[], after: number) => {
        if (slot.retryAt > Date.now() || !slot.held) return 0;
        const from = applier.position;
        try {
          const applied = await applier.apply(batch, after);
          if (slot.error) logger.info({ projection: slot.definition.name }, 'projection running again');
          slot.error = null;
          return applied;
        } catch (error) {
          onFailure();
          if (isDatabaseUnavailable(error)) {
            // Not this projection's fault: pause it (all of them, in practice) and try again shortly.
            slot.retryAt = Date.now() + outage.noticed(error);
            return 0;
          }
          if (isLockTimeout(error)) {
            // A rebuild is swapping tables in or a verify is comparing: try again shortly.
            slot.retryAt = Date.now() + 250;
            return 0;
          }
          if (error instanceof CheckpointMovedError) {
            // Another writer (a rebuild's swap) moved it: resume from the stored checkpoint.
            logger.info({ projection: slot.definition.name, detail: error.message }, 'projection checkpoint moved');
            return 0;
          }
          slot.error = error instanceof Error ? error.message : String(error);
          slot.retryAt = Date.now() + retryDelayMs;
          logger.error({ projection: slot.definition.name, err: error }, 'projection stopped by an error');
          // The event it stopped at: named by the error, else the first after its checkpoint.
          const at =
            error instanceof ProjectionError && error.position !== undefined
              ? error.position
              : (batch.find((e) => e.globalPosition > Math.max(from, after))?.globalPosition ?? after + 1);
          await recordStall(pool, slot.definition.schema, applier.generation, at, slot.error).catch((failure) =>
            logger.warn({ projection: slot.definition.name, err: failure }, 'could not record the stall'),
          );
          return 0;
        }
      },
    };
  }

  const loop = (async () => {
    while (!stopped) {
      let read = 0;
      const started = Date.now();
      try {
        read = await step();
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          nextLockAttempt = 0; // the locks went with the connection: take them as soon as it is back
          await sleep(outage.noticed(error));
          continue;
        }
        logger.error({ err: error }, 'projection runner error');
        await sleep(Math.min(retryDelayMs, 1000));
        continue;
      }
      // Caught up (one pass reads to the head): look again a rest after this pass began.
      const rest = read > 0 ? restAfter(read, pollIntervalMs) - (Date.now() - started) : pollIntervalMs;
      if (rest > 0 && !stopped) await sleep(rest);
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await loop;
      if (lockClient) {
        const client = lockClient;
        lockClient = undefined;
        for (const slot of slots) slot.held = false;
        await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
        client.release();
      }
    },
    lag: () => projectionLag(pool, store, definitions, errorsOf(slots)),
    status: () =>
      slots.map((s) => ({
        projection: s.definition.name,
        active: s.held,
        position: s.applier.position,
        error: s.error,
      })),
  };
}

/**
 * The database being unreachable, as the runner sees it: logged once when it starts and once when
 * it ends; meanwhile each retry waits twice as long as the last, from 100 ms up to 500 ms.
 */
class Outage {
  private delayMs = 0;

  constructor(private readonly logger: ProjectionLogger) {}

  /** A failure that says the database is unreachable; returns how long to wait before trying again. */
  noticed(error: unknown): number {
    if (this.delayMs === 0) {
      this.logger.warn({ err: error }, 'database unreachable: projections paused, retrying');
      this.delayMs = 100;
    } else {
      this.delayMs = Math.min(this.delayMs * 2, 500);
    }
    return this.delayMs;
  }

  /** The database answered. */
  over(): void {
    if (this.delayMs === 0) return;
    this.delayMs = 0;
    this.logger.info({}, 'database reachable again: projections resume');
  }
}

function errorsOf(slots: readonly Slot[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const s of slots) if (s.error) errors.set(s.definition.name, s.error);
  return errors;
}
