import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
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
const specChanged = (changeId: string, orderId: string, amount: string, day: string) =>
  envelope(
    'SpecChanged',
    { changeId, orderId, resourceId: `res-${orderId}`, fromSpec: 'a', toSpec: 'b', amount },
    at(day),
  );

/**
 * SPEC §6 "Money of resellers" over a programme written out here, each figure computed by hand.
 * P-RES (reseller of P-DIST) has 1000 allocated on the 1st; its resale customer C-R buys O-1 for
 * 300 on the 6th, 50 of it by voucher V-1 (cash 250 from the funds: 750 left); O-1 is upgraded by
 * 40 on the 7th (710), rebated 30 on the 8th (740), refunded 100 on the 9th (840); 200 is
 * reclaimed on the 10th (640). P-RES2 has 500 allocated on the 2nd.
 */
describe('the partner centre: money of resellers', () => {
  const db = useTestDatabase('api_partner_money');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { name: '华东云分销', tier: 'distributor' }),
      partnerRegistered('P-RES', { name: 'Hangzhou Reseller', tier: 'reseller', parentId: 'P-DIST' }),
      partnerRegistered('P-RES2', { name: 'Ningbo Reseller', tier: 'reseller', parentId: 'P-DIST' }),
      partnerRegistered('P-SP', { name: 'Shanghai Solutions', timeZone: 'America/New_York' }),
      customerAssociated('C-R', 'P-RES', 'resale'),
      customerAssociated('C-F', 'P-RES', 'referral'),
      customerAssociated('C-SP', 'P-SP'),
      envelope(
        'FundsAllocated',
        { allocationId: 'AL1', distributorId: 'P-DIST', resellerId: 'P-RES', amount: '1000.00', currency: 'CNY' },
        at('01'),
      ),
      envelope(
        'FundsAllocated',
        { allocationId: 'AL2', distributorId: 'P-DIST', resellerId: 'P-RES2', amount: '500.00', currency: 'CNY' },
        at('02'),
      ),
      voucherQuotaGranted('Q-1', 'P-DIST', 'P-RES', '300.00'),
      voucherIssued('V-1', 'Q-1', 'C-R', '50.00'),
      {
        ...orderPlaced('O-1', 'C-R', '300.00', { voucherId: 'V-1', voucherAmount: '50.00' }),
        occurredAt: at('06'),
      },
      specChanged('CH-1', 'O-1', '40.00', '07'),
      specChanged('CH-2', 'O-1', '-30.00', '08'),
      envelope(
        'OrderRefunded',
        { refundId: 'RF-1', orderId: 'O-1', reason: 'downgrade', amount: '100.00', resourceIds: ['res-O-1'] },
        at('09'),
      ),
      envelope(
        'FundsReclaimed',
        { reclaimId: 'RC1', distributorId: 'P-DIST', resellerId: 'P-RES', amount: '200.00', currency: 'CNY' },
        at('10'),
      ),
      // A referral customer's order is not paid from the funds; it uses 20 of voucher V-2.
      voucherIssued('V-2', 'Q-1', 'C-F', '80.00'),
      voucherIssued('V-3', 'Q-1', 'C-F', '60.00'),
      {
        ...voucherIssued('V-4', 'Q-1', 'C-R', '40.00'),
        data: { ...voucherIssued('V-4', 'Q-1', 'C-R', '40.00').data, expiresAt: '2026-11-01T00:00:00+08:00' },
      },
      { ...orderPlaced('O-F', 'C-F', '70.00', { voucherId: 'V-2', voucherAmount: '20.00' }), occurredAt: at('11') },
      envelope('VoucherRevoked', { voucherId: 'V-3' }, at('12')),
      // Discounts: D-1 changed twice (the second change is not in force yet), D-2 revoked, D-3 not
      // valid yet, D-4 expired; D-5 of another partner's customer, D-6 of a customer gone.
      customerAssociated('C-GONE', 'P-RES'),
      envelope('CustomerDisassociated', { customerId: 'C-GONE', partnerId: 'P-RES' }, at('06')),
      envelope('DiscountGranted', {
        discountId: 'D-1',
        customerId: 'C-R',
        rate: '0.1',
        productTypes: ['ecs', 'rds'],
        validFrom: '2020-01-01T00:00:00+08:00',
      }),
      envelope('DiscountChanged', { discountId: 'D-1', rate: '0.12', effectiveFrom: '2021-01-01T00:00:00+08:00' }),
      envelope('DiscountChanged', { discountId: 'D-1', rate: '0.2', effectiveFrom: '2099-01-01T00:00:00+08:00' }),
      envelope('DiscountGranted', {
        discountId: 'D-2',
        customerId: 'C-F',
        rate: '0.05',
        validFrom: '2020-01-01T00:00:00+08:00',
      }),
      envelope('DiscountRevoked', { discountId: 'D-2', effectiveFrom: '2021-06-01T00:00:00+08:00' }),
      envelope('DiscountGranted', {
        discountId: 'D-3',
        customerId: 'C-F',
        rate: '0.3',
        validFrom: '2099-01-01T00:00:00+08:00',
      }),
      envelope('DiscountGranted', {
        discountId: 'D-4',
        customerId: 'C-R',
        rate: '0.08',
        productTypes: [],
        validFrom: '2020-01-01T00:00:00+08:00',
        validTo: '2020-12-31T23:59:59+08:00',
      }),
      envelope('DiscountGranted', {
        discountId: 'D-5',
        customerId: 'C-SP',
        rate: '0.15',
        validFrom: '2020-01-01T00:00:00+08:00',
      }),
      envelope('DiscountGranted', {
        discountId: 'D-6',
        customerId: 'C-GONE',
        rate: '0.15',
        validFrom: '2020-01-01T00:00:00+08:00',
      }),
      // Another reseller's quota and voucher.
      customerAssociated('C-N', 'P-RES2'),
      voucherQuotaGranted('Q-2', 'P-DIST', 'P-RES2', '100.00'),
      voucherIssued('V-5', 'Q-2', 'C-N', '10.00'),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
  type Row = Record<string, string | null>;
  const rows = async (url: string, key: keyof typeof KEYS = 'admin') => {
    const response = await get(url, key);
    expect(response.statusCode).toBe(200);
    return (response.json() as { items: Row[] }).items;
  };

  describe('GET /v1/partners/{id}/fund-operations', () => {
    it('lists every move of the funds, newest first, with what is available after it', async () => {
      const items = await rows('/v1/partners/P-RES/fund-operations', 'reseller');
      expect(items.map((r) => [r.kind, r.amount, r.availableAfter, r.sourceType, r.sourceId])).toEqual([
        ['reclaimed', '200.00', '640.00', 'reclaim', 'RC1'],
        ['returned', '100.00', '840.00', 'refund', 'RF-1'],
        ['returned', '30.00', '740.00', 'spec_change', 'CH-2'],
        ['spent', '40.00', '710.00', 'spec_change', 'CH-1'],
        ['spent', '250.00', '750.00', 'order', 'O-1'],
        ['allocated', '1000.00', '1000.00', 'allocation', 'AL1'],
      ]);
      expect(items[5]).toEqual({
        time: '2026-10-01T02:00:00.000Z',
        kind: 'allocated',
        amount: '1000.00',
        availableAfter: '1000.00',
        sourceType: 'allocation',
        sourceId: 'AL1',
        distributorId: 'P-DIST',
        resellerId: 'P-RES',
        currency: 'CNY',
      });
      expect(new Set(items.map((r) => r.distributorId))).toEqual(new Set(['P-DIST']));
    });

    it('replayed from the oldest, gives available of the balance', async () => {
      for (const id of ['P-RES', 'P-RES2']) {
        const items = await rows(`/v1/partners/${id}/fund-operations`);
        let available = new Decimal(0);
        for (const r of [...items].reverse()) {
          const sign = r.kind === 'allocated' || r.kind === 'returned' ? 1 : -1;
          available = available.plus(new Decimal(r.amount!).times(sign));
          expect(available.toFixed(2)).toBe(r.availableAfter);
        }
        const balance = (await get(`/v1/partners/${id}/balance`, 'admin')).json() as { funds: { available: string } };
        expect(available.toFixed(2)).toBe(balance.funds.available);
      }
      const balance = (await get('/v1/partners/P-RES/balance', 'admin')).json() as { funds: Row };
      expect(balance.funds).toEqual({
        allocated: '1000.00',
        reclaimed: '200.00',
        spent: '290.00',
        returned: '130.00',
        available: '640.00',
      });
    });

    it('filters by time and kind, pages newest first, answers CSV and the partner’s zone', async () => {
      const kinds = async (query: string) =>
        (await rows(`/v1/partners/P-RES/fund-operations?${query}`)).map((r) => r.sourceId);
      expect(await kinds('kind=returned')).toEqual(['RF-1', 'CH-2']);
      expect(await kinds('from=2026-10-07&to=2026-10-09')).toEqual(['CH-2', 'CH-1']);
      expect(await kinds('from=2026-10-07T10:00:00%2B08:00&to=2026-10-07T10:00:01%2B08:00')).toEqual(['CH-1']);
      expect(await kinds('kind=spent&from=2026-10-07')).toEqual(['CH-1']);

      const first = (await get('/v1/partners/P-RES/fund-operations?limit=4', 'partner')).json() as {
        items: Row[];
        nextCursor: string;
      };
      const second = (
        await get(`/v1/partners/P-RES/fund-operations?limit=4&cursor=${first.nextCursor}`, 'partner')
      ).json() as { items: Row[]; nextCursor: string | null };
      expect([...first.items, ...second.items].map((r) => r.sourceId)).toEqual([
        'RC1',
        'RF-1',
        'CH-2',
        'CH-1',
        'O-1',
        'AL1',
      ]);
      expect(second.nextCursor).toBeNull();
      expectProblem(
        await get(`/v1/partners/P-RES/fund-operations?kind=spent&cursor=${first.nextCursor}`, 'admin'),
        400,
      );
      expectProblem(await get('/v1/partners/P-RES/fund-operations?kind=paid', 'admin'), 400);
      expectProblem(await get('/v1/partners/P-RES/fund-operations?from=yesterday', 'admin'), 400);
      expectProblem(await get('/v1/partners/P-RES/fund-operations?resellerId=P-RES', 'admin'), 400);

      const zoned = await rows('/v1/partners/P-RES/fund-operations?tz=partner&kind=allocated', 'reseller');
      expect(zoned[0]?.time).toBe('2026-10-01T10:00:00.000+08:00');

      const csv = await get('/v1/partners/P-RES/fund-operations?kind=allocated', 'finance', { accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body).toContain(
        'time,kind,amount,availableAfter,sourceType,sourceId,distributorId,resellerId,currency',
      );
      expect(csv.body).toContain('2026-10-01T02:00:00.000Z,allocated,1000.00,1000.00,allocation,AL1,P-DIST,P-RES,CNY');
    });

    it('is read by the reseller, its distributor, admin and finance only', async () => {
      for (const key of ['admin', 'finance', 'partner', 'reseller'] as const) {
        expect((await get('/v1/partners/P-RES/fund-operations', key)).statusCode).toBe(200);
      }
      expectProblem(await get('/v1/partners/P-RES/fund-operations', 'provider'), 403);
      expectProblem(await get('/v1/partners/P-DIST/fund-operations', 'reseller'), 403);
      expectProblem(await get('/v1/partners/P-RES2/fund-operations', 'reseller'), 403);
      expectProblem(await get('/v1/partners/P-NONE/fund-operations', 'admin'), 404);
      expect((await t.app.inject({ method: 'GET', url: '/v1/partners/P-RES/fund-operations' })).statusCode).toBe(401);
      // A distributor's id lists its resellers' rows; a partner without funds has none.
      const all = await rows('/v1/partners/P-DIST/fund-operations', 'partner');
      expect(all.map((r) => r.sourceId)).toEqual(['RC1', 'RF-1', 'CH-2', 'CH-1', 'O-1', 'AL2', 'AL1']);
      expect(await rows('/v1/partners/P-SP/fund-operations', 'provider')).toEqual([]);
    });
  });

  describe('GET /v1/partners/{id}/vouchers', () => {
    it('lists the vouchers issued from the partner’s quotas with their status', async () => {
      const items = await rows('/v1/partners/P-RES/vouchers', 'reseller');
      expect(items.map((v) => [v.voucherId, v.customerName, v.amount, v.used, v.remaining, v.status])).toEqual([
        ['V-1', 'Customer C-R', '50.00', '50.00', '0.00', 'used'],
        ['V-2', 'Customer C-F', '80.00', '20.00', '60.00', 'active'],
        ['V-3', 'Customer C-F', '60.00', '0.00', '60.00', 'revoked'],
        ['V-4', 'Customer C-R', '40.00', '0.00', '40.00', 'expired'],
      ]);
      expect(items[1]).toEqual({
        voucherId: 'V-2',
        quotaId: 'Q-1',
        customerId: 'C-F',
        customerName: 'Customer C-F',
        amount: '80.00',
        used: '20.00',
        remaining: '60.00',
        expiresAt: '2027-12-30T16:00:00.000Z',
        status: 'active',
        currency: 'CNY',
      });
      // The revoked voucher's unused value went back to the quota; the expired one's did not.
      const quotas = await rows('/v1/partners/P-RES/voucher-quotas');
      expect(quotas.map((q) => [q.quotaId, q.issued, q.returned, q.available])).toEqual([
        ['Q-1', '230.00', '60.00', '130.00'],
      ]);
    });

    it('filters by status and customer name, pages, answers CSV and the partner’s zone', async () => {
      const ids = async (query: string, key: keyof typeof KEYS = 'admin') =>
        (await rows(`/v1/partners/P-RES/vouchers?${query}`, key)).map((v) => v.voucherId);
      expect(await ids('status=active')).toEqual(['V-2']);
      expect(await ids('status=used')).toEqual(['V-1']);
      expect(await ids('status=revoked')).toEqual(['V-3']);
      expect(await ids('status=expired')).toEqual(['V-4']);
      expect(await ids('customerName=c-r')).toEqual(['V-1', 'V-4']);
      expect(await ids('customerName=c-f&status=revoked')).toEqual(['V-3']);
      expect(await ids('customerName=%25')).toEqual([]);
      expect((await rows('/v1/partners/P-RES2/vouchers', 'partner')).map((v) => v.voucherId)).toEqual(['V-5']);

      const first = (await get('/v1/partners/P-RES/vouchers?limit=3', 'partner')).json() as {
        items: Row[];
        nextCursor: string;
      };
      const second = (
        await get(`/v1/partners/P-RES/vouchers?limit=3&cursor=${first.nextCursor}`, 'partner')
      ).json() as {
        items: Row[];
        nextCursor: string | null;
      };
      expect([...first.items, ...second.items].map((v) => v.voucherId)).toEqual(['V-1', 'V-2', 'V-3', 'V-4']);
      expect(second.nextCursor).toBeNull();
      expectProblem(await get(`/v1/partners/P-RES/vouchers?status=used&cursor=${first.nextCursor}`, 'admin'), 400);
      expectProblem(await get('/v1/partners/P-RES/vouchers?status=gone', 'admin'), 400);
      expectProblem(await get('/v1/partners/P-RES/vouchers?voucherId=V-1', 'admin'), 400);

      const zoned = await rows('/v1/partners/P-RES/vouchers?tz=partner&status=expired', 'reseller');
      expect(zoned[0]?.expiresAt).toBe('2026-11-01T00:00:00.000+08:00');
      const csv = await get('/v1/partners/P-RES/vouchers?status=used', 'finance', { accept: 'text/csv' });
      expect(csv.body).toContain(
        'voucherId,quotaId,customerId,customerName,amount,used,remaining,expiresAt,status,currency',
      );
      expect(csv.body).toContain('V-1,Q-1,C-R,Customer C-R,50.00,50.00,0.00,2027-12-30T16:00:00.000Z,used,CNY');
    });

    it('is read by the holder, its distributor, admin and finance only', async () => {
      for (const key of ['admin', 'finance', 'partner', 'reseller'] as const) {
        expect((await get('/v1/partners/P-RES/vouchers', key)).statusCode).toBe(200);
      }
      expectProblem(await get('/v1/partners/P-RES/vouchers', 'provider'), 403);
      expectProblem(await get('/v1/partners/P-DIST/vouchers', 'reseller'), 403);
      expectProblem(await get('/v1/partners/P-RES2/vouchers', 'reseller'), 403);
      expectProblem(await get('/v1/partners/P-NONE/vouchers', 'admin'), 404);
      expect((await t.app.inject({ method: 'GET', url: '/v1/partners/P-RES/vouchers' })).statusCode).toBe(401);
      expect(await rows('/v1/partners/P-DIST/vouchers', 'partner')).toEqual([]);
    });
  });

  describe('GET /v1/partners/{id}/discounts', () => {
    it('lists the discounts of the partner’s current customers with the rate in force now', async () => {
      const items = await rows('/v1/partners/P-RES/discounts', 'reseller');
      expect(items.map((d) => [d.discountId, d.customerName, d.rate])).toEqual([
        ['D-1', 'Customer C-R', '0.12'],
        ['D-2', 'Customer C-F', null],
        ['D-3', 'Customer C-F', null],
        ['D-4', 'Customer C-R', null],
      ]);
      expect(items[0]).toEqual({
        discountId: 'D-1',
        customerId: 'C-R',
        customerName: 'Customer C-R',
        rate: '0.12',
        productTypes: ['ecs', 'rds'],
        validFrom: '2019-12-31T16:00:00.000Z',
        validTo: null,
        revokedFrom: null,
        changes: [
          { rate: '0.1', effectiveFrom: '2019-12-31T16:00:00.000Z' },
          { rate: '0.12', effectiveFrom: '2020-12-31T16:00:00.000Z' },
          { rate: '0.2', effectiveFrom: '2098-12-31T16:00:00.000Z' },
        ],
      });
      expect(items[1]).toMatchObject({ productTypes: [], revokedFrom: '2021-05-31T16:00:00.000Z' });
      expect(items[3]).toMatchObject({ productTypes: [], validTo: '2020-12-31T15:59:59.000Z' });
      expect((await rows('/v1/partners/P-SP/discounts', 'provider')).map((d) => d.discountId)).toEqual(['D-5']);
    });

    it('pages, answers CSV and the partner’s zone', async () => {
      const first = (await get('/v1/partners/P-RES/discounts?limit=3', 'partner')).json() as {
        items: Row[];
        nextCursor: string;
      };
      const second = (
        await get(`/v1/partners/P-RES/discounts?limit=3&cursor=${first.nextCursor}`, 'partner')
      ).json() as {
        items: Row[];
        nextCursor: string | null;
      };
      expect([...first.items, ...second.items].map((d) => d.discountId)).toEqual(['D-1', 'D-2', 'D-3', 'D-4']);
      expect(second.nextCursor).toBeNull();
      expectProblem(await get(`/v1/partners/P-RES2/discounts?limit=3&cursor=${first.nextCursor}`, 'admin'), 400);
      expectProblem(await get('/v1/partners/P-RES/discounts?status=active', 'admin'), 400);
      const zoned = (await rows('/v1/partners/P-RES/discounts?tz=partner&limit=1')) as unknown as Array<{
        validFrom: string;
        changes: { effectiveFrom: string }[];
      }>;
      expect(zoned[0]?.validFrom).toBe('2020-01-01T00:00:00.000+08:00');
      expect(zoned[0]?.changes[1]?.effectiveFrom).toBe('2021-01-01T00:00:00.000+08:00');
      const csv = await get('/v1/partners/P-RES/discounts?limit=1', 'finance', { accept: 'text/csv' });
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      expect(csv.body).toContain(
        'discountId,customerId,customerName,rate,productTypes,validFrom,validTo,revokedFrom,changes',
      );
      expect(csv.body).toContain('D-1,C-R,Customer C-R,0.12,');
    });

    it('is read by the partner, its distributor, admin and finance only', async () => {
      for (const key of ['admin', 'finance', 'partner', 'reseller'] as const) {
        expect((await get('/v1/partners/P-RES/discounts', key)).statusCode).toBe(200);
      }
      expectProblem(await get('/v1/partners/P-RES/discounts', 'provider'), 403);
      expectProblem(await get('/v1/partners/P-DIST/discounts', 'reseller'), 403);
      expectProblem(await get('/v1/partners/P-NONE/discounts', 'admin'), 404);
      expect((await t.app.inject({ method: 'GET', url: '/v1/partners/P-RES/discounts' })).statusCode).toBe(401);
      expect(await rows('/v1/partners/P-DIST/discounts', 'partner')).toEqual([]);
    });
  });

  describe('every list of a partner (partner-list.ts)', () => {
    const lists = [
      ['P-RES', 'fund-operations', 'partner-P-RES-fund-operations.csv'],
      ['P-RES', 'vouchers', 'partner-P-RES-vouchers.csv'],
      ['P-RES', 'discounts', 'partner-P-RES-discounts.csv'],
      ['P-RES', 'refunds', 'partner-P-RES-refunds.csv'],
      ['P-RES', 'customers', 'partner-P-RES-customers.csv'],
      ['P-RES', 'association-records', 'partner-P-RES-association-records.csv'],
      ['P-RES', 'voucher-quotas', 'partner-P-RES-voucher-quotas.csv'],
      ['P-RES', 'subscriptions', 'partner-P-RES-subscriptions.csv'],
      ['P-RES', 'on-demand', 'partner-P-RES-on-demand.csv'],
      ['P-RES', 'marketplace/transactions', 'marketplace-P-RES-transactions.csv'],
      ['P-DIST', 'resellers', 'partner-P-DIST-resellers.csv'],
    ] as const;

    it.each(lists)('%s %s answers CSV as %s, and an unknown partner 404', async (partnerId, list, filename) => {
      const csv = await get(`/v1/partners/${partnerId}/${list}`, 'admin', { accept: 'text/csv' });
      expect(csv.statusCode).toBe(200);
      expect(csv.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
      const json = await get(`/v1/partners/${partnerId}/${list}?limit=1&tz=partner`, 'admin');
      expect(json.statusCode).toBe(200);
      expect(Object.keys(json.json() as object).sort()).toEqual(['items', 'nextCursor']);
      expectProblem(await get(`/v1/partners/P-NOBODY/${list}`, 'admin'), 404);
    });

    it('asks who may read the partner before it reads the times of the query', async () => {
      expectProblem(await get('/v1/partners/P-NOBODY/fund-operations?from=yesterday', 'admin'), 404);
      expectProblem(await get('/v1/partners/P-NOBODY/subscriptions?expiringAfter=soon', 'admin'), 404);
      expectProblem(await get('/v1/partners/P-RES/subscriptions?expiringAfter=soon', 'admin'), 400);
    });
  });
});
