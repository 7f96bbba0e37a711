import { Decimal } from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import { event } from '../testing/harness.js';
import { tieredPartner as partner } from '../testing/incentive-events.js';
import { readRows, useProjectionSpecs } from '../testing/spec.js';
import { BALANCES_SCHEMA } from './balances.js';

/**
 * Who pays (the domain's `payingReseller`): a resale order of a reseller's customer is paid from
 * that reseller's funds, which also pay its upgrades and get back the cash part of its refunds, even
 * after the customer moved on (docs/events.md). Given / when / then on `reseller_funds` and `orders`.
 */
const allocate = (allocationId: string, resellerId: string) =>
  event('FundsAllocated', '2026-02-01T00:00:00+08:00', {
    allocationId,
    distributorId: 'd1',
    resellerId,
    amount: '5000',
    currency: 'CNY',
  });
const associate = (customerId: string, partnerId: string, associationType: string, at: string) =>
  event('CustomerAssociated', at, { customerId, customerName: 'Acme', partnerId, associationType });
const order = (orderId: string, customerId: string) =>
  event('OrderPlaced', '2026-02-03T00:00:00+08:00', {
    orderId,
    customerId,
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: '1000',
    amount: '1000',
    resources: [{ resourceId: `${orderId}-res` }],
    termEnd: '2027-02-03T00:00:00+08:00',
  });
const FUNDS = `${BALANCES_SCHEMA}.reseller_funds`;
const FUNDS_COLUMNS = { columns: ['partner_id', 'spent', 'returned', 'available'] };

describe('reseller funds follow the reseller that paid the order (docs/events.md)', () => {
  const spec = useProjectionSpecs('balances_payer');
  const resellers = [partner('d1', 'distributor'), partner('r1', 'reseller', 'd1'), partner('r2', 'reseller', 'd1')];

  it('charges the upgrade to, and returns the refund to, the reseller that paid the order', () =>
    spec
      .given(...resellers, allocate('a1', 'r1'), allocate('a2', 'r2'))
      .given(associate('c1', 'r1', 'resale', '2026-02-02T00:00:00+08:00'), order('o1', 'c1'))
      // the customer moves to r2 (resale) before the order is upgraded and refunded
      .given(
        event('CustomerDisassociated', '2026-03-01T00:00:00+08:00', { customerId: 'c1', partnerId: 'r1' }),
        associate('c1', 'r2', 'resale', '2026-03-02T00:00:00+08:00'),
      )
      .when(
        event('SpecChanged', '2026-03-03T00:00:00+08:00', {
          changeId: 'ch1',
          orderId: 'o1',
          resourceId: 'o1-res',
          fromSpec: 'a',
          toSpec: 'b',
          amount: '100',
        }),
        event('OrderRefunded', '2026-03-04T00:00:00+08:00', {
          refundId: 'rf1',
          orderId: 'o1',
          reason: 'downgrade',
          amount: '400',
          resourceIds: ['o1-res'],
        }),
      )
      .thenAnswer(async (h) => {
        const r1 = await h.rm.partnerBalance('r1');
        const r2 = await h.rm.partnerBalance('r2');
        expect(new Decimal(r1!.funds.spent).eq('1100')).toBe(true);
        expect(new Decimal(r1!.funds.returned).eq('400')).toBe(true);
        expect(new Decimal(r1!.funds.available).eq('4300')).toBe(true);
        expect(new Decimal(r2?.funds.spent ?? '0').eq('0')).toBe(true);
        expect(new Decimal(r2?.funds.returned ?? '0').eq('0')).toBe(true);
        expect(await readRows(h, FUNDS, FUNDS_COLUMNS)).toEqual([
          ['r1', '1100.00000000', '400.00000000', '4300.00000000'],
          ['r2', '0.00000000', '0.00000000', '5000.00000000'],
        ]);
        expect(await h.verify()).toEqual([]);
      }));

  it('a referral customer of a reseller, or a resale customer of a distributor, is paid by no reseller', () =>
    spec
      .given(
        ...resellers,
        allocate('a1', 'r1'),
        associate('c2', 'r1', 'referral', '2026-02-02T00:00:00+08:00'),
        associate('c3', 'd1', 'resale', '2026-02-02T00:00:00+08:00'),
      )
      .when(order('o2', 'c2'), order('o3', 'c3'))
      .thenRows(`${BALANCES_SCHEMA}.orders`, { columns: ['order_id', 'paid_by'] }, [
        ['o2', null],
        ['o3', null],
      ]));

  it('funds not spent stay available', () =>
    spec
      .given(...resellers, allocate('a1', 'r1'), associate('c2', 'r1', 'referral', '2026-02-02T00:00:00+08:00'))
      .when(order('o2', 'c2'))
      .thenRows(FUNDS, FUNDS_COLUMNS, [['r1', '0.00000000', '0.00000000', '5000.00000000']]));
});
