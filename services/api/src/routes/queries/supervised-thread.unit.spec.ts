import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { startSupervisedThread } from './supervised-thread.js';

/** A thread that says `started`, then does what `then` says (plain JavaScript: no loader needed). */
function thread(then: string): Worker {
  const source = `
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage({ kind: 'started' });
    parentPort.on('message', (m) => { if (m.kind === 'stop') parentPort.close(); });
    ${then}
  `;
  return new Worker(source, { eval: true });
}

function recordingLogger() {
  const lines: Array<{ level: string; message: string | undefined }> = [];
  const at = (level: string) => (_object: object, message?: string) => lines.push({ level, message });
  return { lines, logger: { info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('startSupervisedThread', () => {
  it('resolves once the thread has started, and stop() waits for it to exit', async () => {
    let exited = false;
    const handle = await startSupervisedThread(
      () => {
        const worker = thread('');
        worker.once('exit', () => {
          exited = true;
        });
        return worker;
      },
      { logger: undefined, retryDelayMs: 10 },
    );
    expect(exited).toBe(false);
    await handle.stop();
    expect(exited).toBe(true);
  });

  it('starts a thread that died again, after the delay, and says so', async () => {
    const { lines, logger } = recordingLogger();
    let launches = 0;
    const handle = await startSupervisedThread(
      () => {
        launches += 1;
        // The first thread dies of an uncaught error once it has started; the next ones live.
        return thread(launches === 1 ? `setTimeout(() => { throw new Error('boom'); }, 20);` : '');
      },
      { logger, retryDelayMs: 50 },
    );
    for (const deadline = Date.now() + 5000; launches < 2 && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(launches).toBe(2);
    expect(lines.map((line) => line.message)).toEqual([
      'the projections thread failed',
      'the projections thread exited; starting it again',
    ]);
    await handle.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(launches, 'no restart after stop()').toBe(2);
  });

  it('fails when the thread cannot start, with its reason', async () => {
    const failing = () =>
      new Worker(`require('node:worker_threads').parentPort.postMessage({ kind: 'failed', message: 'no database' });`, {
        eval: true,
      });
    await expect(startSupervisedThread(failing, { logger: undefined, retryDelayMs: 10 })).rejects.toThrow(
      'the thread did not start: no database',
    );
    const crashing = () => new Worker(`throw new Error('bad entry');`, { eval: true });
    await expect(startSupervisedThread(crashing, { logger: undefined, retryDelayMs: 10 })).rejects.toThrow('bad entry');
  });

  it('terminates a thread that does not stop in time', async () => {
    const handle = await startSupervisedThread(
      () =>
        new Worker(
          `const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ kind: 'started' }); setInterval(() => {}, 1000);`,
          { eval: true },
        ),
      { logger: undefined, retryDelayMs: 10, stopTimeoutMs: 100 },
    );
    const started = Date.now();
    await handle.stop();
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
