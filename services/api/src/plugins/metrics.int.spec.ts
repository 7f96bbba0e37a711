import { createPool, poolUsage } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { lockKey, PROJECTIONS } from '@reckon/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { CommandHandler } from '../application/command-handler.js';
import { migrateSnapshots, PostgresSnapshotStore, StreamSnapshots } from '../application/stream-snapshots.js';
import { type ReadSideHandle, startReadSide } from '../routes/queries/index.js';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events.js';
import { bearer, openTestApp, TEST_API_KEYS, type TestApp } from '../testing/harness.js';

/** The value of a sample line `name{labels} value` of a Prometheus text body (undefined: absent). */
function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = line.match(/^[^{ ]+(?:\{(.*)\})? (\S+)$/);
    if (!match) continue;
    const found = Object.fromEntries(
      [...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) return Number(match[2]);
  }
  return undefined;
}

describe('GET /metrics', () => {
  const db = useTestDatabase('api_metrics');
  let t: TestApp;
  let readSide: ReadSideHandle;

  beforeAll(async () => {
    const { PostgresEventStore } = await import('@reckon/event-store-postgres');
    const store = await PostgresEventStore.connect(db.url);
    readSide = await startReadSide({ databaseUrl: db.url, store, billingTimeZone: 'Asia/Shanghai' });
    t = await openTestApp(db.url, { queries: readSide.queries, processMetrics: false });
    const close = t.close;
    t.close = async () => {
      await close();
      await readSide.close();
      await store.close();
    };
  });
  afterAll(async () => {
    await t?.close();
  });

  it('needs no key and counts latency by route pattern, appends, refusals by rule and projection lag', async () => {
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer('admin'), payload });
    const batch = {
      events: [partnerRegistered('P-M'), customerAssociated('C-M', 'P-M'), orderPlaced('O-M', 'C-M', '100.00')],
    };
    const ok = await post(batch);
    expect(ok.statusCode).toBe(201);
    const refused = await post(orderRefunded('R-M', 'O-M', '500.00'));
    expect(refused.statusCode).toBe(422);
    const rule = refused.json().rule as string;
    const { lastPosition } = ok.json() as { lastPosition: number };
    for (const id of ['P-M', 'P-OTHER']) {
      await t.app.inject({ url: `/v1/partners/${id}/balance?minPosition=${lastPosition}`, headers: bearer('admin') });
    }

    const res = await t.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const body = res.body;
    // One series for both partners: the route pattern, not the URL.
    expect(
      sample(body, 'reckon_http_request_duration_seconds_count', {
        method: 'GET',
        route: '/v1/partners/:id/balance',
        status_code: '200',
      }),
    ).toBe(1);
    expect(
      sample(body, 'reckon_http_request_duration_seconds_count', {
        route: '/v1/partners/:id/balance',
        status_code: '404',
      }),
    ).toBe(1);
    expect(body).not.toContain('P-OTHER');
    expect(sample(body, 'reckon_events_appended_total')).toBe(3);
    expect(sample(body, 'reckon_events_refused_total', { rule })).toBe(1);
    for (const projection of PROJECTIONS) {
      expect(sample(body, 'reckon_projection_lag_events', { projection: projection.name })).toBe(0);
      expect(sample(body, 'reckon_projection_lag_seconds', { projection: projection.name })).toBe(0);
    }

    // An idempotent repeat appends nothing more.
    expect((await post(batch)).statusCode).toBe(200);
    const again = await t.app.inject({ url: '/metrics' });
    expect(sample(again.body, 'reckon_events_appended_total')).toBe(3);
  });

  it('logs one JSON line per request (request id, route, status, latency) and the positions of appends', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
    const logged = await openTestApp(db.url, { logger: { level: 'info', stream }, processMetrics: false });
    try {
      const res = await logged.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...bearer('admin'), 'x-request-id': 'req-log-1' },
        payload: partnerRegistered('P-LOG'),
      });
      expect(res.statusCode).toBe(201);
      const mine = lines.filter((line) => line.reqId === 'req-log-1');
      expect(mine).toHaveLength(1);
      const completed = mine.find((line) => line.msg === 'request completed');
      expect(completed).toMatchObject({
        method: 'POST',
        route: '/v1/events',
        status: 201,
        appended: 1,
        lastPosition: res.json().lastPosition,
      });
      expect(typeof completed?.latencyMs).toBe('number');
    } finally {
      await logged.close();
    }
  });

  it('reports a rebuild in progress from its scratch schema, and a projection that falls behind', async () => {
    const [first] = PROJECTIONS;
    if (!first) throw new Error('no projections');
    const scratch = `${first.schema}_next`;
    const pool = readSide.queries.pool;
    await readSide.projections.stop();
    await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer('admin'),
      payload: partnerRegistered('P-LAG'),
    });
    await pool.query(`CREATE SCHEMA ${scratch}`);
    try {
      await pool.query(
        `CREATE TABLE ${scratch}.checkpoint (position bigint, last_recorded_at timestamptz, generation text)`,
      );
      const head = await t.store.headPosition();
      await pool.query(`INSERT INTO ${scratch}.checkpoint VALUES ($1, now(), 'x')`, [Math.floor(Number(head) / 2)]);
      // A scratch schema no rebuild holds (one killed midway left it) is no progress.
      const left = (await t.app.inject({ url: '/metrics' })).body;
      expect(sample(left, 'reckon_projection_rebuild_progress_ratio', { projection: first.name })).toBeUndefined();
      // A running rebuild holds its scratch schema's lock.
      const rebuild = await pool.connect();
      await rebuild.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey(scratch)]);
      const body = (await t.app.inject({ url: '/metrics' })).body;
      await rebuild.query('SELECT pg_advisory_unlock_all()');
      rebuild.release();
      const ratio = sample(body, 'reckon_projection_rebuild_progress_ratio', { projection: first.name });
      expect(ratio).toBeCloseTo(Math.floor(Number(head) / 2) / Number(head), 5);
      expect(sample(body, 'reckon_projection_lag_events', { projection: first.name })).toBeGreaterThanOrEqual(1);
      expect(sample(body, 'reckon_projection_lag_seconds', { projection: first.name })).toBeGreaterThan(0);
    } finally {
      await pool.query(`DROP SCHEMA ${scratch} CASCADE`);
    }
    const after = (await t.app.inject({ url: '/metrics' })).body;
    expect(sample(after, 'reckon_projection_rebuild_progress_ratio', { projection: first.name })).toBeUndefined();
  });
  it('exports each pool the process owns (open, idle, waiting, max) and the event-loop delay', async () => {
    // A pool of one connection, held, with one more query queued: the gauges read the pool as it is.
    const small = createPool(db.url, { max: 1, applicationName: 'reckon-test-small' });
    const app = await buildApp({
      store: t.store,
      apiKeys: TEST_API_KEYS,
      queries: readSide.queries,
      pools: () => [t.store.poolUsage(), poolUsage(small)],
    });
    await app.ready();
    const held = await small.connect();
    try {
      const queued = small.query('SELECT 1');
      let body = (await app.inject({ url: '/metrics' })).body;
      const of = (name: string, pool: string) => sample(body, name, { pool });
      expect(of('reckon_db_pool_connections', 'reckon-test-small')).toBe(1);
      expect(of('reckon_db_pool_idle_connections', 'reckon-test-small')).toBe(0);
      expect(of('reckon_db_pool_waiting_requests', 'reckon-test-small')).toBe(1);
      expect(of('reckon_db_pool_max_connections', 'reckon-test-small')).toBe(1);
      held.release();
      await queued;
      body = (await app.inject({ url: '/metrics' })).body;
      expect(of('reckon_db_pool_connections', 'reckon-test-small')).toBe(1);
      expect(of('reckon_db_pool_idle_connections', 'reckon-test-small')).toBe(1);
      expect(of('reckon_db_pool_waiting_requests', 'reckon-test-small')).toBe(0);
      // The event store's pool and the read side's (counted without being named in `pools`).
      expect(of('reckon_db_pool_max_connections', 'reckon-event-store')).toBe(20);
      expect(of('reckon_db_pool_connections', 'reckon-event-store')).toBeGreaterThanOrEqual(1);
      expect(of('reckon_db_pool_max_connections', 'reckon-read-side')).toBe(10);
      expect(of('reckon_db_pool_connections', 'reckon-read-side')).toBeGreaterThanOrEqual(1);
      // The event-loop delay, from Node's own measurement (perf_hooks), in seconds.
      for (const name of ['reckon_nodejs_eventloop_lag_seconds', 'reckon_nodejs_eventloop_lag_p99_seconds']) {
        expect(sample(body, name), name).toBeGreaterThanOrEqual(0);
      }
    } finally {
      await app.close();
      await small.end();
    }
  });

  it('counts the command side’s stored states: saved, used, discarded, failed', async () => {
    const snapshotsPool = createPool(db.url, { max: 1 });
    await migrateSnapshots(snapshotsPool);
    const snapshots = new StreamSnapshots(new PostgresSnapshotStore(snapshotsPool), { every: 2, refreshMs: 0 });
    await snapshots.start();
    const app = await buildApp({
      store: t.store,
      apiKeys: TEST_API_KEYS,
      commands: new CommandHandler(t.store, { snapshots }),
      processMetrics: false,
    });
    await app.ready();
    try {
      const post = (payload: object) =>
        app.inject({ method: 'POST', url: '/v1/events', headers: bearer('admin'), payload });
      // The customer's stream: its association and two orders' links, stored once it is 2 events long.
      expect((await post({ events: [partnerRegistered('P-S'), customerAssociated('C-S', 'P-S')] })).statusCode).toBe(
        201,
      );
      expect((await post(orderPlaced('O-S1', 'C-S', '10'))).statusCode).toBe(201);
      expect((await post(orderPlaced('O-S2', 'C-S', '10'))).statusCode).toBe(201);
      await snapshots.settled();
      const body = (await app.inject({ url: '/metrics' })).body;
      expect(sample(body, 'reckon_command_snapshots_total', { outcome: 'saved' })).toBeGreaterThanOrEqual(1);
      expect(sample(body, 'reckon_command_snapshots_total', { outcome: 'saved' })).toBe(snapshots.stats().saved);
      for (const outcome of ['used', 'discarded', 'failed']) {
        expect(sample(body, 'reckon_command_snapshots_total', { outcome })).toBe(0);
      }
      // The service without stored states exports no such series.
      expect((await t.app.inject({ url: '/metrics' })).body).not.toContain('reckon_command_snapshots_total{');
    } finally {
      await app.close();
      await snapshotsPool.end();
    }
  });
});
