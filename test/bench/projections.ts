/**
 * Projections section of `pnpm bench`: a full rebuild of every projection over a generated log of
 * a million events (rate, peak RSS of the rebuilding process), then the consumption query under
 * 100 connections against the service as `pnpm start` runs it.
 *
 * The log is generated once (packages/generator, `generateEvents({events, seed})`) and loaded the
 * way the command side routes it: the domain's `planBatch` gives the stream requests, the
 * PostgreSQL adapter's `appendToStreams` appends each batch of 1,000 atomically with expected
 * versions (load-log.ts). It is kept in a database of its own (`reckon_bench_1m` on DATABASE_URL's
 * server, else on an embedded PostgreSQL in `.bench/projections-pg`) with a marker row of seed,
 * count and loader, and reused while the marker matches.
 *
 * The query runs against the partner and period with the most customers (the largest answer), with
 * `Accept-Encoding: gzip` as browsers and fetch send it (the primary figures), then without, then
 * with gzip at 10 connections (the latency of a request rather than of the queue in front of it).
 *
 * Knobs: BENCH_PROJECTION_EVENTS (default 1,000,000), BENCH_SEED (default 1),
 * BENCH_QUERY_SECONDS (default 10), BENCH_EACH=0 (skip rebuilding each projection alone after all of them,
 * which takes about as long again), BENCH_REBUILD=0 skips the rebuild (the read models must be built
 * already: for working on the query side only).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  createPool,
  dropDatabase,
  ensureDatabase,
  freePort,
  type Pool,
  startEmbeddedPostgres,
  withDatabase,
} from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import autocannon from 'autocannon';
import { buildTree } from './build.js';
import type { BenchSection, Figure } from './harness.js';
import { REPO_ROOT, runChild } from './projections/child.js';

export const EVENTS = Number(process.env.BENCH_PROJECTION_EVENTS ?? 1_000_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const QUERY_SECONDS = Number(process.env.BENCH_QUERY_SECONDS ?? 10);
/** The billing time zone of the rebuilds and of the service; the statements section uses it too. */
export const BILLING_TZ = 'Asia/Shanghai';
const LOAD_BATCH = 1000;
/** Changes whenever load-log.ts would write a different log: a cached log with another loader is reloaded. */
// v2: batches keep their decision order in the log (appendToStreams order option).
// v3: a period close is linked into period-<YYYY-MM> as well.
const LOADER = `planBatch+appendToStreams/batch=${LOAD_BATCH}/v3`;
const API_KEY = 'bench-admin-key-0001';

interface Marker {
  seed: number;
  events: number;
  loader: string;
  last_position: string;
  seconds: string;
}

/** The server that keeps the cached log between runs. */
export async function cacheServer(): Promise<{ adminUrl: string; where: string; close(): Promise<void> }> {
  const external = process.env.DATABASE_URL;
  if (external) return { adminUrl: external, where: new URL(external).host, close: async () => {} };
  const dataDir = path.join(REPO_ROOT, '.bench/projections-pg');
  const server = await startEmbeddedPostgres({ dataDir });
  return { adminUrl: server.url, where: `embedded PostgreSQL in ${dataDir}`, close: () => server.stop() };
}

async function readMarker(url: string): Promise<Marker | undefined> {
  const pool = createPool(url, { max: 1 });
  try {
    const result = await pool.query<Marker>('SELECT seed, events, loader, last_position, seconds FROM bench_log');
    return result.rows[0];
  } catch {
    return undefined; // no marker table: an empty or half-loaded database
  } finally {
    await pool.end();
  }
}

/** The name of the database that keeps the cached log of BENCH_PROJECTION_EVENTS events. */
export function cachedLogDatabase(): string {
  return EVENTS === 1_000_000 ? 'reckon_bench_1m' : `reckon_bench_${EVENTS}`;
}

