import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { waitForPosition } from '@reckon/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { componentLogger, createLogger, LOGGER_NAME, prettyLogsWanted } from './logging.js';
import { type ReadSideHandle, startReadSide } from './routes/queries/index.js';
import { capture } from './testing/cli.js';
import { partnerRegistered } from './testing/events.js';
import { bearer, TEST_API_KEYS } from './testing/harness.js';

/**
 * The keys of a JSON object's top level, read off the raw text in order, repeats included:
 * JSON.parse keeps the last of two equal keys and so hides the very fault looked for.
 */
function topLevelKeys(text: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, end + 1)) as string);
      expectKey = false;
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = c === '{' && depth === 1;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expectKey = true;
  }
  return keys;
}

describe('service logs', () => {
  const db = useTestDatabase('api_logging');
  const out = capture();
  let store: PostgresEventStore;
  let readSide: ReadSideHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;

  const lines = () =>
    out
      .text()
      .split('\n')
      .filter((line) => line.length > 0);
  const parsed = () => lines().map((line) => JSON.parse(line) as Record<string, unknown>);

  beforeAll(async () => {
    // The loggers exactly as serve.ts makes them: one root, a component child each for projections and HTTP.
    const log = createLogger({ level: 'info', destination: out, pretty: false });
    store = await PostgresEventStore.connect(db.url);
    readSide = await startReadSide({
      databaseUrl: db.url,
      store,
      billingTimeZone: 'Asia/Shanghai',
      logger: componentLogger(log, 'projections'),
    });
    app = await buildApp({
      store,
      apiKeys: TEST_API_KEYS,
      queries: readSide.queries,
      loggerInstance: componentLogger(log, 'http'),
      processMetrics: false,
    });
    app.get('/v1/test-failure', async () => {
      throw new Error('the handler broke');
    });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await readSide?.close();
    await store?.close();
  });

  it('writes each line with one "name" and no key twice, the part of the service in "component"', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer('admin'), 'x-request-id': 'req-names-1' },
      payload: partnerRegistered('P-NAMES'),
    });
    expect(res.statusCode).toBe(201);
    expect(await waitForPosition(readSide.queries.pool, res.json().lastPosition, 20_000)).toBe(true);

    const all = lines();
    const fromHttp = parsed().filter((line) => line.reqId === 'req-names-1');
    const fromProjections = parsed().filter((line) => line.component === 'projections');
    // One line per request, at response time: the append's positions are on it.
    expect(fromHttp).toHaveLength(1);
    expect(fromHttp[0]).toMatchObject({
      msg: 'request completed',
      level: 30,
      method: 'POST',
      route: '/v1/events',
      url: '/v1/events',
      status: 201,
      appended: 1,
      duplicates: 0,
      lastPosition: res.json().lastPosition,
    });
    expect(typeof fromHttp[0]?.latencyMs).toBe('number');
    expect(fromProjections.length).toBeGreaterThan(0);
    for (const line of fromHttp) expect(line.component).toBe('http');
    for (const line of all) {
      const keys = topLevelKeys(line);
      expect(
        keys.filter((key) => key === 'name'),
        line,
      ).toEqual(['name']);
      expect(new Set(keys).size, line).toBe(keys.length);
      expect((JSON.parse(line) as { name: string }).name).toBe(LOGGER_NAME);
    }
  });

  it('logs a client error (4xx) at info in one line without a stack', async () => {
    const res = await app.inject({
      url: '/v1/partners/P-NAMES/consumption?period=2026-13',
      headers: { ...bearer('admin'), 'x-request-id': 'req-400' },
    });
    expect(res.statusCode).toBe(400);
    const refused = parsed().find((line) => line.reqId === 'req-400' && line.msg === 'request refused');
    expect(refused).toMatchObject({ level: 30, status: 400, problem: 'urn:reckon:problem:invalid-request' });
    expect(refused?.detail).toContain('2026-13');
    expect(refused).not.toHaveProperty('err');
    expect(JSON.stringify(refused)).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
    // The refusal is the request's one line, with its route and latency.
    const mine = parsed().filter((l) => l.reqId === 'req-400');
    expect(mine).toHaveLength(1);
    expect(refused).toMatchObject({ method: 'GET', route: '/v1/partners/:id/consumption' });
    expect(typeof refused?.latencyMs).toBe('number');
  });

  it('logs an append refused by a rule in one line naming the rule and the event', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer('admin'), 'x-request-id': 'req-422' },
      payload: partnerRegistered('P-NAMES'),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    const mine = parsed().filter((l) => l.reqId === 'req-422');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      level: 30,
      msg: 'events refused',
      status: res.statusCode,
      route: '/v1/events',
      problem: res.json().type,
      index: 0,
    });
  });

  it('logs probes and scrapes that succeed at debug, not at info', async () => {
    for (const url of ['/healthz', '/readyz', '/metrics']) {
      const res = await app.inject({ url, headers: { 'x-request-id': `req-probe-${url.slice(1)}` } });
      expect(res.statusCode, url).toBe(200);
    }
    expect(parsed().filter((l) => String(l.reqId).startsWith('req-probe-'))).toEqual([]);
  });

  it('logs a failure of the service (5xx) at error with the error and its stack', async () => {
    const res = await app.inject({
      url: '/v1/test-failure',
      headers: { ...bearer('admin'), 'x-request-id': 'req-500' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.json().detail).toBe('internal error (request req-500)');
    const failed = parsed().find((line) => line.reqId === 'req-500' && line.level === 50);
    expect(failed).toMatchObject({ status: 500, problem: 'urn:reckon:problem:internal', msg: 'request failed' });
    const err = failed?.err as { message: string; stack: string };
    expect(err.message).toBe('the handler broke');
    expect(err.stack).toMatch(/logging\.int\.spec\.ts:\d+/);
  });
});

describe('pretty logs', () => {
  it('are wanted in development at a terminal only', () => {
    expect(prettyLogsWanted({}, { isTTY: true })).toBe(true);
    expect(prettyLogsWanted({ NODE_ENV: 'development' }, { isTTY: true })).toBe(true);
    expect(prettyLogsWanted({ NODE_ENV: 'production' }, { isTTY: true })).toBe(false);
    expect(prettyLogsWanted({}, { isTTY: false })).toBe(false);
    expect(prettyLogsWanted({}, {})).toBe(false);
  });

  it('are written by pino-pretty as readable text, not JSON', () => {
    const out = capture();
    componentLogger(createLogger({ level: 'info', destination: out, pretty: true }), 'http').info(
      { status: 201 },
      'request completed',
    );
    const text = out.text();
    expect(text).toMatch(/INFO.*request completed/);
    expect(text).toContain('component: "http"');
    expect(text.trimStart().startsWith('{')).toBe(false);
  });
});
