import { createPool } from '@reckon/database';
import { openEventStore } from '@reckon/event-store-config';
import { type ProjectionLogger, type ProjectionsHandle, startProjections } from '@reckon/projections';

export interface ProjectorOptions {
  /** The read models' database (and the log's, unless `eventStoreUrl`). */
  databaseUrl: string;
  /** `EVENTSTORE_URL`: the log is in KurrentDB (as for the API). */
  eventStoreUrl?: string | undefined;
  billingTz: string;
  logger: ProjectionLogger;
  /** Events per transaction (default 5000). */
  batchSize?: number;
  /** How often to log the lag of each projection; 0 = never (default 30 s). */
  lagLogIntervalMs?: number;
}

export interface Projector {
  handle: ProjectionsHandle;
  /** Stops after the batch in hand, releases the locks, closes the connections. */
  stop(): Promise<void>;
}

/**
 * A projection worker: runs every projection whose advisory lock it can take, stands by for the
 * others, and takes them over when their runner dies. Several workers (and API processes running
 * projections in-process) may run at once; each batch is still applied exactly once.
 */
export async function startProjector(options: ProjectorOptions): Promise<Projector> {
  const { logger } = options;
  const onConnectionError = (error: Error, source: string) =>
    logger.warn({ err: error, connection: source }, 'PostgreSQL connection lost');
  // The same function of the configuration as the API's (openRuntime): the log is where the API keeps it.
  const store = await openEventStore(options, { onConnectionError });
  const pool = createPool(options.databaseUrl, { max: 8, applicationName: 'reckon-projector', onConnectionError });
  let handle: ProjectionsHandle;
  try {
    handle = await startProjections({
      pool,
      store,
      billingTz: options.billingTz,
      logger,
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
  } catch (error) {
    await store.close();
    await pool.end();
    throw error;
  }
  const interval = options.lagLogIntervalMs ?? 30_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          handle
            .lag()
            .then((lag) => logger.info({ lag }, 'projection lag'))
            .catch(() => {});
        }, interval)
      : undefined;
  timer?.unref();
  return {
    handle,
    async stop() {
      if (timer) clearInterval(timer);
      await handle.stop();
      await store.close();
      await pool.end();
    },
  };
}