/** The cached log's database, loading it first when it is missing or was made otherwise. */
export async function cachedLog(
  adminUrl: string,
  log: (line: string) => void,
): Promise<{ url: string; loaded: string }> {
  const name = cachedLogDatabase();
  const url = withDatabase(adminUrl, name);
  await ensureDatabase(adminUrl, name);
  const marker = await readMarker(url);
  if (marker && marker.seed === SEED && marker.events === EVENTS && marker.loader === LOADER) {
    return { url, loaded: `cached in database ${name} (loaded earlier in ${Number(marker.seconds).toFixed(0)} s)` };
  }
  log(`  no cached log of ${EVENTS} events (seed ${SEED}) in ${name}: generating and loading it (once) …`);
  await dropDatabase(adminUrl, name);
  await ensureDatabase(adminUrl, name);
  const result = await runChild<{ appended: number; lastPosition: number; seconds: number }>(
    'load-log.ts',
    { url, events: EVENTS, seed: SEED, batchSize: LOAD_BATCH },
    ['--max-old-space-size=3072'],
  );
  const pool = createPool(url, { max: 1 });
  try {
    await pool.query(
      `CREATE TABLE bench_log (seed integer, events integer, loader text, last_position bigint, seconds numeric,
       loaded_at timestamptz DEFAULT now())`,
    );
    await pool.query(
      'INSERT INTO bench_log (seed, events, loader, last_position, seconds) VALUES ($1, $2, $3, $4, $5)',
      [SEED, EVENTS, LOADER, result.lastPosition, result.seconds],
    );
  } finally {
    await pool.end();
  }
  return { url, loaded: `loaded now into database ${name} in ${result.seconds.toFixed(0)} s` };
}

/**
 * Runs `use` on the cached log (loaded first if it is not there) with a store and a pool of its
 * own on it, then closes them and the server: the sections that work over the log (statements,
 * snapshots).
 */
export async function withCachedLog<T>(
  log: (line: string) => void,
  connections: { store: number; pool: number; applicationName: string },
  use: (log: { url: string; store: PostgresEventStore; pool: Pool }) => Promise<T>,
): Promise<T> {
  const server = await cacheServer();
  try {
    const { url } = await cachedLog(server.adminUrl, log);
    const store = await PostgresEventStore.connect(url, { poolSize: connections.store });
    const pool = createPool(url, { max: connections.pool, applicationName: connections.applicationName });
    try {
      return await use({ url, store, pool });
    } finally {
      await store.close();
      await pool.end();
    }
  } finally {
    await server.close();
  }
}

/** The partner and period with the most customers: the largest consumption answer of the log. */
async function busiestPartnerPeriod(url: string): Promise<{ partnerId: string; period: string; customers: number }> {
  const pool = createPool(url, { max: 1 });
  try {
    const built = await pool.query(`SELECT to_regclass('rm_consumption.consumption_summary') IS NOT NULL AS built`);
    if (!built.rows[0]?.built) {
      // BENCH_REBUILD=0 on a log whose read models were never built (or a database loaded anew).
      throw new Error(
        'no read models beside the cached log (rm_consumption.consumption_summary is missing): run the bench once without BENCH_REBUILD=0',
      );
    }
    const result = await pool.query<{ partner_id: string; period: string; customers: string }>(
      `SELECT partner_id, period, count(DISTINCT customer_id) AS customers
       FROM rm_consumption.consumption_summary WHERE partner_id IS NOT NULL
       GROUP BY partner_id, period ORDER BY customers DESC, partner_id, period LIMIT 1`,
    );
    const row = result.rows[0];
    if (!row) throw new Error('the consumption read model is empty after the rebuild');
    return { partnerId: row.partner_id, period: row.period, customers: Number(row.customers) };
  } finally {
    await pool.end();
  }
}

