import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, type Harness, openHarness } from './testing/harness.js';

const dec = (s: string) => new Decimal(s);
/** Compares decimal strings by value, so "10.5" equals "10.50". */
function expectAmounts(actual: object | null, expected: Record<string, string>) {
  for (const [key, value] of Object.entries(expected)) {
    const got = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], actual);
    expect(typeof got === 'string' && dec(got).eq(value), `${key}: ${String(got)} ≠ ${value}`).toBe(true);
  }
}

describe('consumption and balance figures (SPEC §3, §4)', () => {
  const db = useTestDatabase('projection_figures');
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(db.url);
    await h.append([
      event('PartnerRegistered', '2026-01-01T00:00:00+08:00', {
        partnerId: 'd1',
        name: 'Distributor',
        tier: 'distributor',
        level: 'gold',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      }),
      event('PartnerRegistered', '2026-01-01T00:00:00+08:00', {
        partnerId: 'r1',
        name: 'Reseller',
        tier: 'reseller',
        parentId: 'd1',
        level: 'silver',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      }),
      event('CustomerAssociated', '2026-09-01T00:00:00+08:00', {
        customerId: 'c1',
        customerName: 'Acme Ltd',
        partnerId: 'r1',
        associationType: 'resale',
        accountManager: 'am1',
      }),
      event('CustomerAssociated', '2026-09-01T00:00:00+08:00', {
        customerId: 'c2',
        customerName: 'Beta Co',
        partnerId: 'r1',
        associationType: 'referral',
      }),
      // c3 is associated only from 10-10: its order of 10-01 counts for no partner.
      event('CustomerAssociated', '2026-10-10T00:00:00+08:00', {
        customerId: 'c3',
        customerName: 'Gamma',
        partnerId: 'r1',
        associationType: 'resale',
      }),
      event('FundsAllocated', '2026-09-02T00:00:00+08:00', {
        allocationId: 'a1',
        distributorId: 'd1',
        resellerId: 'r1',
        amount: '10000',
        currency: 'CNY',
      }),
      event('FundsReclaimed', '2026-09-03T00:00:00+08:00', {
        reclaimId: 'rc1',
        distributorId: 'd1',
        resellerId: 'r1',
        amount: '1000',
        currency: 'CNY',
      }),
      event(
        'VoucherQuotaGranted',
        '2026-09-04T00:00:00+08:00',
        {
          quotaId: 'q1',
          grantorId: 'd1',
          partnerId: 'r1',
          amount: '1000',
          currency: 'CNY',
        },
        { actor: 'finance-key' },
      ),
      event('VoucherIssued', '2026-09-05T00:00:00+08:00', {
        voucherId: 'v1',
        quotaId: 'q1',
        customerId: 'c1',
        amount: '300',
        expiresAt: '2027-09-05T00:00:00+08:00',
      }),
      event('VoucherQuotaReclaimed', '2026-09-06T00:00:00+08:00', { quotaId: 'q1', amount: '50' }),
      // Resale order paid 200 by voucher, 800 cash from r1's funds.
      event('OrderPlaced', '2026-10-05T10:00:00+08:00', {
        orderId: 'o1',
        customerId: 'c1',
        productType: 'ecs',
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: '1000',
        amount: '1000',
        voucherId: 'v1',
        voucherAmount: '200',
        resources: [{ resourceId: 'res1', spec: '4c8g' }, { resourceId: 'res2' }],
        termEnd: '2027-10-05T10:00:00+08:00',
      }),
      event('SpecChanged', '2026-10-06T10:00:00+08:00', {
        changeId: 'ch1',
        orderId: 'o1',
        resourceId: 'res1',
        fromSpec: '4c8g',
        toSpec: '8c16g',
        amount: '100',
      }),
      event('SpecChanged', '2026-10-07T10:00:00+08:00', {
        changeId: 'ch2',
        orderId: 'o1',
        resourceId: 'res1',
        fromSpec: '8c16g',
        toSpec: '4c8g',
        amount: '-50',
      }),
      // Cash left: 800 + 100 − 50 = 850, so this refund is 850 cash and 50 voucher.
      event('OrderRefunded', '2026-10-08T10:00:00+08:00', {
        refundId: 'rf1',
        orderId: 'o1',
        reason: 'unsubscribe',
        amount: '900',
        resourceIds: ['res2'],
      }),
      event('AdjustmentPosted', '2026-10-09T10:00:00+08:00', {
        adjustmentId: 'adj1',
        customerId: 'c1',
        amount: '-30.5',
        currency: 'CNY',
        reason: 'goodwill',
      }),
      event('OnDemandCharged', '2026-10-09T11:00:00+08:00', {
        chargeId: 'od1',
        customerId: 'c1',
        productType: 'oss',
        resourceId: 'b1',
        usageType: 'storage',
        quantity: '10',
        unit: 'GB',
        amount: '40.12345678',
        currency: 'CNY',
        windowStart: '2026-10-09T00:00:00+08:00',
        windowEnd: '2026-10-09T11:00:00+08:00',
      }),
      // Referral order: not paid from reseller funds.
      event('OrderPlaced', '2026-10-05T11:00:00+08:00', {
        orderId: 'o2',
        customerId: 'c2',
        productType: 'rds',
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: '500',
        amount: '500',
        resources: [{ resourceId: 'db1' }],
        termEnd: '2026-11-05T11:00:00+08:00',
      }),
      // Month end in Asia/Shanghai: 15:59:59Z is still October there, 16:00:00Z is November.
      event('OnDemandCharged', '2026-10-31T15:59:59Z', {
        chargeId: 'od2',
        customerId: 'c2',
        productType: 'oss',
        resourceId: 'b2',
        usageType: 'traffic',
        quantity: '1',
        unit: 'GB',
        amount: '10',
        currency: 'CNY',
        windowStart: '2026-10-31T15:00:00Z',
        windowEnd: '2026-10-31T15:59:59Z',
      }),
      event('OnDemandCharged', '2026-10-31T16:00:00Z', {
        chargeId: 'od3',
        customerId: 'c2',
        productType: 'oss',
        resourceId: 'b2',
        usageType: 'traffic',
        quantity: '1',
        unit: 'GB',
        amount: '7',
        currency: 'CNY',
        windowStart: '2026-10-31T16:00:00Z',
        windowEnd: '2026-10-31T17:00:00Z',
      }),
      event('OrderPlaced', '2026-10-01T10:00:00+08:00', {
        orderId: 'o3',
        customerId: 'c3',
        productType: 'ecs',
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: '70',
        amount: '70',
        resources: [{ resourceId: 'x1' }],
        termEnd: '2027-10-01T10:00:00+08:00',
      }),
      event('VoucherRevoked', '2026-10-10T00:00:00+08:00', { voucherId: 'v1' }),
      // September closes; a late September charge is booked into October, correcting September.
      event('BillingPeriodClosed', '2026-10-01T00:00:00+08:00', { period: '2026-09' }),
      event('OnDemandCharged', '2026-09-20T10:00:00+08:00', {
        chargeId: 'od4',
        customerId: 'c1',
        productType: 'oss',
        resourceId: 'b1',
        usageType: 'storage',
        quantity: '1',
        unit: 'GB',
        amount: '25',
        currency: 'CNY',
        windowStart: '2026-09-20T00:00:00+08:00',
        windowEnd: '2026-09-20T10:00:00+08:00',
      }),
      // c2 leaves r1 on 10-20; its charge of 10-25 counts for no partner.
      event('CustomerDisassociated', '2026-10-20T00:00:00+08:00', { customerId: 'c2', partnerId: 'r1' }),
      event('OnDemandCharged', '2026-10-25T10:00:00+08:00', {
        chargeId: 'od5',
        customerId: 'c2',
        productType: 'oss',
        resourceId: 'b2',
        usageType: 'traffic',
        quantity: '1',
        unit: 'GB',
        amount: '99',
        currency: 'CNY',
        windowStart: '2026-10-25T00:00:00+08:00',
        windowEnd: '2026-10-25T10:00:00+08:00',
      }),
    ]);
    await h.project();
  });
  afterAll(async () => h?.close());

  it('sums consumption, refunds (orders and rebates apart), adjustments and vouchers per customer and partner', async () => {
    const c = await h.rm.partnerConsumption('r1', '2026-10');
    expect(c).not.toBeNull();
    expect(c!.currency).toBe('CNY');
    const byId = Object.fromEntries(c!.customers.map((x) => [x.customerId, x]));
    expect(Object.keys(byId).sort()).toEqual(['c1', 'c2']);
    expect(byId.c1!.customerName).toBe('Acme Ltd');
    // c1: 1000 + 100 (upgrade) + 40.12345678 + 25 (late September charge) consumed.
    expectAmounts(byId.c1!, {
      consumption: '1165.12345678',
      'refunds.refundOrders': '900',
      'refunds.specChangeRebates': '50',
      'refunds.total': '950',
      adjustments: '-30.5',
      vouchersUsed: '200',
      net: '184.62345678',
    });
    // c2: 500 + 10 (23:59:59 on 31 October in Shanghai); not the November charge, not the one after it left.
    expectAmounts(byId.c2!, { consumption: '510', 'refunds.total': '0', net: '510', vouchersUsed: '0' });
    expectAmounts(c, {
      consumption: '1675.12345678',
      'refunds.refundOrders': '900',
      'refunds.specChangeRebates': '50',
      'refunds.total': '950',
      adjustments: '-30.5',
      vouchersUsed: '200',
      net: '694.62345678',
    });
    const november = await h.rm.partnerConsumption('r1', '2026-11');
    expectAmounts(november, { consumption: '7', net: '7' });
  });

  it('books late events into the first open period with corrects_period, and events without a partner apart', async () => {
    const rows = await h.pool.query(
      `SELECT partner_id, customer_id, period, corrects_period, consumption::text
         FROM rm_consumption.consumption_summary ORDER BY customer_id, period, corrects_period NULLS FIRST`,
    );
    const late = rows.rows.filter((r) => r.corrects_period !== null);
    expect(late).toEqual([
      {
        partner_id: 'r1',
        customer_id: 'c1',
        period: '2026-10',
        corrects_period: '2026-09',
        consumption: '25.00000000',
      },
    ]);
    const unowned = rows.rows.filter((r) => r.partner_id === null).map((r) => [r.customer_id, r.consumption]);
    expect(unowned.sort()).toEqual([
      ['c2', '99.00000000'],
      ['c3', '70.00000000'],
    ]);
    const september = await h.rm.partnerConsumption('r1', '2026-09');
    expectAmounts(september, { consumption: '0', net: '0' });
  });

  it('tracks reseller funds: resale cash spent, refund and rebate cash returned (cash first, then voucher)', async () => {
    const b = await h.rm.partnerBalance('r1');
    expect(b?.currency).toBe('CNY');
    expectAmounts(b, {
      'funds.allocated': '10000',
      'funds.reclaimed': '1000',
      'funds.spent': '900',
      'funds.returned': '900',
      'funds.available': '9000',
      'voucherQuota.granted': '1000',
      'voucherQuota.issued': '300',
      'voucherQuota.reclaimed': '50',
      'voucherQuota.returned': '100',
      'voucherQuota.available': '750',
    });
    const d = await h.rm.partnerBalance('d1');
    expectAmounts(d, { 'funds.available': '0', 'voucherQuota.available': '0' });
    expect(await h.rm.partnerBalance('nobody')).toBeNull();
  });

  it('records voucher-quota operations newest first, with filters and keyset pages', async () => {
    const all = await h.rm.voucherQuotaOperations('q1');
    expect(all.items.map((o) => [o.kind, o.voucherId, o.customerName])).toEqual([
      ['revoked', 'v1', 'Acme Ltd'],
      ['reclaimed', null, null],
      ['issued', 'v1', 'Acme Ltd'],
      ['granted', null, null],
    ]);
    expect(all.items.map((o) => dec(o.quotaLeftAfter).toNumber())).toEqual([750, 650, 700, 1000]);
    expect(all.items.map((o) => dec(o.amount).toNumber())).toEqual([100, 50, 300, 1000]);
    // An actor the log keeps as a string (the engine writes objects) comes as kind unknown; none is null.
    expect(all.items[3]!.actor).toEqual({ kind: 'unknown', value: 'finance-key' });
    expect(all.items[2]!.actor).toBeNull();
    expect(all.items.map((o) => o.currency)).toEqual(['CNY', 'CNY', 'CNY', 'CNY']);
    expect(all.nextCursor).toBeNull();

    const first = await h.rm.voucherQuotaOperations('q1', { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await h.rm.voucherQuotaOperations('q1', { limit: 3, cursor: first.nextCursor! });
    expect(second.items.map((o) => o.kind)).toEqual(['granted']);
    expect(second.nextCursor).toBeNull();

    const acme = await h.rm.voucherQuotaOperations('q1', { customerName: 'acme' });
    expect(acme.items.map((o) => o.kind)).toEqual(['revoked', 'issued']);
    const byVoucher = await h.rm.voucherQuotaOperations('q1', { voucherId: 'v1', to: '2026-10-01T00:00:00+08:00' });
    expect(byVoucher.items.map((o) => o.kind)).toEqual(['issued']);
    const window = await h.rm.voucherQuotaOperations('q1', {
      from: '2026-09-05T00:00:00+08:00',
      to: '2026-09-07T00:00:00+08:00',
    });
    expect(window.items.map((o) => o.kind)).toEqual(['reclaimed', 'issued']);
  });

  it('lists subscriptions with expiry, auto-renew, renewals and released resources', async () => {
    await h.append([
      event('OrderPlaced', '2027-09-01T10:00:00+08:00', {
        orderId: 'o1r',
        customerId: 'c1',
        productType: 'ecs',
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: '1000',
        amount: '1000',
        resources: [{ resourceId: 'res1' }],
        termEnd: '2028-10-05T10:00:00+08:00',
        renewalOf: 'o1',
        autoRenew: false,
      }),
      event('AutoRenewSet', '2027-09-02T10:00:00+08:00', { orderId: 'o1r', resourceId: 'res1', autoRenew: true }),
    ]);
    await h.project();
    const subs = await h.rm.customerSubscriptions('c1');
    const byId = Object.fromEntries(subs.map((s) => [s.resourceId, s]));
    expect(byId.res1).toMatchObject({ orderId: 'o1r', autoRenew: true, status: 'active', spec: '4c8g' });
    expect(byId.res1!.renewalHistory.map((o) => [o.orderId, o.renewalOf])).toEqual([
      ['o1', null],
      ['o1r', 'o1'],
    ]);
    expect(byId.res2).toMatchObject({
      orderId: 'o1',
      status: 'released',
      lastRefund: { refundId: 'rf1', reason: 'unsubscribe' },
    });
    const expiring = await h.rm.customerSubscriptions('c1', { expiringBefore: '2028-01-01T00:00:00Z' });
    expect(expiring).toEqual([]);
    const later = await h.rm.customerSubscriptions('c1', { expiringBefore: '2029-01-01T00:00:00Z' });
    expect(later.map((s) => s.resourceId)).toEqual(['res1']);
  });

  it('keeps a customer directory with association history', async () => {
    expect(await h.rm.getCustomer('c2')).toMatchObject({ customerName: 'Beta Co', partnerId: null });
    expect(await h.rm.getCustomer('c1')).toMatchObject({
      partnerId: 'r1',
      associationType: 'resale',
      accountManager: 'am1',
    });
    const history = await h.pool.query(
      `SELECT customer_id, partner_id, valid_to IS NULL AS open FROM rm_directory.customer_associations WHERE customer_id = 'c2'`,
    );
    expect(history.rows).toEqual([{ customer_id: 'c2', partner_id: 'r1', open: false }]);
  });

  it('waits for a position, and a replay from zero matches the live tables row by row', async () => {
    const head = await h.store.headPosition();
    expect(await h.rm.waitForPosition(head, 1000)).toBe(true);
    expect(await h.rm.waitForPosition(head + 1, 50)).toBe(false);
    expect(await h.verify()).toEqual([]);
  });

  it('verify reports a live row that a replay does not reproduce', async () => {
    await h.pool.query(`UPDATE rm_balances.reseller_funds SET spent = spent + 0.01 WHERE partner_id = 'r1'`);
    try {
      const differences = (await h.verify()) as { table: string; side: string; row: { partner_id: string } }[];
      expect(differences.map((d) => [d.table, d.side, d.row.partner_id])).toEqual([
        ['reseller_funds', 'live', 'r1'],
        ['reseller_funds', 'replay', 'r1'],
      ]);
    } finally {
      await h.pool.query(`UPDATE rm_balances.reseller_funds SET spent = spent - 0.01 WHERE partner_id = 'r1'`);
    }
  });
});
