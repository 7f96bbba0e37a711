import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  envelope,
  orderPlaced,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

const at = (day: string) => `2026-10-${day}T10:00:00+08:00`;
const refunded = (refundId: string, orderId: string, amount: string, occurredAt: string) =>
  envelope(
    'OrderRefunded',
    { refundId, orderId, reason: 'unsubscribe', amount, resourceIds: [`res-${orderId}`, `disk-${orderId}`] },
    occurredAt,
  );
const specChanged = (changeId: string, orderId: string, amount: string, day: string) =>
  envelope(
    'SpecChanged',
    { changeId, orderId, resourceId: `res-${orderId}`, fromSpec: 'large', toSpec: 'small', amount },
    at(day),
  );

/**
 * SPEC §6 "where each refund or rebate came from", each figure computed by hand. P-RES's customer
 * C-R buys O-1 for 100.00 on the 6th, 30.00 of it by voucher V-1 (cash 70.00), and O-2 for 50.00
 * (all cash) on the 7th, both paid from P-RES's funds (resale). O-2 is upgraded by 5.00 on the 7th (cash 55.00) and rebated 20.00 on the
 * 8th (cash 20.00, voucher 0: cash 35.00 left). O-1 is refunded 80.00 on the 9th: cash first, 70.00
 * of cash and the other 10.00 of voucher. October is closed; then O-2 is refunded 10.00, late (on
 * the 30th), so booked into November: cash 10.00. P-SP's customer has a refund of its own.
 */
