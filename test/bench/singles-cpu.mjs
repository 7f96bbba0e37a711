/**
 * Where a single-event request's CPU goes: starts ROOT's compiled service (`pnpm build` first) on an
 * empty database, lets CLIENTS clients (in this process) each place orders for a customer of their
 * own, one per request, for SECONDS, and splits the CPU of that phase (utime + stime from /proc) by
 * the service's threads, the PostgreSQL backends of the database (by application_name) and this
 * process (the clients), in µs per request, counted until the projections have caught up; and how
 * many requests shared a commit (from /metrics).
 *
 *   node test/bench/singles-cpu.mjs ROOT DATABASE_URL [SECONDS=10] [CLIENTS=64]
 *
 * SERVICE_FLAGS adds Node.js flags to the service (e.g. --cpu-prof --cpu-prof-dir=DIR).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cpuSnapshot, KEY, printCpuSplit, projectionsCaughtUp, startCompiledService } from './compiled-service.mjs';

const [root = '.', DB = process.env.DATABASE_URL, SECONDS = '10', CLIENTS = '64'] = process.argv.slice(2);
const ROOT = path.resolve(root);
if (!DB) throw new Error('usage: node test/bench/singles-cpu.mjs ROOT DATABASE_URL [SECONDS] [CLIENTS]');
const pg = (await import(createRequire(path.join(ROOT, 'packages/database/package.json')).resolve('pg'))).default;
const { base, child } = await startCompiledService({
  root: ROOT,
  db: DB,
  port: Number(process.env.PORT ?? 38434),
  flags: (process.env.SERVICE_FLAGS ?? '').split(' ').filter(Boolean),
});
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(CLIENTS) });
const post = (body) =>
  new Promise((resolve, reject) => {
    const request = http.request(
      `${base}/v1/events`,
      { method: 'POST', agent, headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (c) => (text += c));
        response.on('end', () => resolve({ status: response.statusCode, text }));
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
const env = (type, data) => ({
  eventId: randomUUID(),
  type,
  version: 1,
  occurredAt: '2026-10-05T10:00:00+08:00',
  data,
});
const clients = Number(CLIENTS);
const setup = await post({
  events: [
    env('PartnerRegistered', {
      partnerId: 'p',
      name: 'P',
      tier: 'solution_provider',
      level: 'gold',
      timeZone: 'Asia/Shanghai',
      currency: 'CNY',
    }),
    ...Array.from({ length: clients }, (_, c) =>
      env('CustomerAssociated', {
        customerId: `c${c}`,
        customerName: `C${c}`,
        partnerId: 'p',
        associationType: 'referral',
        accountManager: 'L',
      }),
    ),
  ],
});
if (setup.status > 201) throw new Error(setup.text);
const order = (c, n) =>
  env('OrderPlaced', {
    orderId: `o${c}-${n}`,
    customerId: `c${c}`,
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: '10.00',
    amount: '10.00',
    resources: [{ resourceId: `r${c}-${n}` }],
    termEnd: '2027-10-05T10:00:00+08:00',
  });
const run = async (ms, counted) => {
  const until = performance.now() + ms;
  let count = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let n = 0; performance.now() < until; n++) {
        const r = await post(order(c, `${counted}-${n}`));
        if (r.status > 201) throw new Error(r.text);
        count++;
      }
    }),
  );
  return count;
};
await run(2000, 'warm');
const probe = new pg.Client({ connectionString: DB });
await probe.connect();
await projectionsCaughtUp(probe);
const clientsMs = () => {
  const self = process.cpuUsage();
  return (self.user + self.system) / 1000;
};
/** The store's append calls and the transactions they went in, from /metrics. */
const appends = async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (name) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1] ?? Number.NaN);
  return {
    calls: value('reckon_event_store_append_calls_total'),
    transactions: value('reckon_event_store_append_transactions_total'),
  };
};
const appendsBefore = await appends();
const a = await cpuSnapshot(child, probe);
const clientsBefore = clientsMs();
const t0 = performance.now();
const n = await run(Number(SECONDS) * 1000, 'm');
const ms = performance.now() - t0;
await projectionsCaughtUp(probe);
const projectedMs = performance.now() - t0;
const b = await cpuSnapshot(child, probe);
console.log(
  `${n} single requests in ${ms.toFixed(0)} ms: ${Math.round((n / ms) * 1000)} events/s; projected after ${projectedMs.toFixed(0)} ms; CPU µs per request until then:`,
);
printCpuSplit(child, a, b, n, projectedMs, [['the clients (this process)', clientsMs() - clientsBefore]]);
const appendsAfter = await appends();
const transactions = appendsAfter.transactions - appendsBefore.transactions;
console.log(
  `  ${transactions} commits: ${(n / transactions).toFixed(1)} requests and ${((appendsAfter.calls - appendsBefore.calls) / transactions).toFixed(2)} append calls per commit`,
);
await probe.end();
agent.destroy();
child.kill('SIGTERM');
