/**
 * Where a command batch's CPU goes: starts ROOT's compiled service (`pnpm build` first) on an empty
 * database, posts BATCHES × 1,000 generated events (seed 7) in batches of 1,000 from one client, and
 * splits the CPU of that phase (utime + stime from /proc) by the service's threads (the request
 * thread, the projections' worker, V8's helpers) and by the PostgreSQL backends of the database
 * (by application_name: the event store's, the projections'), in µs per event.
 *
 *   node test/bench/commands-cpu.mjs ROOT DATABASE_URL [BATCHES=30]
 *
 * SERVICE_FLAGS adds Node.js flags to the service (e.g. --trace-gc), SERVICE_STDOUT=FILE keeps its stdout.
 */
import { openSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cpuOf, KEY, startCompiledService } from './compiled-service.mjs';

const [root = '.', DB = process.env.DATABASE_URL, BATCHES = '30'] = process.argv.slice(2);
const ROOT = path.resolve(root);
if (!DB) throw new Error('usage: node test/bench/commands-cpu.mjs ROOT DATABASE_URL [BATCHES]');
const pg = (await import(createRequire(path.join(ROOT, 'packages/database/package.json')).resolve('pg'))).default;
const { generateEvents } = await import(path.join(ROOT, 'packages/generator/dist/index.js'));
const { base, child } = await startCompiledService({
  root: ROOT,
  db: DB,
  port: Number(process.env.PORT ?? 38433),
  flags: (process.env.SERVICE_FLAGS ?? '').split(' ').filter(Boolean),
  stdout: process.env.SERVICE_STDOUT ? openSync(process.env.SERVICE_STDOUT, 'w') : 'ignore',
});
const events = [...generateEvents({ events: Number(BATCHES) * 1000, seed: 7 })];
const bodies = Array.from({ length: Number(BATCHES) }, (_, n) =>
  JSON.stringify({ events: events.slice(n * 1000, (n + 1) * 1000) }),
);
const probe = new pg.Client({ connectionString: DB });
await probe.connect();
const snap = async () => {
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
};
const a = await snap();
const t0 = performance.now();
for (const body of bodies) {
  const r = await fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body,
  });
  if (r.status > 201) throw new Error(await r.text());
  await r.text();
}
const ms = performance.now() - t0;
// The projections' share is counted until they have caught up with the log, not only while posting.
const { rows: schemas } = await probe.query(
  "SELECT table_schema FROM information_schema.tables WHERE table_name = 'checkpoint' AND table_schema LIKE 'rm\\_%'",
);
const lagging = `SELECT (SELECT position FROM event_log_head) - least(${schemas.map((r) => `(SELECT position FROM ${r.table_schema}.checkpoint)`).join(', ')}) AS behind`;
while (Number((await probe.query(lagging)).rows[0].behind) > 0) await new Promise((r) => setTimeout(r, 20));
const projectedMs = performance.now() - t0;
const b = await snap();
const n = Number(BATCHES) * 1000;
const sum = new Map();
const add = (k, v) => sum.set(k, (sum.get(k) ?? 0) + v);
for (const [t, x] of b.threads)
  add(`thread ${t === String(child.pid) ? 'main' : `${x.name} ${t}`}`, x.ms - (a.threads.get(t)?.ms ?? 0));
for (const [pid, x] of b.backends) add(`pg ${x.name}`, x.ms - (a.backends.get(pid)?.ms ?? 0));
console.log(
  `${n} events in ${ms.toFixed(0)} ms: ${Math.round((n / ms) * 1000)} events/s; projected after ${projectedMs.toFixed(0)} ms; CPU µs per event until then:`,
);
let total = 0;
for (const [k, v] of [...sum].sort((x, y) => y[1] - x[1])) {
  if (v <= 0) continue;
  total += v;
  console.log(`  ${((v * 1000) / n).toFixed(0).padStart(5)}  ${k}`);
}
console.log(`  ${((total * 1000) / n).toFixed(0).padStart(5)}  all (${(total / projectedMs).toFixed(2)} cores)`);
await probe.end();
child.kill('SIGTERM');
