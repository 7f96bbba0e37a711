import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ConnectionErrorHandler, createPool, type Pool } from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import {
  assertBillingZone,
  migrateDrafts,
  PROJECTIONS,
  type ProjectionLogger,
  startProjections,
} from '@reckon/projections';
import type { ProjectionsMode } from '../../config.js';
import type { ProjectionsThreadData } from '../../projections-thread.js';
import type { QueryDeps } from './read-side.js';
import { startSupervisedThread } from './supervised-thread.js';

export interface ReadSideHandle {
  /** What `buildApp` needs for the query routes. */
  queries: QueryDeps;
  projections: { stop(): Promise<void> };
  /** Stops the projections after the batch in hand and closes the read pool. */
  close(): Promise<void>;
}

/** What the projections' thread needs besides the database: it opens the log and its logger itself. */
export interface ProjectionsThreadOptions {
  /** `EVENTSTORE_URL`, when the log is in KurrentDB. */
  eventStoreUrl: string | undefined;
  logLevel: string;
  pretty: boolean;
  /** The thread's nice value (default 10; 0 keeps the process's priority). */
  nice?: number;
}

/**
 * The service's read side: a pool for the queries, and the projections (each takes its advisory
 * lock, so several API processes and `pnpm start:projector` share the work).
 */
export async function startReadSide(options: {
  databaseUrl: string;
  store: EventStore;
  billingTimeZone: string;
  logger?: ProjectionLogger;
  poolSize?: number;
  /** A lost database connection (default: a line on stderr). */
  onConnectionError?: ConnectionErrorHandler;
  /** Wait after a projection's failed batch (or the thread's exit) before retrying it (default 5 s). */
  retryDelayMs?: number;
  /** Default `in-process`; `thread` needs `thread`. */
  projections?: ProjectionsMode;
  thread?: ProjectionsThreadOptions;
}): Promise<ReadSideHandle> {
  const pool: Pool = createPool(options.databaseUrl, {
    max: options.poolSize ?? 10,
    applicationName: 'reckon-read-side',
    onConnectionError: options.onConnectionError,
  });
  let projections: { stop(): Promise<void> };
  try {
    // Statement drafts (reckon statements rebuild, POST …/rebuild) live beside the read models.
    await migrateDrafts(pool);
    const mode = options.projections ?? 'in-process';
    if (mode !== 'none') {
      // Refused before anything is folded: read models booked in another zone would mix two calendars.
      await assertBillingZone(pool, PROJECTIONS, options.billingTimeZone);
    }
    if (mode === 'thread') {
      if (!options.thread) throw new Error('startReadSide: projections on a thread need the thread options');
      const data: ProjectionsThreadData = {
        databaseUrl: options.databaseUrl,
        eventStoreUrl: options.thread.eventStoreUrl,
        billingTz: options.billingTimeZone,
        logLevel: options.thread.logLevel,
        pretty: options.thread.pretty,
        nice: options.thread.nice ?? 10,
      };
      projections = await startSupervisedThread(() => newThread(data), {
        logger: options.logger,
        retryDelayMs: options.retryDelayMs ?? 5000,
      });
    } else if (mode === 'in-process') {
      projections = await startProjections({
        pool,
        store: options.store,
        billingTz: options.billingTimeZone,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
      });
    } else projections = { async stop() {} };
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    queries: { pool },
    projections,
    async close() {
      await projections.stop();
      await pool.end();
    },
  };
}

/**
 * The projections' thread: the compiled file beside this one, or the source under tsx (`pnpm demo`,
 * the e2e specs), which a worker on Node 20 does not get from the parent's `--import tsx`: it
 * registers tsx's loader itself before importing the entry.
 */
function newThread(data: ProjectionsThreadData): Worker {
  const extension = path.extname(fileURLToPath(import.meta.url));
  const entry = new URL(`../../projections-thread${extension}`, import.meta.url);
  if (extension !== '.ts') return new Worker(entry, { workerData: data });
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(source, { eval: true, workerData: data });
}
