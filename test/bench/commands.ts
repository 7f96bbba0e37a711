/**
 * The command side over HTTP, measured against the store underneath in the same run: the service
 * started as `pnpm start` starts it (`pnpm build`, then `node services/api/dist/main.js`, the
 * compiled service with its projections running) on a database of its own, a generated history
 * posted in file order, and many clients posting single events.
 *
 * BENCH_COMMANDS_EVENTS (default 30,000) sets the history's size; BENCH_COMMANDS_SERVICE_ROOT=DIR
 * measures another checkout's service (before/after in one session); BENCH_ONLY=commands (or
 * BENCH_SECTIONS=commands) runs this section alone; BENCH_COMMANDS_CPU_PROF=DIR profiles the service.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool, createTestDatabase } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { generateEvents } from '@reckon/generator';
import { customerAssociated, orderPlaced, partnerRegistered } from '../../services/api/src/testing/events.js';
import { buildTree } from './build.js';
import { appendBatches, batch } from './event-store.js';
import { type BenchSection, type Figure, percentile, perSecond, timed } from './harness.js';

const EVENTS = Number(process.env.BENCH_COMMANDS_EVENTS ?? 30_000);
const BATCH = 1000;
const CLIENTS = 64;
const SINGLES_MS = Number(process.env.BENCH_COMMANDS_SINGLES_MS ?? 8000);
const KEY = 'bench-admin-key-0123456789';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The tree whose compiled service is measured: this one, or BENCH_COMMANDS_SERVICE_ROOT (another
 * checkout, installed; it is built the same way), to compare before and after in one session.
 */
const ROOT = path.resolve(process.env.BENCH_COMMANDS_SERVICE_ROOT ?? path.resolve(import.meta.dirname, '../..'));
/** The compiled service, as `pnpm start` runs it. */
const COMPILED_MAIN = path.join(ROOT, 'services/api/dist/main.js');

/**
 * `node services/api/dist/main.js` after `pnpm build`, the process `pnpm start` runs (its log at the
 * default level, read and dropped), ready once /readyz answers 200.
 */
async function startService(
  env: Record<string, string>,
): Promise<{ base: string; child: ChildProcess; stop: () => Promise<void> }> {
  const port = await freePort();
  // BENCH_COMMANDS_CPU_PROF=DIR: the service writes a CPU profile there when it stops.
  const profile = process.env.BENCH_COMMANDS_CPU_PROF;
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  buildTree(ROOT);
  const child = spawn(process.execPath, [...flags, COMPILED_MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!gone) child.kill('SIGTERM');
    await exited;
  };
  for (const deadline = Date.now() + 120_000; ; ) {
    if (gone) throw new Error(`the service exited before it was ready:\n${tail}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the service was not ready within 120 s:\n${tail}`);
    }
    const ready = await fetch(`${base}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { base, child, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The clients' requests: node:http over keep-alive connections, one per client. (`fetch` costs
 * the clients' process several times the CPU per request, and on two cores that CPU is the
 * service's: BENCH_COMMANDS_CLIENT=fetch measures with it.)
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
const useFetch = process.env.BENCH_COMMANDS_CLIENT === 'fetch';

function request(
  base: string,
  method: 'GET' | 'POST',
  route: string,
  body?: string,
): Promise<{ status: number; text: string }> {
  if (useFetch) {
    return fetch(`${base}${route}`, {
      method,
      headers: body === undefined ? {} : { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    }).then(async (response) => ({ status: response.status, text: await response.text() }));
  }
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders =
      body === undefined
        ? {}
        : {
            authorization: `Bearer ${KEY}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          };
    const outgoing = http.request(`${base}${route}`, { method, agent, headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function post(base: string, body: unknown): Promise<{ status: number; text: string }> {
  return request(base, 'POST', '/v1/events', JSON.stringify(body));
}

/** The store's append of 1,000 events per call (as the event store section measures it), best of 2. */
async function storeAppend(url: string): Promise<number> {
  const store = await PostgresEventStore.connect(url, { poolSize: 4 });
  try {
    const batches = Array.from({ length: 15 }, (_, n) => batch(1000, n * 1000));
    await appendBatches(store, batches.slice(0, 3), 'warmup');
    let best = 0;
    for (let run = 0; run < 2; run++) best = Math.max(best, (await appendBatches(store, batches, 'batch1000')).eps);
    return best;
  } finally {
    await store.close();
  }
}

/** The generated history in file order, batches of 1,000, one client. */
async function postHistory(base: string, log: (line: string) => void) {
  const events = [...generateEvents({ events: EVENTS, seed: 7 })];
  const bodies = Array.from({ length: Math.ceil(events.length / BATCH) }, (_, n) =>
    JSON.stringify({ events: events.slice(n * BATCH, (n + 1) * BATCH) }),
  );
  const latencies: number[] = [];
  const { ms } = await timed(async () => {
    for (const [n, body] of bodies.entries()) {
      const started = performance.now();
      const response = await request(base, 'POST', '/v1/events', body);
      if (response.status !== 200 && response.status !== 201) {
        throw new Error(`batch ${n}: ${response.status} ${response.text.slice(0, 500)}`);
      }
      latencies.push(performance.now() - started);
      if (n % 10 === 9) log(`    ${(n + 1) * BATCH} events posted`);
    }
  });
  return { eps: perSecond(events.length, ms), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

/** 64 clients, each placing orders one per request for a customer of its own, for `SINGLES_MS`. */
async function postSingles(base: string) {
  const setup = await post(base, {
    events: [
      partnerRegistered('bench-p'),
      ...Array.from({ length: CLIENTS }, (_, c) => customerAssociated(`bench-c${c}`, 'bench-p')),
    ],
  });
  if (setup.status !== 200 && setup.status !== 201) throw new Error(`setup: ${setup.status} ${setup.text}`);
  const latencies: number[] = [];
  let count = 0;
  const cpu = process.cpuUsage();
  const until = performance.now() + SINGLES_MS;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; performance.now() < until; n++) {
          const started = performance.now();
          const answer = await post(base, orderPlaced(`bench-o${c}-${n}`, `bench-c${c}`, '10.00'));
          if (answer.status !== 200 && answer.status !== 201)
            throw new Error(`single: ${answer.status} ${answer.text}`);
          latencies.push(performance.now() - started);
          count += 1;
        }
      }),
    ),
  );
  return {
    count,
    eps: perSecond(count, ms),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    clientCpuUs: clientCpuUs(cpu, count),
  };
}

