import { useTestDatabase } from '@reckon/database/vitest';
import { nextPeriod } from '@reckon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  type Envelope,
  envelope,
  orderPlaced,
  orderRefunded,
  partnerRegistered,
} from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

const at = (occurredAt: string, event: Envelope): Envelope => ({ ...event, occurredAt });

/**
 * GET /v1/partners/{id}/consumption/monthly over real projections: each period's figures are the
 * partner figures GET …/consumption?period= answers for that period (late events booked into the
 * next open period included), zeros where nothing was booked; a bad range is a 400 and nothing
 * else; scope is the single-period route's.
 */
describe('the monthly consumption of a partner', () => {
  const db = useTestDatabase('api_monthly_consumption');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    const early = '2026-01-02T09:00:00+08:00';
    await t.seed([
      at(early, partnerRegistered('P-DIST', { tier: 'distributor' })),
      at(early, partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' })),
      at(early, partnerRegistered('P-SP')),
      at(early, customerAssociated('C-1', 'P-RES')),
      at(early, customerAssociated('C-2', 'P-RES')),
      at(early, customerAssociated('C-3', 'P-SP')),
      at('2026-06-10T10:00:00+08:00', orderPlaced('O-1', 'C-1', '100.10')),
      at('2026-08-03T10:00:00+08:00', orderPlaced('O-2', 'C-1', '250.00')),
      at('2026-08-20T10:00:00+08:00', orderPlaced('O-3', 'C-2', '999.99')),
      at('2026-08-25T10:00:00+08:00', orderPlaced('O-4', 'C-3', '77.00')),
      at('2026-09-01T02:00:00+08:00', envelope('BillingPeriodClosed', { period: '2026-08' })),
      // Dated in closed 2026-08: booked into 2026-09.
      at('2026-08-30T10:00:00+08:00', orderRefunded('RF-1', 'O-3', '99.99')),
      at(
        '2026-10-20T10:00:00+08:00',
        envelope('AdjustmentPosted', {
          adjustmentId: 'ADJ-1',
          customerId: 'C-2',
          amount: '-20.00',
          currency: 'CNY',
          reason: 'goodwill credit',
        }),
      ),
      at('2026-10-21T10:00:00+08:00', orderPlaced('O-5', 'C-2', '10.00')),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS = 'admin', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });

  it("answers each period of the range with the single-period route's partner figures", async () => {
    const response = await get('/v1/partners/P-RES/consumption/monthly?from=2026-05&to=2026-11');
    expect(response.statusCode, response.body).toBe(200);
    const monthly = response.json() as {
      partnerId: string;
      currency: string;
      items: Array<Record<string, unknown> & { period: string; customerCount: number }>;
    };
    expect(monthly).toMatchObject({ partnerId: 'P-RES', currency: 'CNY' });
    const periods: string[] = [];
    for (let p = '2026-05'; p <= '2026-11'; p = nextPeriod(p)) periods.push(p);
    expect(monthly.items.map((item) => item.period)).toEqual(periods);
    for (const { period, customerCount, ...figures } of monthly.items) {
      const single = await get(`/v1/partners/P-RES/consumption?period=${period}`);
      expect(single.statusCode).toBe(200);
      const { partnerId, currency, customers, period: _, ...expected } = single.json();
      expect(figures, period).toEqual(expected);
      expect(customerCount, period).toBe(customers.length);
    }
    // The figures themselves, so a wrong single-period answer cannot pass for a right one.
    const of = (period: string) => monthly.items.find((item) => item.period === period);
    expect(of('2026-05')).toMatchObject({ consumption: '0.00', net: '0.00', customerCount: 0 });
    expect(of('2026-06')).toMatchObject({ consumption: '100.10', net: '100.10', customerCount: 1 });
    expect(of('2026-08')).toMatchObject({ consumption: '1249.99', net: '1249.99', customerCount: 2 });
    expect(of('2026-09')).toMatchObject({
      consumption: '0.00',
      refunds: { refundOrders: '99.99', specChangeRebates: '0.00', total: '99.99' },
      net: '-99.99',
      customerCount: 1,
    });
    expect(of('2026-10')).toMatchObject({ consumption: '10.00', adjustments: '-20.00', net: '-10.00' });
  });

  it('answers a one-period range and the 24-period maximum', async () => {
    const one = await get('/v1/partners/P-SP/consumption/monthly?from=2026-08&to=2026-08');
    expect(one.json().items).toEqual([expect.objectContaining({ period: '2026-08', consumption: '77.00' })]);
    const most = await get('/v1/partners/P-SP/consumption/monthly?from=2025-01&to=2026-12');
    expect(most.statusCode, most.body).toBe(200);
    expect(most.json().items.map((item: { period: string }) => item.period)).toHaveLength(24);
    expect(most.json().items[0].period).toBe('2025-01');
  });

  it('gives the periods as CSV', async () => {
    const response = await get('/v1/partners/P-RES/consumption/monthly?from=2026-08&to=2026-09', 'admin', {
      accept: 'text/csv',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe(
      'period,consumption,refunds.refundOrders,refunds.specChangeRebates,refunds.total,adjustments,vouchersUsed,net,customerCount',
    );
    expect(lines.slice(1)).toEqual([
      '2026-08,1249.99,0.00,0.00,0.00,0.00,0.00,1249.99,2',
      '2026-09,0.00,99.99,0.00,99.99,0.00,0.00,-99.99,1',
    ]);
  });

  it('answers a bad range with 400 and nothing else', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=2026-10&to=2026-09', /^from 2026-10 is after to 2026-09$/],
      ['from=2024-12&to=2026-12', /spans 25 periods; at most 24/],
      ['from=2026-13&to=2026-12', /querystring\/from must be a period/],
      ['from=2026-10', /to/],
      ['to=2026-10', /from/],
      ['', /from/],
      ['from=2026-10&to=2026-10&period=2026-10', /period/],
    ];
    for (const [query, detail] of cases) {
      const response = await get(`/v1/partners/P-RES/consumption/monthly?${query}`);
      const problem = expectProblem(response, 400);
      expect(problem.detail, query).toMatch(detail);
      expect(problem).not.toHaveProperty('items');
    }
    // A bad range of an unknown partner is still a 400: parameters are checked first.
    expectProblem(await get('/v1/partners/NOPE/consumption/monthly?from=2026-10&to=2026-09'), 400);
    expectProblem(await get('/v1/partners/NOPE/consumption/monthly?from=2026-09&to=2026-10'), 404);
  });

  it("keeps the single-period route's scope", async () => {
    const url = (id: string) => `/v1/partners/${id}/consumption/monthly?from=2026-08&to=2026-10`;
    expectProblem(await get(url('P-RES'), 'provider'), 403);
    expectProblem(await get(url('P-SP'), 'reseller'), 403);
    expectProblem(await get(url('P-DIST'), 'reseller'), 403);
    expectProblem(await t.app.inject({ method: 'GET', url: url('P-RES') }), 401);
    for (const key of ['reseller', 'partner', 'finance'] as const) {
      expect((await get(url('P-RES'), key)).statusCode, key).toBe(200);
    }
    expect((await get(url('P-SP'), 'provider')).statusCode).toBe(200);
  });
});