describe('the partner centre: where refunds came from', () => {
  const db = useTestDatabase('api_refund_sources');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { tier: 'distributor' }),
      partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' }),
      partnerRegistered('P-SP'),
      customerAssociated('C-R', 'P-RES', 'resale'),
      envelope(
        'FundsAllocated',
        { allocationId: 'AL1', distributorId: 'P-DIST', resellerId: 'P-RES', amount: '200.00', currency: 'CNY' },
        at('01'),
      ),
      customerAssociated('C-SP', 'P-SP'),
      voucherQuotaGranted('Q-1', 'P-DIST', 'P-RES', '300.00'),
      voucherIssued('V-1', 'Q-1', 'C-R', '30.00'),
      {
        ...orderPlaced('O-1', 'C-R', '100.00', {
          voucherId: 'V-1',
          voucherAmount: '30.00',
          resources: [{ resourceId: 'res-O-1' }, { resourceId: 'disk-O-1' }],
        }),
        occurredAt: at('06'),
      },
      {
        ...orderPlaced('O-2', 'C-R', '50.00', { resources: [{ resourceId: 'res-O-2' }, { resourceId: 'disk-O-2' }] }),
        occurredAt: at('07'),
      },
      specChanged('CH-1', 'O-2', '5.00', '07'),
      specChanged('CH-2', 'O-2', '-20.00', '08'),
      refunded('RF-1', 'O-1', '80.00', at('09')),
      {
        ...orderPlaced('O-S', 'C-SP', '40.00', { resources: [{ resourceId: 'res-O-S' }, { resourceId: 'disk-O-S' }] }),
        occurredAt: at('09'),
      },
      refunded('RF-S', 'O-S', '40.00', at('10')),
      envelope('BillingPeriodClosed', { period: '2026-10' }, '2026-11-01T01:00:00+08:00'),
      refunded('RF-2', 'O-2', '10.00', at('30')),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS = 'admin', headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
  type Row = Record<string, unknown> & { sourceId: string };
  const list = async (query: string, key: keyof typeof KEYS = 'admin') => {
    const response = await get(`/v1/partners/P-RES/refunds?${query}`, key);
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: Row[]; nextCursor: string | null }).items;
  };

  it('lists each refund and rebate, newest first, split cash first and booked by period', async () => {
    const items = await list('');
    expect(items.map((i) => i.sourceId)).toEqual(['RF-2', 'RF-1', 'CH-2']);
    expect(items[1]).toEqual({
      sourceType: 'OrderRefunded',
      sourceId: 'RF-1',
      orderId: 'O-1',
      customerId: 'C-R',
      resourceIds: ['res-O-1', 'disk-O-1'],
      reason: 'unsubscribe',
      amount: '80.00',
      cashPart: '70.00',
      voucherPart: '10.00',
      period: '2026-10',
      time: '2026-10-09T02:00:00.000Z',
      currency: 'CNY',
      correctsPeriod: null,
    });
    expect(items[2]).toEqual({
      sourceType: 'SpecChanged',
      sourceId: 'CH-2',
      orderId: 'O-2',
      customerId: 'C-R',
      resourceIds: ['res-O-2'],
      reason: null,
      amount: '20.00',
      cashPart: '20.00',
      voucherPart: '0.00',
      period: '2026-10',
      time: '2026-10-08T02:00:00.000Z',
      currency: 'CNY',
      correctsPeriod: null,
    });
    expect(items[0]).toMatchObject({ amount: '10.00', cashPart: '10.00', voucherPart: '0.00', period: '2026-11' });
  });

  it('names the closed period a late refund corrects, as its incentive line does (SPEC §3)', async () => {
    const items = await list('');
    expect(items.map((i) => [i.sourceId, i.period, i.correctsPeriod])).toEqual([
      ['RF-2', '2026-11', '2026-10'],
      ['RF-1', '2026-10', null],
      ['CH-2', '2026-10', null],
    ]);
    const lines = (await get('/v1/partners/P-RES/incentives?limit=1000')).json() as {
      items: { sourceId: string; period: string; correctsPeriod: string | null }[];
    };
    for (const refund of items) {
      const line = lines.items.find((l) => l.sourceId === refund.sourceId);
      expect(line, refund.sourceId).toBeDefined();
      expect([refund.period, refund.correctsPeriod]).toEqual([line!.period, line!.correctsPeriod]);
    }
    const csv = await get('/v1/partners/P-RES/refunds?period=2026-11', 'admin', { accept: 'text/csv' });
    const [header, row] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header?.endsWith(',period,time,currency,correctsPeriod')).toBe(true);
    expect(row?.endsWith(',2026-11,2026-10-30T02:00:00.000Z,CNY,2026-10')).toBe(true);
  });

  it('filters by booking period and by order', async () => {
    expect((await list('period=2026-10')).map((i) => i.sourceId)).toEqual(['RF-1', 'CH-2']);
    expect((await list('period=2026-11')).map((i) => i.sourceId)).toEqual(['RF-2']);
    expect((await list('orderId=O-2')).map((i) => i.sourceId)).toEqual(['RF-2', 'CH-2']);
    expect((await list('orderId=O-2&period=2026-10')).map((i) => i.sourceId)).toEqual(['CH-2']);
    expect(await list('orderId=O-S')).toEqual([]);
  });

  it('pages with a cursor bound to the filters, and gives CSV', async () => {
    const first = (await get('/v1/partners/P-RES/refunds?limit=2')).json() as { items: Row[]; nextCursor: string };
    expect(first.items.map((i) => i.sourceId)).toEqual(['RF-2', 'RF-1']);
    const second = (
      await get(`/v1/partners/P-RES/refunds?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json() as { items: Row[]; nextCursor: string | null };
    expect(second.items.map((i) => i.sourceId)).toEqual(['CH-2']);
    expect(second.nextCursor).toBeNull();
    const other = await get(
      `/v1/partners/P-RES/refunds?limit=2&orderId=O-1&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    expect(other.statusCode).toBe(400);
    const csv = await get('/v1/partners/P-RES/refunds', 'admin', { accept: 'text/csv' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('sourceType,sourceId,orderId,customerId,resourceIds,reason,amount,cashPart,voucherPart');
  });

  it('gives the same cash part the reseller’s funds got back', async () => {
    const ledger = (await get('/v1/partners/P-RES/fund-operations?kind=returned')).json() as {
      items: { sourceId: string; amount: string }[];
    };
    const refunds = await list('');
    expect(ledger.items.map((o) => [o.sourceId, o.amount])).toEqual(refunds.map((r) => [r.sourceId, r.cashPart]));
  });

  it('shows a partner its own refunds only', async () => {
    expect((await list('', 'reseller')).map((i) => i.sourceId)).toEqual(['RF-2', 'RF-1', 'CH-2']);
    await expectProblem(await get('/v1/partners/P-SP/refunds', 'reseller'), 403);
    const sp = (await get('/v1/partners/P-SP/refunds', 'provider')).json() as { items: Row[] };
    expect(sp.items.map((i) => i.sourceId)).toEqual(['RF-S']);
    await expectProblem(await get('/v1/partners/P-RES/refunds?period=2026-13'), 400);
  });
});