/** The service as `pnpm start` runs it (`pnpm build`, then services/api/dist/main.js), on 127.0.0.1 only. */
async function startService(url: string): Promise<{ base: string; stop(): Promise<void> }> {
  const port = await freePort();
  buildTree(REPO_ROOT);
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'services/api/dist/main.js')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      RECKON_API_KEYS: JSON.stringify([{ key: API_KEY, role: 'admin' }]),
      RECKON_BILLING_TZ: BILLING_TZ,
      // Per-request log lines would measure the log pipe, not the query.
      LOG_LEVEL: 'warn',
      // 100 connections on one key: the limit's bookkeeping stays in the figures, but it never trips.
      RECKON_RATE_LIMIT_MAX: '1000000000',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode} while starting`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error('the service did not get ready within 60 s');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function load(
  url: string,
  seconds: number,
  encoding: 'gzip' | 'identity',
  connections = 100,
): Promise<autocannon.Result> {
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { authorization: `Bearer ${API_KEY}`, accept: 'application/json', 'accept-encoding': encoding },
  });
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0) {
    throw new Error(
      `consumption query: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx`,
    );
  }
  return result;
}

/**
 * The yardstick of the query figures: autocannon, as configured here and on this machine, against a
 * bare `node:http` server in a child process that only sends `body` (what the service answered,
 * gzip) — no routing, auth, cache or database. The service cannot beat it.
 */
async function staticCeiling(body: Buffer): Promise<autocannon.Result> {
  const script = `
    const body = Buffer.from(process.argv[1], 'base64');
    const server = require('node:http').createServer((request, response) => {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip',
        vary: 'accept-encoding', 'content-length': body.length });
      response.end(body);
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script, body.toString('base64')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8').once('data', (line: string) => resolve(Number(line.trim())));
      child.once('exit', (code) => reject(new Error(`static server exited with ${code}`)));
    });
    await load(`http://127.0.0.1:${port}/`, 2, 'gzip');
    return await load(`http://127.0.0.1:${port}/`, QUERY_SECONDS, 'gzip');
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

interface RebuildOutcome {
  readAllEps: number;
  /** Each projection rebuilt alone over the same log (unless BENCH_EACH=0), events/s. */
  alone: Record<string, number>;
  events: number;
  seconds: number;
  eps: number;
  peakRssMb: number;
  projections: string[];
  stats: Record<string, { batches: number; applyMs: number; commitMs: number }>;
  phases: { replay: number; durable: number; swap: number };
}

async function rebuildFigures(url: string, log: (line: string) => void): Promise<Figure[]> {
  log('  rebuilding every projection from position 0 in a child process (compiled, as the CLI runs) …');
  const rebuild = await runChild<RebuildOutcome>(
    'rebuild.ts',
    { url, billingTz: BILLING_TZ, each: process.env.BENCH_EACH !== '0' },
    [],
    { compiled: true },
  );
  log(`  rebuilt ${rebuild.projections.join(', ')}: ${rebuild.events} events in ${rebuild.seconds.toFixed(1)} s`);
  const { replay, durable, swap } = rebuild.phases;
  log(
    `    replay ${replay.toFixed(1)} s, tables made durable and indexed ${durable.toFixed(1)} s, swap ${swap.toFixed(1)} s`,
  );
  for (const [name, s] of Object.entries(rebuild.stats)) {
    log(
      `    ${name}: ${s.batches} batches, apply ${(s.applyMs / 1000).toFixed(1)} s, commit ${(s.commitMs / 1000).toFixed(1)} s`,
    );
  }
  return [
    { key: 'projections_log_events', value: rebuild.events, unit: 'events', label: 'log replayed by the rebuild' },
    { key: 'rebuild_eps', value: rebuild.eps, unit: 'events/s', label: 'rebuild, all projections from 0' },
    { key: 'rebuild_peak_rss_mb', value: rebuild.peakRssMb, unit: 'MiB', label: 'rebuild peak RSS (VmHWM)' },
    { key: 'read_all_eps', value: rebuild.readAllEps, unit: 'events/s', label: 'the log read alone (readAll, 5,000)' },
    {
      key: 'rebuild_vs_read',
      value: Number((rebuild.eps / rebuild.readAllEps).toFixed(3)),
      unit: 'ratio',
      label: 'rebuild_eps / read_all_eps',
    },
    ...Object.entries(rebuild.alone).map(([name, eps]) => ({
      key: `rebuild_${name}_alone_eps`,
      value: eps,
      unit: 'events/s',
      label: `rebuild of ${name} alone`,
    })),
  ];
}

