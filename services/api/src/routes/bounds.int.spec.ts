import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '@reckon/database/vitest';
import type { PostgresEventStore } from '@reckon/event-store-postgres';
import { encodeCursor, listDigest, waitForPosition } from '@reckon/projections';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  type Envelope,
  envelope,
  orderPlaced,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';

/** POST /v1/events with an admin key, and the checks of a refusal, for the app `app()` gives. */
function eventPosts(app: () => QueryTestApp) {
  function post(body: unknown): Promise<LightMyRequestResponse> {
    const payload = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    return app().app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer('admin'), 'content-type': 'application/json' },
      payload,
    });
  }
  /** Posts, expects 400 with nothing appended, and returns the problem. */
  async function refused(body: unknown): Promise<Record<string, unknown>> {
    const head = await app().store.headPosition();
    const problem = expectProblem(await post(body), 400);
    expect(await app().store.headPosition()).toBe(head);
    return problem;
  }
  /** An invalid-event problem whose first error is at `path` of event `index`. */
  async function refusedAt(body: unknown, path: string, message: RegExp, index = 0) {
    const problem = await refused(body);
    expect(problem).toMatchObject({ type: 'urn:reckon:problem:invalid-event', index });
    expect(problem.errors).toContainEqual({ index, path, message: expect.stringMatching(message) });
    expect(problem.detail).toContain(path);
  }
  return { post, refused, refusedAt };
}

/**
 * SPEC §1 "Bounds" over HTTP: each violation is a 400 problem naming the field and appends
 * nothing; the extremes inside the bounds are accepted and every projection folds them.
 */
