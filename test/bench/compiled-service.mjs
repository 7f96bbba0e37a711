/**
 * A built checkout's compiled service (`services/api/dist/main.js`), started for a measuring tool:
 * an admin key, no rate limit, bodies up to 8 MiB, production mode; resolves once /readyz answers 200.
 * Used by service-ab.mjs, commands-cpu.mjs and singles-cpu.mjs (the bench's own sections start
 * theirs in commands.ts), with the CPU split those two print.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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

/**
 * Resolves once every projection's checkpoint has reached the head of the log, asked with the pg
 * client `probe` connected to the service's database (the projections' share of a phase's CPU is
 * counted until then).
 */
export async function projectionsCaughtUp(probe) {
  const { rows } = await probe.query(
    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'checkpoint' AND table_schema LIKE 'rm\\_%'",
  );
  const behind = `SELECT (SELECT position FROM event_log_head) - least(${rows.map((r) => `(SELECT position FROM ${r.table_schema}.checkpoint)`).join(', ')}) AS behind`;
  while (Number((await probe.query(behind)).rows[0].behind) > 0) await new Promise((r) => setTimeout(r, 20));
}

/**
 * The CPU so far of the service's threads (by thread id) and of the database's PostgreSQL backends
 * (by pid, with their application_name), for a split of a phase's CPU (`printCpuSplit`).
 */
export async function cpuSnapshot(child, probe) {
  const threads = new Map();
  for (const t of readdirSync(`/proc/${child.pid}/task`)) {
    const x = cpuOf(`/proc/${child.pid}/task/${t}/stat`);
    if (x) threads.set(t, x);
  }
  const { rows } = await probe.query(
    'SELECT pid, application_name FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  const backends = new Map(
    rows.map((r) => [r.pid, { name: r.application_name || '(none)', ms: cpuOf(`/proc/${r.pid}/stat`)?.ms ?? 0 }]),
  );
  return { threads, backends };
}

/** Prints the CPU between two `cpuSnapshot`s in µs per unit (`n` units), largest first, and the total. */
export function printCpuSplit(child, a, b, n, wallMs, extra = []) {
  const sum = new Map();
  const add = (k, v) => sum.set(k, (sum.get(k) ?? 0) + v);
  for (const [t, x] of b.threads)
    add(`thread ${t === String(child.pid) ? 'main' : `${x.name} ${t}`}`, x.ms - (a.threads.get(t)?.ms ?? 0));
  for (const [pid, x] of b.backends) add(`pg ${x.name}`, x.ms - (a.backends.get(pid)?.ms ?? 0));
  for (const [k, v] of extra) add(k, v);
  let total = 0;
  for (const [k, v] of [...sum].sort((x, y) => y[1] - x[1])) {
    if (v <= 0) continue;
    total += v;
    console.log(`  ${((v * 1000) / n).toFixed(0).padStart(5)}  ${k}`);
  }
  console.log(`  ${((total * 1000) / n).toFixed(0).padStart(5)}  all (${(total / wallMs).toFixed(2)} cores)`);
}
