import { useTestDatabase } from '@reckon/database/vitest';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { keyIdOf } from '../auth/keys.js';
import { partnerRegistered } from '../testing/events.js';
import { bearer, KEYS, openTestApp, type TestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';
import { OPERATIONS_ROUTES, OVERLOAD_RETRY_AFTER_SECONDS } from './protection.js';

/** Log lines of the app, parsed. */
function logLines() {
  const lines: Record<string, unknown>[] = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
  return { lines, logger: { level: 'info', stream } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('protection: rate limit, load shedding, security headers', () => {
  const db = useTestDatabase('api_protection');
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const append = (app: TestApp, partnerId: string, who: 'admin' | 'finance' = 'admin') =>
    app.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(who), payload: partnerRegistered(partnerId) });
  const stream = (app: TestApp, headers: Record<string, string>) =>
    app.app.inject({ url: '/v1/streams/partner-P-RATE/events', headers });

  it('answers 429 problem+json with Retry-After past the limit of an API key; other keys and probes go on', async () => {
    const log = logLines();
    t = await openTestApp(db.url, { rateLimit: { max: 3, windowMs: 60_000 }, logger: log.logger });
    expect((await append(t, 'P-RATE')).statusCode).toBe(201);
    for (let i = 0; i < 2; i++) expect((await stream(t, bearer('admin'))).statusCode).toBe(200);
    const before = await t.store.headPosition();

    const limited = await append(t, 'P-RATE-2');
    const body = expectProblem(limited, 429);
    expect(body.type).toBe('urn:reckon:problem:too-many-requests');
    expect(body.detail).toMatch(/^more than 3 requests in 60 s with this API key .*; retry in/);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers['x-ratelimit-limit']).toBe('3');
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    // Refused before anything was done: nothing appended.
    expect(await t.store.headPosition()).toBe(before);
    // The log names the key by its id, never the key itself.
    expect(log.lines.find((line) => line.msg === 'rate limit exceeded')).toMatchObject({
      level: 30,
      rateLimited: keyIdOf(KEYS.admin),
    });
    expect(JSON.stringify(log.lines)).not.toContain(KEYS.admin);

    // Per key: another key has its own budget.
    expect((await stream(t, bearer('finance'))).statusCode).toBe(200);
    // Probes and scrapes are never limited.
    for (const url of OPERATIONS_ROUTES) {
      for (let i = 0; i < 5; i++) expect((await t.app.inject({ url })).statusCode, url).toBe(200);
    }
  });

  it('limits requests without a known key by client address, before the key check', async () => {
    t = await openTestApp(db.url, { rateLimit: { max: 2, windowMs: 60_000 } });
    const unknown = { authorization: 'Bearer not-a-key-of-ours' };
    expectProblem(await stream(t, unknown), 401);
    expectProblem(await stream(t, {}), 401);
    const limited = await stream(t, unknown);
    expectProblem(limited, 429);
    expect(limited.headers['retry-after']).toBeDefined();
    // A known key from the same address is counted apart.
    expect((await stream(t, bearer('admin'))).statusCode).not.toBe(429);
  });

  it('sheds load with 503 overloaded and Retry-After while the heap is over its limit; probes still answer', async () => {
    // A limit of one byte: the real heap measure is over it from the first sample on.
    const log = logLines();
    t = await openTestApp(db.url, { loadShedding: { maxHeapUsedBytes: 1, sampleIntervalMs: 500 }, logger: log.logger });
    // Not in the first two samples after start (they count the start-up's own work): served.
    expect((await append(t, 'P-START')).statusCode).toBe(201);
    await sleep(1100);
    const before = await t.store.headPosition();
    const shed = await append(t, 'P-SHED');
    const body = expectProblem(shed, 503);
    expect(body).toMatchObject({ type: 'urn:reckon:problem:overloaded', pressure: 'heapUsedBytes' });
    expect(body.detail).toMatch(/^the service is overloaded \(heap in use \d+ MiB, the limit 0 MiB\); retry in 10 s$/);
    expect(shed.headers['retry-after']).toBe(String(OVERLOAD_RETRY_AFTER_SECONDS));
    expect(await t.store.headPosition()).toBe(before);
    // A refusal on purpose: a warning that says why, no stack.
    const warned = log.lines.find((line) => line.msg === 'request not served');
    expect(warned).toMatchObject({ level: 40, status: 503, problem: 'urn:reckon:problem:overloaded' });
    expect(warned).not.toHaveProperty('err');
    for (const url of OPERATIONS_ROUTES) expect((await t.app.inject({ url })).statusCode, url).toBe(200);
  });

  it('sheds load while the event loop lags and serves again once it does not', async () => {
    t = await openTestApp(db.url, { loadShedding: { maxEventLoopDelayMs: 50, sampleIntervalMs: 300 } });
    const app = t;
    // Polled on a route that answers 404 without a query: a sample's verdict lasts one interval
    // (300 ms), which a request waiting on a busy database (the suite runs beside it) could miss.
    const poll = async (wanted: (r: LightMyRequestResponse) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const response = await app.app.inject({ url: '/v1/no-such-route', headers: bearer('admin') });
        if (wanted(response)) return response;
        if (Date.now() > deadline) throw new Error(`no such answer in ${ms} ms; last ${response.statusCode}`);
        await sleep(10);
      }
    };
    expect((await poll((r) => r.statusCode === 404, 2000)).statusCode).toBe(404);
    // Block the event loop for a second, as a CPU-bound handler would.
    const until = Date.now() + 1000;
    while (Date.now() < until) {
      // busy
    }
    const shed = await poll((r) => r.statusCode === 503, 3000);
    expect(expectProblem(shed, 503)).toMatchObject({
      type: 'urn:reckon:problem:overloaded',
      pressure: 'eventLoopDelay',
    });
    expect(shed.headers['retry-after']).toBe(String(OVERLOAD_RETRY_AFTER_SECONDS));
    // A sample the blocked loop spanned whole has no measure: "at least" the sample interval.
    expect(shed.json().detail).toMatch(/event-loop delay (\d+|at least 300) ms, the limit 50 ms/);
    expect(shed.json().detail).not.toMatch(/Infinity|NaN/);
    expect((await poll((r) => r.statusCode !== 503, 5000)).statusCode).toBe(404);
  });

  it('sends security headers, a policy that loads nothing for the API, and one the Swagger UI works with', async () => {
    t = await openTestApp(db.url);
    const api = await stream(t, bearer('admin'));
    expect(api.headers).toMatchObject({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'strict-transport-security': expect.stringMatching(/^max-age=\d+/),
      'cross-origin-opener-policy': 'same-origin',
    });
    expect(api.headers['x-powered-by']).toBeUndefined();

    const page = await t.app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // Every script and style the page names is served from here, with its type (nosniff is strict).
    const assets = [...page.body.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.filter((a) => a.endsWith('.js')).length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const answer = await t.app.inject({ url: `/docs/${asset}` });
      expect(answer.statusCode, asset).toBe(200);
      if (asset.endsWith('.js')) expect(answer.headers['content-type'], asset).toMatch(/javascript/);
      if (asset.endsWith('.css')) expect(answer.headers['content-type'], asset).toMatch(/text\/css/);
    }
    // The document the UI loads (./json, relative to the page).
    expect((await t.app.inject({ url: '/docs/json' })).json()).toMatchObject({ openapi: expect.any(String) });
  });
});
