/**
 * A built checkout's compiled service (`services/api/dist/main.js`), started for a measuring tool:
 * an admin key, no rate limit, bodies up to 8 MiB, production mode; resolves once /readyz answers 200.
 * Used by service-ab.mjs and commands-cpu.mjs (the bench's own sections start theirs in commands.ts).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const KEY = 'bench-admin-key-0123456789';

/**
 * @param {{root: string, db: string, port: number, flags?: string[], stdout?: number | 'ignore'}} options
 *   `flags`: Node.js flags of the service; `stdout`: a file descriptor for its output, else dropped.
 */
export async function startCompiledService({ root, db, port, flags = [], stdout = 'ignore' }) {
  const child = spawn(process.execPath, [...flags, path.join(root, 'services/api/dist/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: db,
      RECKON_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'reckon-bench-service-')),
      RECKON_API_KEYS: JSON.stringify([{ key: KEY, role: 'admin' }]),
      RECKON_BODY_LIMIT: String(8 << 20),
      RECKON_RATE_LIMIT_MAX: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      NODE_ENV: 'production',
    },
    stdio: ['ignore', stdout, 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service at ${root} exited with ${child.exitCode}`);
    if (
      await fetch(`${base}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      return { base, child, db };
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The CPU a process or thread has used (utime + stime of `/proc/…/stat`, in ms at 100 ticks a
 * second) and its name; undefined once it has gone.
 */
export function cpuOf(statFile) {
  try {
    const f = readFileSync(statFile, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return {
      name: f.slice(f.indexOf('(') + 1, f.lastIndexOf(')')),
      ms: (Number(fields[11]) + Number(fields[12])) * 10,
    };
  } catch {
    return undefined;
  }
}
