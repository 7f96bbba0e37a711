import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, type Harness, openHarness } from '../testing/harness.js';

const partner = (partnerId: string, tier: string, parentId?: string) =>
  event('PartnerRegistered', '2026-01-01T00:00:00+08:00', {
    partnerId,
    name: partnerId,
    tier,
    ...(parentId ? { parentId } : {}),
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });

describe('reseller funds follow the reseller that paid the order (docs/events.md)', () => {
  const db = useTestDatabase('balances_payer');
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(db.url);
    await h.append([
      partner('d1', 'distributor'),
      partner('r1', 'reseller', 'd1'),
      partner('r2', 'reseller', 'd1'),
      event('FundsAllocated', '2026-02-01T00:00:00+08:00', {
        allocationId: 'a1',
        distributorId: 'd1',
        resellerId: 'r1',
        amount: '5000',
        currency: 'CNY',
      }),
      event('FundsAllocated', '2026-02-01T00:00:00+08:00', {
        allocationId: 'a2',
        distributorId: 'd1',
        resellerId: 'r2',
        amount: '5000',
        currency: 'CNY',
      }),
      event('CustomerAssociated', '2026-02-02T00:00:00+08:00', {
        customerId: 'c1',
        customerName: 'Acme',
        partnerId: 'r1',
        associationType: 'resale',
      }),
      event('OrderPlaced', '2026-02-03T00:00:00+08:00', {
        orderId: 'o1',
        customerId: 'c1',
        productType: 'ecs',
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: '1000',
        amount: '1000',
        resources: [{ resourceId: 'res1' }],
        termEnd: '2027-02-03T00:00:00+08:00',
      }),
      // The customer moves to r2 (resale) before the order is upgraded and refunded.
      event('CustomerDisassociated', '2026-03-01T00:00:00+08:00', { customerId: 'c1', partnerId: 'r1' }),
      event('CustomerAssociated', '2026-03-02T00:00:00+08:00', {
        customerId: 'c1',
        customerName: 'Acme',
        partnerId: 'r2',
        associationType: 'resale',
      }),
      event('SpecChanged', '2026-03-03T00:00:00+08:00', {
        changeId: 'ch1',
        orderId: 'o1',
        resourceId: 'res1',
        fromSpec: 'a',
        toSpec: 'b',
        amount: '100',
      }),
      event('OrderRefunded', '2026-03-04T00:00:00+08:00', {
        refundId: 'rf1',
        orderId: 'o1',
        reason: 'downgrade',
        amount: '400',
        resourceIds: ['res1'],
      }),
    ]);
    await h.project();
  });
  afterAll(async () => h?.close());

  it('charges the upgrade to, and returns the refund to, the reseller that paid the order', async () => {
    const r1 = await h.rm.partnerBalance('r1');
    const r2 = await h.rm.partnerBalance('r2');
    expect(new Decimal(r1!.funds.spent).eq('1100')).toBe(true);
    expect(new Decimal(r1!.funds.returned).eq('400')).toBe(true);
    expect(new Decimal(r1!.funds.available).eq('4300')).toBe(true);
    expect(new Decimal(r2?.funds.spent ?? '0').eq('0')).toBe(true);
    expect(new Decimal(r2?.funds.returned ?? '0').eq('0')).toBe(true);
    expect(await h.verify()).toEqual([]);
  });
});
