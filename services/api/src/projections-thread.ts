/**
 * The projections' thread of `pnpm start` (RECKON_PROJECTIONS=thread, the default): the projection
 * worker of `pnpm start:projector`, run on a worker thread of the service process. The thread has
 * an event loop of its own, so a batch being folded never delays a request, and it runs at a lower
 * CPU priority (nice 10), so that while both cores are busy the commands and queries go first and
 * the read models catch up in the idle time (their lag is on /metrics). Started and stopped by
 * `startSupervisedThread` (routes/queries/start.ts): it says `started` or `failed` once, and exits
 * after a `stop` once the batch in hand is committed.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { startProjector } from '@reckon/projector';
import { componentLogger, createLogger } from './logging.js';

export interface ProjectionsThreadData {
  databaseUrl: string;
  eventStoreUrl: string | undefined;
  billingTz: string;
  logLevel: string;
  pretty: boolean;
  /** The thread's nice value (Linux: per thread), 0 to keep the process's. */
  nice: number;
}

export type ProjectionsThreadMessage = { kind: 'started' } | { kind: 'failed'; message: string };

/** Lowers this thread's priority only: on Linux a thread is a task of its own and has its own nice value. */
function lowerThisThreadsPriority(nice: number): boolean {
  if (nice === 0) return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isSafeInteger(tid) || tid <= 0) return false;
    setPriority(tid, nice);
    return true;
  } catch {
    return false; // no /proc/thread-self (not Linux): never renice the whole process instead
  }
}

const port = parentPort;
if (!port) throw new Error('projections-thread.ts runs as a worker thread (routes/queries/start.ts)');
const data = workerData as ProjectionsThreadData;
const logger = componentLogger(
  createLogger({ level: data.logLevel, pretty: data.pretty, colorize: data.pretty }),
  'projections',
);
const reniced = lowerThisThreadsPriority(data.nice);
const send = (message: ProjectionsThreadMessage) => port.postMessage(message);

try {
  const projector = await startProjector({
    databaseUrl: data.databaseUrl,
    eventStoreUrl: data.eventStoreUrl,
    billingTz: data.billingTz,
    logger,
    lagLogIntervalMs: 0, // /metrics has the lag
  });
  logger.info({ nice: reniced ? data.nice : 0 }, 'projections running on their own thread');
  port.on('message', (message: { kind: 'stop' }) => {
    if (message.kind !== 'stop') return;
    projector
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'the projections did not stop cleanly'))
      .finally(() => port.close()); // the thread exits once its connections are closed
  });
  send({ kind: 'started' });
} catch (error) {
  send({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