describe('SPEC §1 bounds over HTTP', () => {
  const db = useTestDatabase('api_bounds');
  let t: QueryTestApp;
  let store: PostgresEventStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    ({ store, app } = t);
    await t.seed([
      partnerRegistered('P-B'),
      customerAssociated('C-B', 'P-B'),
      orderPlaced('O-B', 'C-B', '100.00'),
      voucherQuotaGranted('Q-B', 'P-B', 'P-B', '500.00'),
    ]);
  });
  afterAll(async () => t?.close());

  const { post, refused, refusedAt } = eventPosts(() => t);

  it('refuses a NUL or an unpaired surrogate in any string, naming the field', async () => {
    await refusedAt(partnerRegistered('P1\u0000'), '/data/partnerId', /NUL/);
    await refusedAt(partnerRegistered('P-N', { name: 'a\ud800b' }), '/data/name', /unpaired surrogate/);
    // Written as JSON escapes, as a hostile client would.
    const text = JSON.stringify(partnerRegistered('P-N', { name: 'NAME' })).replace('NAME', 'a\\udc00\\u0000');
    await refusedAt(text, '/data/name', /NUL|surrogate/);
    await refusedAt(
      { events: [partnerRegistered('P-N2'), customerAssociated('C\u0000', 'P-N2')] },
      '/data/customerId',
      /NUL/,
      1,
    );
  });

  it('refuses an amount of 16 or more integer digits (the issue: 10^23 stopped three projections)', async () => {
    const adjustment = envelope('AdjustmentPosted', {
      adjustmentId: 'ADJ-B',
      customerId: 'C-B',
      amount: '100000000000000000000000',
      currency: 'CNY',
      reason: 'x',
    });
    await refusedAt(adjustment, '/data/amount', /at most 15 integer digits/);
    await refusedAt(orderPlaced('O-B2', 'C-B', '1000000000000000'), '/data/listAmount', /at most 15 integer digits/);
  });

  it('refuses times outside 1970–9998 or with an offset beyond ±14:00, in occurredAt and data', async () => {
    for (const occurredAt of ['0000-01-01T00:00:00Z', '9999-12-31T23:59:59-05:00', '10000-01-01T00:00:00Z']) {
      await refusedAt({ ...partnerRegistered('P-T'), occurredAt }, '/occurredAt', /years 1970–9998|ISO-8601/);
    }
    await refusedAt({ ...partnerRegistered('P-T'), occurredAt: '2026-10-05T10:00:00+16:00' }, '/occurredAt', /±14:00/);
    await refusedAt(
      orderPlaced('O-T', 'C-B', '1', { termEnd: '2027-01-01T00:00:00+16:00' }),
      '/data/termEnd',
      /±14:00/,
    );
    await refusedAt(orderPlaced('O-T', 'C-B', '1', { termEnd: '0000-01-01T00:00:00Z' }), '/data/termEnd', /1970–9998/);
    const quota = { ...voucherQuotaGranted('Q-T', 'P-B', 'P-B', '1') };
    quota.data.expiresAt = '2030-01-01T00:00:00-15:00';
    await refusedAt(quota, '/data/expiresAt', /±14:00/);
  });

  it('refuses ids over 128 characters, text over 1,024, metadata over 8 KiB and a 900 kB causationId', async () => {
    await refusedAt(partnerRegistered('p'.repeat(129)), '/data/partnerId', /1–128 characters/);
    await refusedAt(partnerRegistered('P-L', { name: 'n'.repeat(1025) }), '/data/name', /at most 1,024 characters/);
    const metadata = { note: Array.from({ length: 9 }, () => 'm'.repeat(1000)) };
    await refusedAt({ ...partnerRegistered('P-M'), metadata }, '/metadata', /at most 8192 bytes/);
    const causation = { ...partnerRegistered('P-M'), metadata: { causationId: 'c'.repeat(900_000) } };
    await refusedAt(causation, '/metadata/causationId', /at most 8,192 characters/);
    // One long note is metadata like any other: only its 8 KiB as a whole bound it.
    const note = { ...partnerRegistered('P-N'), metadata: { note: 'n'.repeat(8000) } };
    const posted = await post(note);
    expect(posted.statusCode, posted.body).toBe(201);
    await refusedAt(
      { ...partnerRegistered('P-M'), metadata: { causationId: 'c'.repeat(129) } },
      '/metadata/causationId',
      /1–128/,
    );
  });

  it('refuses nesting deeper than 32 levels, without a stack overflow at 3,500 or 150,000', async () => {
    const nested = (depth: number) => {
      let v: unknown = 'x';
      for (let i = 0; i < depth; i++) v = { a: v };
      return v;
    };
    const withSpec = (depth: number) =>
      orderPlaced(`O-D${depth}`, 'C-B', '1', { resources: [{ resourceId: 'r', spec: nested(depth) }] });
    expect((await post(withSpec(28))).statusCode).toBe(201);
    await refusedAt(withSpec(29), `/data/resources/0/spec${'/a'.repeat(28)}`, /at most 32 levels/);
    // Deeper than a body may nest at all: the reader stops before building it.
    for (const depth of [3500, 150_000]) {
      const text = `{"events":[${JSON.stringify(withSpec(1)).replace('"spec":{"a":"x"}', `"spec":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)}]}`;
      const problem = await refused(text);
      expect(problem.type).toBe('urn:reckon:problem:invalid-request');
      expect(problem.detail).toMatch(
        /^malformed JSON: \/events\/0\/data\/resources\/0\/spec(\/a)+: nests too deep: JSON nesting is at most 34 levels/,
      );
    }
  });

  it('refuses a key repeated in one object, naming it (JSON.parse would have kept the last)', async () => {
    const event = orderPlaced('O-K', 'C-B', '10.00');
    const text = JSON.stringify({ events: [event] }).replace('"amount":"10.00"', '"amount":"10.00","amount":"99999"');
    const problem = await refused(text);
    expect(problem).toMatchObject({
      type: 'urn:reckon:problem:invalid-request',
      errors: [{ path: '/events/0/data/amount', message: 'is a key repeated in one object' }],
    });
    expect(problem.detail).toBe('malformed JSON: /events/0/data/amount: is a key repeated in one object');
    expect(JSON.stringify((await refused('{"__proto__": {"x": 1}}')).errors)).toContain('/__proto__');
  });

  it('refuses invalid UTF-8 instead of storing U+FFFD, and takes the same event in valid UTF-8', async () => {
    const event = partnerRegistered('P-U', { name: 'NAME' });
    const [before, after] = JSON.stringify(event).split('NAME') as [string, string];
    for (const bad of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xc0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      const body = Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]);
      const problem = await refused(body);
      expect(problem.detail).toBe(`malformed JSON: not valid UTF-8 (at byte ${before.length})`);
    }
    const good = Buffer.concat([Buffer.from(before), Buffer.from('中文 😀'), Buffer.from(after)]);
    expect((await post(good)).statusCode).toBe(201);
    const [stored] = await store.readStream('partner-P-U');
    expect(stored?.data.name).toBe('中文 😀');
  });

  it('holds the body of a command other than events to the string bounds too', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/partners/P-B/statements/2026-10/rebuild',
      headers: { ...bearer('admin'), 'content-type': 'application/json' },
      payload: { rulesVersion: 'v\u00001' },
    });
    expect(expectProblem(response, 400).errors).toEqual([
      { path: '/rulesVersion', message: 'must not contain a NUL character (U+0000)' },
    ]);
  });

  it('accepts the extremes inside the bounds, and every projection folds them (9999-01 included)', async () => {
    const fifteen = '999999999999999.99999999';
    const id = (prefix: string) => `${prefix}-${'x'.repeat(128 - prefix.length - 1)}`;
    const partnerId = id('PX');
    const customerId = id('CX');
    const events: Envelope[] = [
      {
        // A rate of 1 plus a tier bonus of 1: incentive lines of twice the largest amount.
        ...envelope('IncentiveRulesPublished', {
          version: 'bounds-1',
          effectiveFrom: '1969-12',
          rules: [{ id: 'all', rate: '1' }],
          tiers: [{ minNet: '0', bonusRate: '1' }],
        }),
        occurredAt: '1970-01-01T00:00:00+14:00',
      },
      {
        ...partnerRegistered(partnerId, { name: 'n'.repeat(1024), level: 'l'.repeat(1024) }),
        occurredAt: '1970-01-01T00:00:00+14:00',
      },
      { ...customerAssociated(customerId, partnerId), occurredAt: '1970-01-01T00:00:00+14:00' },
      {
        ...orderPlaced(id('OX'), customerId, fifteen, {
          termEnd: '9998-12-31T23:59:59.999-14:00',
          resources: [{ resourceId: id('RX'), spec: { deep: { a: { b: 'c'.repeat(1024) } } } }],
        }),
        occurredAt: '9998-12-31T23:59:59-14:00',
        metadata: { causationId: 'c'.repeat(128), correlationId: randomUUID() },
      },
      {
        ...envelope('AdjustmentPosted', {
          adjustmentId: id('AX'),
          customerId,
          amount: `-${fifteen}`,
          currency: 'CNY',
          reason: 'r'.repeat(1024),
        }),
        occurredAt: '1970-01-01T00:00:00+14:00',
      },
      { ...voucherQuotaGranted(id('QX'), partnerId, partnerId, fifteen), occurredAt: '9998-12-31T23:59:59-14:00' },
      {
        ...voucherIssued(id('VX'), id('QX'), customerId, fifteen),
        occurredAt: '9998-12-31T23:59:59-14:00',
      },
    ];
    (events[6] as Envelope).data.expiresAt = '9998-12-31T23:59:59.999-14:00';
    // The latest month a time can fall in cannot be closed: its events would go to 9999-02, a month
    // no query takes. The one before it can.
    const close = (period: string) => ({
      ...envelope('BillingPeriodClosed', { period }),
      occurredAt: '9998-12-31T23:59:59-14:00',
    });
    await refusedAt({ events: [...events, close('9999-01')] }, '/data/period', /must be before 9999-01/, events.length);
    events.push(close('9998-12'));
    const response = await post({ events });
    expect(response.statusCode, response.body).toBe(201);
    const { lastPosition } = response.json() as { lastPosition: number };
    expect(await waitForPosition(t.read.queries.pool, lastPosition, 20_000)).toBe(true);

    // 9998-12-31T23:59:59-14:00 is 9999-01-01T13:59:59Z: January 9999 in Shanghai. 1970-01-01T00:00+14:00 is December 1969.
    const get = (url: string) => app.inject({ url, headers: bearer('admin') });
    const january = await get(`/v1/partners/${partnerId}/consumption?period=9999-01`);
    expect(january.statusCode, january.body).toBe(200);
    expect(january.json()).toMatchObject({ consumption: '999999999999999.99999999' });
    const december = await get(`/v1/partners/${partnerId}/consumption?period=1969-12`);
    expect(december.json()).toMatchObject({ adjustments: '-999999999999999.99999999' });
    const lines = await get(`/v1/partners/${partnerId}/incentives?year=9999`);
    expect(lines.statusCode, lines.body).toBe(200);
    const subscriptions = await get(`/v1/customers/${customerId}/subscriptions`);
    expect(subscriptions.json().items[0]).toMatchObject({ termEnd: '9999-01-01T13:59:59.999Z' });
    const operations = await get(`/v1/voucher-quotas/${id('QX')}/operations`);
    expect(operations.statusCode, operations.body).toBe(200);
    const balance = await get(`/v1/partners/${partnerId}/balance`);
    expect(balance.statusCode, balance.body).toBe(200);
    const statement = await get(`/v1/partners/${partnerId}/statements/9999-01`);
    expect(statement.statusCode, statement.body).toBe(200);
    expect(statement.json()).toMatchObject({ status: 'estimated', total: '2000000000000000.00' });
  });

  it('refuses a unit 17 bases away from its root, naming the rule', async () => {
    const unit = (name: string, base: string) =>
      envelope('MeasureUnitRegistered', {
        unit: name,
        dimension: 'chain',
        baseUnit: base,
        factor: base === name ? '1' : '2',
      });
    const chain = [unit('c0', 'c0')];
    for (let i = 1; i <= 16; i++) chain.push(unit(`c${i}`, `c${i - 1}`));
    expect((await post({ events: chain })).statusCode).toBe(201);
    const head = await store.headPosition();
    const problem = expectProblem(await post(unit('c17', 'c16')), 422);
    expect(problem).toMatchObject({ rule: 'unit-chain-within-bound', index: 0 });
    expect(problem.detail).toContain('17 bases');
    expect(await store.headPosition()).toBe(head);
  });
});

/** The revision after the highest one a client may publish still fits the read models' column. */
describe('SPEC §1 bounds on statement revisions', () => {
  const db = useTestDatabase('api_bounds_revisions');
  let t: QueryTestApp;
  let store: PostgresEventStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    ({ store, app } = t);
    await t.seed([
      envelope('IncentiveRulesPublished', { version: 'rev-1', effectiveFrom: '2026-01', rules: [] }),
      partnerRegistered('P-B'),
      customerAssociated('C-B', 'P-B'),
      orderPlaced('O-B', 'C-B', '100.00'),
    ]);
  });
  afterAll(async () => t?.close());

  const { post, refusedAt } = eventPosts(() => t);

  it('refuses a published revision the engine could not number past, and folds the highest it takes', async () => {
    const published = (revision: number) =>
      envelope('StatementRevisionPublished', {
        partnerId: 'P-B',
        period: '2026-10',
        revision,
        rulesVersion: 'rev-1',
        totalBefore: '0',
        totalAfter: '0',
      });
    await refusedAt(published(1_000_000_001), '/data/revision', /up to 1000000000/);
    expect((await post(published(1_000_000_000))).statusCode).toBe(201);
    // A rule set covering the open period (of P-B's order) opens the revision after it: the projections fold it.
    const next = await post(
      envelope('IncentiveRulesPublished', { version: 'rev-2', effectiveFrom: '2026-10', rules: [] }),
    );
    expect(next.statusCode, next.body).toBe(201);
    const { lastPosition } = next.json() as { lastPosition: number };
    expect(await waitForPosition(t.read.queries.pool, lastPosition, 20_000)).toBe(true);
    const revisions = await app.inject({
      url: '/v1/partners/P-B/statements/2026-10/revisions',
      headers: bearer('admin'),
    });
    expect(revisions.statusCode, revisions.body).toBe(200);
    expect(revisions.json().items.map((r: { revision: number }) => r.revision)).toContain(1_000_000_001);
  });

  it('refuses to publish a revision whose totals are beyond an amount’s bounds, naming the rule', async () => {
    const fifteen = '999999999999999.99';
    const seeded = await post({
      events: [
        envelope('IncentiveRulesPublished', { version: 'big', effectiveFrom: '2026-12', rules: [{ rate: '1' }] }),
        partnerRegistered('P-T'),
        customerAssociated('C-T', 'P-T'),
        { ...orderPlaced('O-T1', 'C-T', fifteen), occurredAt: '2026-12-05T10:00:00+08:00' },
        { ...orderPlaced('O-T2', 'C-T', fifteen), occurredAt: '2026-12-05T10:00:00+08:00' },
      ],
    });
    expect(seeded.statusCode, seeded.body).toBe(201);
    expect(await waitForPosition(t.read.queries.pool, seeded.json().lastPosition, 20_000)).toBe(true);
    const url = '/v1/partners/P-T/statements/2026-12';
    const rebuilt = await app.inject({
      method: 'POST',
      url: `${url}/rebuild`,
      headers: bearer('admin'),
      payload: { rulesVersion: 'rev-1' },
    });
    expect(rebuilt.statusCode, rebuilt.body).toBe(201);
    expect(rebuilt.json().diff).toMatchObject({ totalBefore: '1999999999999999.98', totalAfter: '0.00' });
    const head = await store.headPosition();
    const published = await app.inject({
      method: 'POST',
      url: `${url}/revisions/${rebuilt.json().revision}/publish`,
      headers: bearer('admin'),
    });
    const problem = expectProblem(published, 422);
    expect(problem).toMatchObject({ rule: 'statement-total-within-bounds' });
    expect(problem.detail).toContain('/data/totalBefore');
    expect(problem.detail).not.toContain('retry');
    expect(await store.headPosition()).toBe(head);
    // The OpenAPI document (so docs/http-reference.md and the typed client) declares this answer.
    const document = app.swagger() as { paths: Record<string, { post?: { responses: object } }> };
    const operation = document.paths['/v1/partners/{id}/statements/{period}/revisions/{revision}/publish']?.post;
    expect(Object.keys(operation?.responses ?? {})).toContain('422');
  });
});

describe('SPEC §1 bounds on path ids and query parameters', () => {
  const db = useTestDatabase('api_bounds_query');
  let t: QueryTestApp;

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P1'),
      customerAssociated('C1', 'P1'),
      orderPlaced('O1', 'C1', '100.00'),
      voucherQuotaGranted('Q1', 'P1', 'P1', '500.00'),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ url, headers: bearer('admin') });

  it('answers the reproductions of the issue with 400 problem+json, never 500 or a 5 s wait', async () => {
    const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cases: [string, string][] = [
      ['/v1/partners/P1%00/balance', 'params/id: must not contain a NUL character'],
      ['/v1/streams/partner-P1%00/events', 'params/streamId: must not contain a NUL character'],
      ['/v1/partners/P1/incentives?customerName=a%00b', 'querystring/customerName: must not contain a NUL'],
      ['/v1/voucher-quotas/Q1/operations?customerName=a%00b', 'querystring/customerName: must not contain a NUL'],
      ['/v1/streams/partner-P1/events?limit=Infinity', 'querystring/limit: must be an integer in decimal digits'],
      ['/v1/partners/P1/incentives?limit=Infinity', 'querystring/limit: must be an integer in decimal digits'],
      ['/v1/partners/P1/statements/2026-10?revision=1e309', 'querystring/revision: must be an integer'],
      ['/v1/partners/P1/balance?minPosition=1e309', 'querystring/minPosition: must be an integer'],
      ['/v1/partners/P1/balance?minPosition=9007199254740992', 'querystring/minPosition must be <= 9007199254740991'],
      ['/v1/partners/P1/statements/2026-10?revision=2147483648', 'querystring/revision must be <= 2147483647'],
      [`/v1/customers/C1/subscriptions?cursor=${base64({ t: 8.64e15 + 1, r: 'x' })}`, 'cursor is not one'],
      [`/v1/customers/C1/subscriptions?cursor=${base64({ t: -8.64e15, r: 'x' })}`, 'cursor is not one'],
      [`/v1/customers/C1/subscriptions?cursor=${base64({ t: 0, r: 'x\u0000' })}`, 'cursor is not one'],
      ['/v1/partners/P1%ED%A0%80/balance', 'the path is not valid percent-encoded UTF-8'],
      // Fastify's query parser keeps an undecodable value as it came, which would hide its NUL.
      [
        '/v1/partners/P1/incentives?customerName=%00%ED%A0%80',
        'querystring/customerName: is not valid percent-encoded',
      ],
      ['/v1/partners/P1/incentives?customerName=50%', 'querystring/customerName: is not valid percent-encoded'],
      [`/v1/partners/${'p'.repeat(129)}/balance`, 'params/id must NOT have more than 128 characters'],
      [`/v1/partners/${'%E4%B8%AD'.repeat(400)}/balance`, 'longer than 320 characters'],
      // Periods and times in queries keep the bounds of events' (a month past them holds no event).
      ['/v1/partners/P1/consumption?period=9999-02', 'querystring/period: must be a month from 1969-12 to 9999-01'],
      ['/v1/partners/P1/consumption?period=1969-11', 'querystring/period: must be a month from 1969-12 to 9999-01'],
      ['/v1/partners/P1/statements/9999-02', 'params/period: must be a month from 1969-12 to 9999-01'],
      ['/v1/voucher-quotas/Q1/operations?from=0000-01-01', 'from must lie in the years 1970–9998'],
      ['/v1/voucher-quotas/Q1/operations?to=9999-01-01T00:00:00Z', 'to must lie in the years 1970–9998'],
      ['/v1/voucher-quotas/Q1/operations?from=2026-10-01T00:00:00%2B14:01', 'from must have an offset within ±14:00'],
      ['/v1/voucher-quotas/Q1/operations?from=2026-10-01T10:00%2B23', 'from must have an offset within ±14:00'],
      // A subscriptions cursor of the older form (milliseconds) outside the years 0001–9999.
      ...[-62_135_596_800_001, 253_402_300_800_000].map(
        (t) =>
          [
            `/v1/customers/C1/subscriptions?cursor=${encodeCursor([t, 'x'], listDigest('customer-subscriptions', { customerId: 'C1' }))}`,
            'cursor is not one',
          ] as [string, string],
      ),
    ];
    for (const [url, detail] of cases) {
      const started = Date.now();
      const problem = expectProblem(await get(url), 400);
      expect(problem.detail, url).toContain(detail);
      expect(Date.now() - started, url).toBeLessThan(1000);
    }
  });

  it('routes an id of 128 characters, however it is encoded', async () => {
    for (const id of ['p'.repeat(128), '中'.repeat(128), '😀'.repeat(64)]) {
      const problem = expectProblem(await get(`/v1/partners/${encodeURIComponent(id)}/balance`), 404);
      expect(problem.detail).toContain(id);
    }
  });
});

/**
 * `year=` takes the years a booking period can have (EARLIEST_PERIOD … LATEST_PERIOD: 1969–9999),
 * on every route that has it: 1970-01-01T00:00+14:00 books into 1969-12 in Shanghai and
 * 9998-12-31T23:59:59−14:00 into 9999-01. A year outside holds no period: 400, not an empty list.
 */
describe('year= on the incentive detail and the statements', () => {
  const db = useTestDatabase('api_bounds_year');
  let t: QueryTestApp;
  const EARLIEST = '1970-01-01T00:00:00+14:00';
  const LATEST = '9998-12-31T23:59:59-14:00';

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      {
        ...envelope('IncentiveRulesPublished', {
          version: 'y-1',
          effectiveFrom: '1969-12',
          rules: [{ id: 'all', rate: '0.1' }],
        }),
        occurredAt: EARLIEST,
      },
      { ...partnerRegistered('P-Y'), occurredAt: EARLIEST },
      { ...customerAssociated('C-Y', 'P-Y'), occurredAt: EARLIEST },
      { ...orderPlaced('O-FIRST', 'C-Y', '10.00', { termEnd: '2027-01-01T00:00:00Z' }), occurredAt: EARLIEST },
      { ...orderPlaced('O-LAST', 'C-Y', '20.00', { termEnd: '9998-12-31T23:59:59.999-14:00' }), occurredAt: LATEST },
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string) => t.app.inject({ url, headers: bearer('admin') });

  it('lists the periods of 1969 and of 9999, on both routes', async () => {
    for (const [year, period, orderId] of [
      [1969, '1969-12', 'O-FIRST'],
      [9999, '9999-01', 'O-LAST'],
    ] as const) {
      const statements = await get(`/v1/partners/P-Y/statements?year=${year}`);
      expect(statements.statusCode, statements.body).toBe(200);
      expect((statements.json() as { items: { period: string }[] }).items.map((s) => s.period)).toEqual([period]);
      const lines = await get(`/v1/partners/P-Y/incentives?year=${year}`);
      expect(lines.statusCode, lines.body).toBe(200);
      expect((lines.json() as { items: { orderId: string }[] }).items.map((l) => l.orderId)).toEqual([orderId]);
      expect((await get(`/v1/partners/P-Y/statements/${period}`)).statusCode).toBe(200);
    }
  });

  it('refuses a year no period can have with 400 problem+json, on both routes alike', async () => {
    for (const route of ['statements', 'incentives']) {
      for (const [year, detail] of [
        ['26', 'querystring/year must be >= 1969 (got 26)'],
        ['1968', 'querystring/year must be >= 1969 (got 1968)'],
        ['10000', 'querystring/year must be <= 9999 (got 10000)'],
      ]) {
        const url = `/v1/partners/P-Y/${route}?year=${year}`;
        expect(expectProblem(await get(url), 400).detail, url).toBe(detail);
      }
    }
  });
});