async function queryFigures(url: string, log: (line: string) => void): Promise<Figure[]> {
  const target = await busiestPartnerPeriod(url);
  const service = await startService(url);
  let gzipped: autocannon.Result;
  let identity: autocannon.Result;
  let few: autocannon.Result;
  let ceiling: autocannon.Result;
  try {
    const path = `/v1/partners/${encodeURIComponent(target.partnerId)}/consumption?period=${target.period}`;
    const probe = await fetch(`${service.base}${path}`, {
      headers: { authorization: `Bearer ${API_KEY}`, 'accept-encoding': 'identity' },
    });
    if (!probe.ok) throw new Error(`GET ${path}: ${probe.status} ${await probe.text()}`);
    const json = Buffer.from(await probe.arrayBuffer());
    const bytes = json.length;
    log(
      `  GET ${path} (${target.customers} customers, ${Math.round(bytes / 1024)} KiB of JSON): ` +
        `100 connections, 2 s warm-up, ${QUERY_SECONDS} s with Accept-Encoding gzip, ${QUERY_SECONDS} s without, ` +
        `${QUERY_SECONDS} s with gzip at 10 connections …`,
    );
    await load(`${service.base}${path}`, 2, 'gzip');
    gzipped = await load(`${service.base}${path}`, QUERY_SECONDS, 'gzip');
    identity = await load(`${service.base}${path}`, QUERY_SECONDS, 'identity');
    // At 100 connections the latency is mostly queueing behind the machine's throughput; at 10 it
    // is closer to what one request costs.
    few = await load(`${service.base}${path}`, QUERY_SECONDS, 'gzip', 10);
    // The gzip body as the service makes it (zlib defaults) from the JSON it answered.
    const body = gzipSync(json);
    await service.stop();
    log(
      `  the same gzip body (${Math.round(body.length / 1024)} KiB) from a bare node:http server: the harness's ceiling …`,
    );
    ceiling = await staticCeiling(body);
  } finally {
    await service.stop();
  }
  return [
    {
      key: 'query_consumption_customers',
      value: target.customers,
      unit: 'customers',
      label: 'consumption answer size',
    },
    { key: 'query_consumption_p99_ms', value: gzipped.latency.p99, unit: 'ms', label: 'consumption p99 (gzip)' },
    { key: 'query_consumption_p50_ms', value: gzipped.latency.p50, unit: 'ms', label: 'consumption p50 (gzip)' },
    {
      key: 'query_consumption_rps',
      value: Math.round(gzipped.requests.average),
      unit: 'req/s',
      label: 'consumption throughput (gzip)',
    },
    {
      key: 'query_consumption_harness_ceiling_rps',
      value: Math.round(ceiling.requests.average),
      unit: 'req/s',
      label: 'same body, bare node:http (gzip)',
    },
    {
      key: 'query_consumption_harness_ceiling_p99_ms',
      value: ceiling.latency.p99,
      unit: 'ms',
      label: 'same body, bare node:http p99',
    },
    {
      key: 'query_consumption_c10_p99_ms',
      value: few.latency.p99,
      unit: 'ms',
      label: 'consumption p99, 10 connections',
    },
    {
      key: 'query_consumption_c10_p50_ms',
      value: few.latency.p50,
      unit: 'ms',
      label: 'consumption p50, 10 connections',
    },
    {
      key: 'query_consumption_c10_rps',
      value: Math.round(few.requests.average),
      unit: 'req/s',
      label: 'consumption throughput, 10 connections',
    },
    {
      key: 'query_consumption_identity_p99_ms',
      value: identity.latency.p99,
      unit: 'ms',
      label: 'consumption p99 (uncompressed)',
    },
    {
      key: 'query_consumption_identity_rps',
      value: Math.round(identity.requests.average),
      unit: 'req/s',
      label: 'consumption throughput (uncompressed)',
    },
  ];
}

export const projectionsBench: BenchSection = {
  name: `projections (generated log of ${EVENTS.toLocaleString('en-GB')} events)`,
  async run({ log }) {
    const server = await cacheServer();
    try {
      const { url, loaded } = await cachedLog(server.adminUrl, log);
      log(
        `  log: generateEvents({events: ${EVENTS}, seed: ${SEED}}), routed by planBatch, appendToStreams in batches ` +
          `of ${LOAD_BATCH}; ${loaded} on ${server.where}`,
      );
      const rebuild = process.env.BENCH_REBUILD === '0' ? [] : await rebuildFigures(url, log);
      return [...rebuild, ...(await queryFigures(url, log))];
    } finally {
      await server.close();
    }
  },
};
