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
 * RECKON_PROJECTIONS=none (passed on to the service) splits the command path's CPU without them.
 */
import { openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cpuSnapshot, KEY, printCpuSplit, projectionsCaughtUp, startCompiledService } from './compiled-service.mjs';

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
const a = await cpuSnapshot(child, probe);
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
// The projections' share is counted until they have caught up with the log, not only while posting
// (with RECKON_PROJECTIONS=none the service runs none: the command path's own CPU, until the last answer).
if (process.env.RECKON_PROJECTIONS !== 'none') await projectionsCaughtUp(probe);
const projectedMs = performance.now() - t0;
const b = await cpuSnapshot(child, probe);
const n = Number(BATCHES) * 1000;
console.log(
  `${n} events in ${ms.toFixed(0)} ms: ${Math.round((n / ms) * 1000)} events/s; projected after ${projectedMs.toFixed(0)} ms; CPU µs per event until then:`,
);
printCpuSplit(child, a, b, n, projectedMs);
await probe.end();
child.kill('SIGTERM');
