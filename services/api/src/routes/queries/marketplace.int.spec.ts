import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Envelope, envelope, partnerRegistered } from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

/** SPEC §6 "Marketplace revenue split", on figures worked out by hand. */
describe('the marketplace revenue split (云商店 商品分账)', () => {
  const db = useTestDatabase('api_marketplace');
  let t: QueryTestApp;
  const tx = (transactionId: string, at: string, data: Record<string, unknown>): Envelope =>
    envelope(
      'MarketplaceTransactionRecorded',
      {
        transactionId,
        orderId: 'MO1',
        partnerId: 'P-RES',
        customerName: 'Acme Trading Co',
        productName: 'Backup appliance',
        currency: 'CNY',
        supervised: false,
        ...data,
      },
      at,
    );

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { tier: 'distributor' }),
      partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' }),
      partnerRegistered('P-SP'),
      // 100.05 × 0.05 = 5.0025 → 5.00; 10.10 × 0.15 = 1.515 → 1.52; −20.00 × 0.05 = −1.00.
      tx('MT1', '2026-10-08T09:00:00+08:00', {
        kind: 'purchase',
        amount: '100.05',
        commissionRate: '0.05',
        supervised: true,
      }),
      tx('MT2', '2026-10-09T09:00:00+08:00', { kind: 'renewal', amount: '10.10', commissionRate: '0.15' }),
      tx('MT3', '2026-10-10T09:00:00+08:00', {
        kind: 'refund',
        amount: '-20.00',
        commissionRate: '0.05',
        refundOf: 'MT1',
      }),
      envelope('MarketplaceTransactionBilled', { transactionId: 'MT1' }, '2026-10-11T09:00:00+08:00'),
      envelope('MarketplaceSupervisionReleased', { transactionId: 'MT1' }, '2026-10-12T09:00:00+08:00'),
      tx('MT4', '2026-10-13T09:00:00+08:00', {
        orderId: 'MO2',
        kind: 'purchase',
        amount: '50.00',
        commissionRate: '0.1',
        supervised: true,
      }),
      envelope('BillingPeriodClosed', { period: '2026-10' }, '2026-11-01T01:00:00+08:00'),
      // Late: happened in the closed October, booked into November.
      tx('MT5', '2026-10-20T09:00:00+08:00', {
        orderId: 'MO3',
        kind: 'purchase',
        amount: '1.00',
        commissionRate: '0.5',
      }),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS = 'admin', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
  type Row = Record<string, unknown> & { transactionId: string };
  const list = async (query: string, key: keyof typeof KEYS = 'admin') =>
    ((await get(`/v1/partners/P-RES/marketplace/transactions?${query}`, key)).json() as { items: Row[] }).items;

  it('splits each transaction: commission rounded half up, the partner’s share the rest', async () => {
    const items = await list('');
    expect(items.map((i) => i.transactionId)).toEqual(['MT5', 'MT4', 'MT3', 'MT2', 'MT1']);
    const byId = new Map(items.map((i) => [i.transactionId, i]));
    expect(byId.get('MT1')).toEqual({
      transactionId: 'MT1',
      orderId: 'MO1',
      period: '2026-10',
      correctsPeriod: null,
      occurredAt: '2026-10-08T01:00:00.000Z',
      productName: 'Backup appliance',
      customerName: 'Acme Trading Co',
      kind: 'purchase',
      amount: '100.05',
      commissionRate: '0.05',
      commission: '5.00',
      partnerShare: '95.05',
      currency: 'CNY',
      billingStatus: 'billed',
      supervisionStatus: 'released',
    });
    expect(byId.get('MT2')).toMatchObject({ commission: '1.52', partnerShare: '8.58', supervisionStatus: 'none' });
    expect(byId.get('MT3')).toMatchObject({
      kind: 'refund',
      amount: '-20.00',
      commission: '-1.00',
      partnerShare: '-19.00',
    });
    expect(byId.get('MT4')).toMatchObject({ billingStatus: 'unbilled', supervisionStatus: 'supervised' });
    expect(byId.get('MT5')).toMatchObject({ period: '2026-11', correctsPeriod: '2026-10', commission: '0.50' });
  });

  it('sums a seller’s booking period: amount, commission, share, billed, unbilled, supervised', async () => {
    const october = (await get('/v1/partners/P-RES/marketplace/summary?period=2026-10')).json();
    // amount 100.05 + 10.10 − 20.00 + 50.00; commission 5.00 + 1.52 − 1.00 + 5.00; shares 95.05, 8.58, −19.00, 45.00.
    expect(october).toEqual({
      period: '2026-10',
      currency: 'CNY',
      amount: '140.15',
      commission: '10.52',
      partnerShare: '129.63',
      billed: '95.05',
      unbilled: '34.58',
      supervised: '45.00',
    });
    const november = (await get('/v1/partners/P-RES/marketplace/summary?period=2026-11')).json();
    expect(november).toMatchObject({ amount: '1.00', commission: '0.50', partnerShare: '0.50', unbilled: '0.50' });
    const empty = (await get('/v1/partners/P-RES/marketplace/summary?period=2026-01')).json();
    expect(empty).toMatchObject({ amount: '0.00', billed: '0.00' });
  });

  it('filters on period, order, transaction date, billing and supervision status; pages; CSV', async () => {
    const ids = async (query: string) => (await list(query)).map((i) => i.transactionId);
    expect(await ids('period=2026-11')).toEqual(['MT5']);
    expect(await ids('orderId=MO1')).toEqual(['MT3', 'MT2', 'MT1']);
    expect(await ids('from=2026-10-09&to=2026-10-11')).toEqual(['MT3', 'MT2']);
    expect(await ids('tz=partner&from=2026-10-09&to=2026-10-11')).toEqual(['MT3', 'MT2']);
    expect(await ids('billingStatus=billed')).toEqual(['MT1']);
    expect(await ids('supervisionStatus=supervised')).toEqual(['MT4']);
    expect(await ids('supervisionStatus=none&billingStatus=unbilled')).toEqual(['MT5', 'MT3', 'MT2']);
    const zoned = await list('tz=partner&orderId=MO2');
    expect(zoned[0]?.occurredAt).toBe('2026-10-13T09:00:00.000+08:00');
    const first = (await get('/v1/partners/P-RES/marketplace/transactions?limit=2')).json() as {
      items: Row[];
      nextCursor: string;
    };
    const rest = (
      await get(`/v1/partners/P-RES/marketplace/transactions?limit=10&cursor=${first.nextCursor}`)
    ).json() as {
      items: Row[];
      nextCursor: string | null;
    };
    expect([...first.items, ...rest.items].map((i) => i.transactionId)).toEqual(['MT5', 'MT4', 'MT3', 'MT2', 'MT1']);
    expect(rest.nextCursor).toBeNull();
    expectProblem(await get(`/v1/partners/P-RES/marketplace/transactions?orderId=MO1&cursor=${first.nextCursor}`), 400);
    expectProblem(await get('/v1/partners/P-RES/marketplace/transactions?billingStatus=paid'), 400);
    const csv = await get('/v1/partners/P-RES/marketplace/transactions?orderId=MO1', 'admin', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('transactionId,orderId,period,correctsPeriod,occurredAt');
    expect(csv.body).toContain(
      'MT3,MO1,2026-10,,2026-10-10T01:00:00.000Z,Backup appliance,Acme Trading Co,refund,-20.00',
    );
  });

  it('is read by the seller, its distributor, finance and admin only', async () => {
    expect((await get('/v1/partners/P-RES/marketplace/transactions', 'reseller')).statusCode).toBe(200);
    expect((await get('/v1/partners/P-RES/marketplace/summary?period=2026-10', 'partner')).statusCode).toBe(200);
    expect((await get('/v1/partners/P-RES/marketplace/transactions', 'finance')).statusCode).toBe(200);
    expectProblem(await get('/v1/partners/P-RES/marketplace/transactions', 'provider'), 403);
    expectProblem(await get('/v1/partners/P-DIST/marketplace/summary?period=2026-10', 'reseller'), 403);
    expectProblem(await get('/v1/partners/P-NONE/marketplace/transactions'), 404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/partners/P-RES/marketplace/transactions' })).statusCode).toBe(
      401,
    );
  });

  it('refuses what breaks a rule with 422 naming it, and appends nothing', async () => {
    const cases: Array<[Envelope, string]> = [
      [
        tx('MX1', '2026-11-02T09:00:00+08:00', {
          kind: 'refund',
          amount: '-80.06',
          commissionRate: '0.05',
          refundOf: 'MT1',
        }),
        'marketplace-refund-within-amount',
      ],
      [
        tx('MX2', '2026-11-02T09:00:00+08:00', {
          kind: 'refund',
          amount: '-1.00',
          commissionRate: '0.05',
          refundOf: 'MT3',
        }),
        'marketplace-refund-of-sale',
      ],
      [
        tx('MX3', '2026-11-02T09:00:00+08:00', {
          orderId: 'MO2',
          kind: 'refund',
          amount: '-1.00',
          commissionRate: '0.05',
          refundOf: 'MT1',
        }),
        'marketplace-refund-of-sale',
      ],
      [
        tx('MX4', '2026-11-02T09:00:00+08:00', { kind: 'purchase', amount: '-1.00', commissionRate: '0.05' }),
        'marketplace-refund-of-sale',
      ],
      [
        tx('MX5', '2026-11-02T09:00:00+08:00', { kind: 'refund', amount: '-1.00', commissionRate: '0.05' }),
        'marketplace-refund-of-sale',
      ],
      [
        tx('MX6', '2026-11-02T09:00:00+08:00', {
          kind: 'purchase',
          amount: '1.00',
          commissionRate: '0.05',
          currency: 'USD',
        }),
        'one-currency-per-partner',
      ],
      [
        tx('MX7', '2026-11-02T09:00:00+08:00', {
          partnerId: 'P-NONE',
          kind: 'purchase',
          amount: '1.00',
          commissionRate: '0.05',
        }),
        'referenced-id-exists',
      ],
      [
        tx('MT2', '2026-11-02T09:00:00+08:00', { kind: 'purchase', amount: '1.00', commissionRate: '0.05' }),
        'created-id-is-new',
      ],
      [envelope('MarketplaceTransactionBilled', { transactionId: 'MT1' }), 'marketplace-billed-once'],
      [envelope('MarketplaceTransactionBilled', { transactionId: 'MT-NONE' }), 'referenced-id-exists'],
      [envelope('MarketplaceSupervisionReleased', { transactionId: 'MT2' }), 'marketplace-released-once'],
      [envelope('MarketplaceSupervisionReleased', { transactionId: 'MT1' }), 'marketplace-released-once'],
    ];
    for (const [event, rule] of cases) {
      const head = await t.store.headPosition();
      const response = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer('admin'),
        payload: event,
      });
      expect(expectProblem(response, 422).rule, JSON.stringify(event.data)).toBe(rule);
      expect(await t.store.headPosition()).toBe(head);
    }
    // The rest of MT1 can still be refunded, exactly.
    const last = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer('admin'),
      payload: tx('MT6', '2026-11-02T09:00:00+08:00', {
        kind: 'refund',
        amount: '-80.05',
        commissionRate: '0.05',
        refundOf: 'MT1',
      }),
    });
    expect(last.statusCode, last.body).toBe(201);
  });

  it('refuses a refund dated before the sale it refunds (SPEC §6: an earlier purchase or renewal); the same instant is fine', async () => {
    const post = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer('admin'), payload });
    const sale = tx('MS1', '2026-11-20T09:00:00+08:00', {
      orderId: 'MO9',
      kind: 'purchase',
      amount: '30.00',
      commissionRate: '0.1',
    });
    expect((await post(sale)).statusCode).toBe(201);
    const refund = (id: string, at: string, refundOf = 'MS1') =>
      tx(id, at, { orderId: 'MO9', kind: 'refund', amount: '-5.00', commissionRate: '0.1', refundOf });
    const head = await t.store.headPosition();
    const before = await post(refund('MR1', '2026-10-20T09:00:00+08:00'));
    expect(expectProblem(before, 422).rule).toBe('marketplace-refund-of-sale');
    // One microsecond before, written in another offset: still before.
    const justBefore = await post(refund('MR2', '2026-11-20T00:59:59.999999Z'));
    expect(expectProblem(justBefore, 422).rule).toBe('marketplace-refund-of-sale');
    expect(await t.store.headPosition()).toBe(head);
    // In one batch: the refund is judged against the sale the batch recorded before it.
    const batch = await post({
      events: [
        tx('MS2', '2026-11-21T09:00:00+08:00', {
          orderId: 'MO9',
          kind: 'renewal',
          amount: '30.00',
          commissionRate: '0.1',
        }),
        refund('MR3', '2026-11-21T08:59:00+08:00', 'MS2'),
      ],
    });
    expect(expectProblem(batch, 422)).toMatchObject({ rule: 'marketplace-refund-of-sale', index: 1 });
    expect(await t.store.headPosition()).toBe(head);
    // The same instant as the sale (another offset) is not before it.
    const same = await post(refund('MR4', '2026-11-20T01:00:00Z'));
    expect(same.statusCode, same.body).toBe(201);
  });
});
