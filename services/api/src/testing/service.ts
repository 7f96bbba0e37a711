import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const MAIN = path.resolve(import.meta.dirname, '../main.ts');
export const TSX = path.resolve(import.meta.dirname, '../../../../node_modules/.bin/tsx');

/** A service process started by a test. */
export interface StartedService {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every service a test started, so that a failing assertion cannot leave one running. */
export const runningServices = new Set<StartedService>();

/**
 * Starts `main.ts` on a free port as `pnpm start` runs it, and resolves once it listens. `node
 * --import tsx`, not the tsx CLI: signals reach the service itself, whereas the tsx CLI kills a
 * child that does not acknowledge a relayed signal within 30 ms (a busy one, on a loaded machine)
 * and exits 143 itself.
 */
export function startService(env: Record<string, string>): Promise<StartedService> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@reckon/source', '--import', 'tsx', MAIN], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: 'pipe',
    });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Reckon ready: (http:\/\/localhost:\d+)/);
      if (match?.[1]) {
        const started = { child, base: match[1], output: () => output, exited };
        runningServices.add(started);
        void exited.then(() => runningServices.delete(started));
        resolve(started);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`main exited (${code}) before listening:\n${output}`)));
  });
}

/** Stops every service still running (SIGTERM) and waits for them to exit. */
export async function stopServices(): Promise<void> {
  await Promise.all(
    [...runningServices].map((started) => {
      started.child.kill('SIGTERM');
      return started.exited;
    }),
  );
}

/** The nice value of each thread of a process (Linux: /proc/<pid>/task/<tid>/stat, field 19). */
export function threadNiceValues(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });
}
