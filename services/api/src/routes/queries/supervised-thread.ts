import type { Worker } from 'node:worker_threads';
import type { ProjectionLogger } from '@reckon/projections';
import type { ProjectionsThreadMessage } from '../../projections-thread.js';

/** How long a thread asked to stop may take before it is terminated. */
const STOP_TIMEOUT_MS = 12_000;

/**
 * Starts a worker thread (`spawn`) that says `started` or `failed` once, and resolves once it has
 * started. A thread that dies afterwards (an uncaught error) is logged and started again after
 * `retryDelayMs`; the projections' thread resumes from the checkpoints, so nothing is lost or
 * doubled. `stop()` asks the thread to stop and waits for it to exit.
 */
export async function startSupervisedThread(
  spawn: () => Worker,
  options: { logger: ProjectionLogger | undefined; retryDelayMs: number; stopTimeoutMs?: number },
): Promise<{ stop(): Promise<void> }> {
  const { logger, retryDelayMs } = options;
  let stopping = false;
  let worker: Worker | undefined;
  let exited: Promise<void> = Promise.resolve();
  let restartTimer: NodeJS.Timeout | undefined;

  const launch = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let settled = false;
      const current = spawn();
      worker = current;
      exited = new Promise<void>((done) => current.once('exit', () => done()));
      current.on('message', (message: ProjectionsThreadMessage) => {
        if (settled) return;
        settled = true;
        if (message.kind === 'started') resolve();
        else reject(new Error(`the thread did not start: ${message.message}`));
      });
      current.on('error', (error) => {
        if (!settled) {
          settled = true;
          reject(error);
        } else logger?.error({ err: error }, 'the projections thread failed');
      });
      current.once('exit', (code) => {
        if (!settled) {
          settled = true;
          reject(new Error(`the thread exited (code ${code}) before it started`));
          return;
        }
        if (stopping) return;
        logger?.error({ code, retryInMs: retryDelayMs }, 'the projections thread exited; starting it again');
        restartTimer = setTimeout(relaunch, retryDelayMs);
      });
    });
  const relaunch = () => {
    restartTimer = undefined;
    if (stopping) return;
    launch().catch((error: unknown) => {
      if (stopping) return;
      logger?.error({ err: error, retryInMs: retryDelayMs }, 'the projections thread did not start again');
      restartTimer = setTimeout(relaunch, retryDelayMs);
    });
  };

  await launch();
  return {
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      // The projections stop after the batch in hand (committed with its checkpoint); a thread that has
      // not exited in time is terminated (its open transaction rolls back: nothing is half-written).
      worker?.postMessage({ kind: 'stop' });
      const timeout = new Promise<'late'>((resolve) =>
        setTimeout(resolve, options.stopTimeoutMs ?? STOP_TIMEOUT_MS, 'late').unref(),
      );
      if ((await Promise.race([exited, timeout])) === 'late') await worker?.terminate();
    },
  };
}
