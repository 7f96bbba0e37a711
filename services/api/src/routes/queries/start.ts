import { type ConnectionErrorHandler, createPool, type Pool } from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import { migrateDrafts, type ProjectionLogger, type ProjectionsHandle, startProjections } from '@reckon/projections';
import type { QueryDeps } from './read-side.js';

export interface ReadSideHandle {
  /** What `buildApp` needs for the query routes. */
  queries: QueryDeps;
  projections: ProjectionsHandle;
  /** Stops the projections after the batch in hand and closes the read pool. */
  close(): Promise<void>;
}

/**
 * The service's read side: a pool for the queries and the projections, which run in this process
 * (each takes its advisory lock, so several API processes and `pnpm start:projector` share the work).
 */
export async function startReadSide(options: {
  databaseUrl: string;
  store: EventStore;
  billingTimeZone: string;
  logger?: ProjectionLogger;
  poolSize?: number;
  /** A lost database connection (default: a line on stderr). */
  onConnectionError?: ConnectionErrorHandler;
  /** Wait after a projection's failed batch before retrying it (default 5 s). */
  retryDelayMs?: number;
}): Promise<ReadSideHandle> {
  const pool: Pool = createPool(options.databaseUrl, {
    max: options.poolSize ?? 10,
    applicationName: 'reckon-read-side',
    onConnectionError: options.onConnectionError,
  });
  let projections: ProjectionsHandle;
  try {
    // Statement drafts (reckon statements rebuild, POST …/rebuild) live beside the read models.
    await migrateDrafts(pool);
    projections = await startProjections({
      pool,
      store: options.store,
      billingTz: options.billingTimeZone,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    });
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