/** This process's CPU since `since`, per request: what the clients took from the service's cores. */
function clientCpuUs(since: NodeJS.CpuUsage, requests: number): number {
  const used = process.cpuUsage(since);
  return Math.round((used.user + used.system) / requests);
}

/**
 * Waits until the service's projections have caught up with the log (every
 * `reckon_projection_lag_events` of /metrics at 0), so that a phase is measured on a service that
 * is not still projecting the phase before it (the history's 30,000 events, posted faster than
 * they are projected on a slow machine, would share the cores with the phase after).
 */
async function projected(base: string, log: (line: string) => void): Promise<void> {
  const started = performance.now();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    const metrics = await request(base, 'GET', '/metrics');
    const lags = [...metrics.text.matchAll(/^reckon_projection_lag_events\{[^}]*\} (\S+)$/gm)].map((m) => Number(m[1]));
    if (lags.length > 0 && lags.every((lag) => lag === 0)) {
      log(`    projections caught up ${((performance.now() - started) / 1000).toFixed(1)} s after the phase before`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the projections did not catch up within 120 s');
}

/**
 * The same 64 clients asking `GET /healthz` for `SINGLES_MS / 2` (no body, no database): what the
 * HTTP stack of this service and this client cost per request, the ceiling of the singles figure.
 */
async function healthCeiling(base: string) {
  let count = 0;
  const until = performance.now() + SINGLES_MS / 2;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          await request(base, 'GET', '/healthz');
          count += 1;
        }
      }),
    ),
  );
  return perSecond(count, ms);
}

export const commandsBench: BenchSection = {
  name: 'commands (HTTP, the service as pnpm start runs it)',
  async run({ adminUrl, log }) {
    const figures: Figure[] = [];
    const add = (key: string, value: number, unit: string, label: string) => {
      figures.push({ key, value, unit, label });
      log(`  ${label}: ${value} ${unit}`);
    };
    const storeDb = await createTestDatabase(adminUrl, 'bench_cmd_store');
    let append: number;
    try {
      append = await storeAppend(storeDb.url);
    } finally {
      await storeDb.drop();
    }
    add('commands_store_append_batch1000_eps', append, 'events/s', 'store append, 1000 events/call (this run)');

    const database = await createTestDatabase(adminUrl, 'bench_commands');
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-bench-commands-'));
    let service: Awaited<ReturnType<typeof startService>> | undefined;
    try {
      service = await startService({
        DATABASE_URL: database.url,
        RECKON_DATA_DIR: dataDir,
        RECKON_API_KEYS: JSON.stringify([{ key: KEY, role: 'admin' }]),
        RECKON_BODY_LIMIT: String(8 * 1024 * 1024),
        // 64 clients on one admin key stand for many callers: the per-key limit would measure itself.
        RECKON_RATE_LIMIT_MAX: '0',
      });
      log(`  service at ${service.base}; posting ${EVENTS} generated events in batches of ${BATCH}`);
      const history = await postHistory(service.base, log);
      add('commands_batch1000_eps', history.eps, 'events/s', `POST /v1/events, ${BATCH}/request, 1 client`);
      add('commands_batch1000_latency_ms_p50', Math.round(history.p50), 'ms', '  its latency p50');
      add('commands_batch1000_latency_ms_p99', Math.round(history.p99), 'ms', '  its latency p99');
      add(
        'commands_batch_vs_append',
        Number((history.eps / append).toFixed(2)),
        'ratio',
        'commands 1000 / store append 1000',
      );
      await projected(service.base, log);
      add(
        'commands_http_ceiling_64clients_rps',
        await healthCeiling(service.base),
        'requests/s',
        `GET /healthz, ${CLIENTS} clients (the HTTP stack alone)`,
      );
      await projected(service.base, log);
      const singles = await postSingles(service.base);
      add('commands_single_64clients_eps', singles.eps, 'events/s', `POST /v1/events, 1/request, ${CLIENTS} clients`);
      add('commands_single_64clients_latency_ms_p50', Number(singles.p50.toFixed(1)), 'ms', '  its latency p50');
      add('commands_single_64clients_latency_ms_p99', Number(singles.p99.toFixed(1)), 'ms', '  its latency p99');
      add(
        'commands_single_64clients_client_cpu_us',
        singles.clientCpuUs,
        'µs',
        "  the clients' CPU per request (this process: on two cores, the service's)",
      );
      // Every answered single is in the log, once.
      const pool = createPool(database.url, { max: 1 });
      try {
        const { rows } = await pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM event_log WHERE type = 'OrderPlaced' AND data->>'orderId' LIKE 'bench-o%'",
        );
        if (Number(rows[0]?.n) !== singles.count) {
          throw new Error(`the log holds ${rows[0]?.n} of the ${singles.count} single orders answered 201`);
        }
      } finally {
        await pool.end();
      }
    } finally {
      agent.destroy();
      await service?.stop();
      await rm(dataDir, { recursive: true, force: true });
      await database.drop().catch(() => {});
    }
    return figures;
  },
};
