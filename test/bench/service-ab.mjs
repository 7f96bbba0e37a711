/**
 * Two compiled services (`services/api/dist/main.js` of two built checkouts) running at once, each on
 * a database of its own (created empty beforehand), measured in alternating bursts of 64 clients:
 * GET /healthz, then single-event POST /v1/events. Besides the rate it reports the service's own CPU
 * time per request (utime + stime of the process over the burst, from /proc), which a busy shared
 * machine disturbs far less than the rate. AB_KINDS=batch (or a list: healthz,single,batch) measures
 * instead each service posting the next AB_BATCHES (default 5) batches of 1,000 events of one
 * generated history (seed 7), one client: the rate, and the CPU per event of the service and of the
 * PostgreSQL backends of its database.
 *
 *   node test/bench/service-ab.mjs ROOT_A ROOT_B DATABASE_URL_A DATABASE_URL_B [ROUNDS=8] [BURST_MS=2000]
 */
import { createRequire } from 'node:module';
import { cpuOf, KEY, startCompiledService } from './compiled-service.mjs';

const cpuMs = (pid) => cpuOf(`/proc/${pid}/stat`)?.ms ?? 0; // 0: a backend that has gone
const KINDS = (process.env.AB_KINDS ?? 'healthz,single').split(',');
const BATCHES = Number(process.env.AB_BATCHES ?? 5);
// pg as the database package resolves it (the workspace root does not depend on it).
const pg = (await import(createRequire(new URL('../../packages/database/package.json', import.meta.url)).resolve('pg')))
  .default;
/** CPU ms of the PostgreSQL backends of `db`'s database, by pid. */
async function backendCpu(db) {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  const { rows } = await client.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  await client.end();
  return new Map(rows.map((r) => [r.pid, cpuMs(r.pid)]));
}
const { partnerRegistered, customerAssociated, orderPlaced } = await import(
  new URL('../../services/api/dist/testing/events.js', import.meta.url).href
);
const [ROOT_A, ROOT_B, DB_A, DB_B, ROUNDS = '8', BURST = '2000'] = process.argv.slice(2);
const start = (root, db, port) => startCompiledService({ root, db, port });
const post = (base, body) =>
  fetch(`${base}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, text: await r.text() }));
const { generateEvents } = KINDS.includes('batch')
  ? await import(new URL('../../packages/generator/dist/index.js', import.meta.url).href)
  : {};
const history = KINDS.includes('batch')
  ? (() => {
      const events = [...generateEvents({ events: Number(ROUNDS) * BATCHES * 1000, seed: 7 })];
      return Array.from({ length: events.length / 1000 }, (_, n) =>
        JSON.stringify({ events: events.slice(n * 1000, (n + 1) * 1000) }),
      );
    })()
  : [];
async function batches(s, round) {
  const pg0 = await backendCpu(s.db);
  const c0 = cpuMs(s.child.pid);
  const t0 = performance.now();
  for (let n = round * BATCHES; n < (round + 1) * BATCHES; n++) {
    const r = await fetch(`${s.base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: history[n],
    });
    if (r.status > 201) throw new Error(await r.text());
    await r.text();
  }
  const ms = performance.now() - t0;
  const events = BATCHES * 1000;
  let pgMs = 0;
  for (const [pid, before] of pg0) pgMs += Math.max(0, cpuMs(pid) - before);
  return {
    rate: events / (ms / 1000),
    cpuUs: ((cpuMs(s.child.pid) - c0) * 1000) / events,
    pgUs: (pgMs * 1000) / events,
  };
}
async function burst(base, kind, tag, pid) {
  const c0 = cpuMs(pid);
  let count = 0;
  const lat = [];
  const until = performance.now() + Number(BURST);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async (_, c) => {
      for (let n = 0; performance.now() < until; n++) {
        const s = performance.now();
        if (kind === 'healthz') {
          const r = await fetch(`${base}/healthz`);
          await r.text();
        } else {
          const a = await post(base, orderPlaced(`ab-o${tag}-${c}-${n}`, `ab-c${c}`, '10.00'));
          if (a.status > 201) throw new Error(a.text);
        }
        lat.push(performance.now() - s);
        count++;
      }
    }),
  );
  lat.sort((a, b) => a - b);
  return {
    cpuUs: ((cpuMs(pid) - c0) * 1000) / count,
    rate: count / ((performance.now() - t0) / 1000),
    p50: lat[Math.floor(lat.length / 2)],
    p99: lat[Math.floor(lat.length * 0.99)],
  };
}
const A = await start(ROOT_A, DB_A, 38411),
  B = await start(ROOT_B, DB_B, 38412);
for (const s of [A, B]) {
  const r = await post(s.base, {
    events: [
      partnerRegistered('ab-p'),
      ...Array.from({ length: 64 }, (_, c) => customerAssociated(`ab-c${c}`, 'ab-p')),
    ],
  });
  if (r.status > 201) throw new Error(r.text);
}
const res = { A: {}, B: {} };
for (const name of ['A', 'B']) for (const kind of KINDS) res[name][kind] = [];
for (let i = 0; i < Number(ROUNDS); i++) {
  const order =
    i % 2
      ? [
          ['B', B],
          ['A', A],
        ]
      : [
          ['A', A],
          ['B', B],
        ];
  for (const kind of KINDS)
    for (const [name, s] of order)
      res[name][kind].push(kind === 'batch' ? await batches(s, i) : await burst(s.base, kind, `${i}`, s.child.pid));
}
const med = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
for (const name of ['A', 'B'])
  for (const kind of KINDS) {
    const r = res[name][kind];
    console.log(
      name,
      kind,
      'rate median',
      med(r.map((x) => x.rate)).toFixed(0),
      ...(kind === 'batch'
        ? ['pg us/event median', med(r.map((x) => x.pgUs)).toFixed(0)]
        : ['p50', med(r.map((x) => x.p50)).toFixed(1), 'p99', med(r.map((x) => x.p99)).toFixed(1)]),
      'cpu us/req median',
      med(r.map((x) => x.cpuUs)).toFixed(0),
      'cpu',
      r.map((x) => x.cpuUs.toFixed(0)).join(' '),
      'rates',
      r.map((x) => x.rate.toFixed(0)).join(' '),
    );
  }
for (const kind of KINDS)
  console.log(
    kind,
    'cpu B/A per round',
    res.A[kind].map((a, i) => (res.B[kind][i].cpuUs / a.cpuUs).toFixed(2)).join(' '),
  );
for (const kind of KINDS)
  console.log(kind, 'B/A per round', res.A[kind].map((a, i) => (res.B[kind][i].rate / a.rate).toFixed(2)).join(' '));
A.child.kill('SIGTERM');
B.child.kill('SIGTERM');
