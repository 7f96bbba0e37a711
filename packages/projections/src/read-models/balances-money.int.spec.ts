import { describe, expect, it } from 'vitest';
import { event } from '../testing/harness.js';
import { tieredPartner as partner } from '../testing/incentive-events.js';
import { readRows, useProjectionSpecs } from '../testing/spec.js';
import { BALANCES_SCHEMA } from './balances.js';

/**
 * The balances projection's partner-centre tables (SPEC §6): the funds ledger written with the
 * funds it moves, and discounts with their rates, each over batches of their own (so a later batch
 * reads what an earlier one stored). Every spec ends by replaying the log and comparing (verify).
 */
const funds = (type: 'FundsAllocated' | 'FundsReclaimed', id: string, resellerId: string, amount: string) =>
  event(type, '2026-02-01T00:00:00+08:00', {
    [type === 'FundsAllocated' ? 'allocationId' : 'reclaimId']: id,
    distributorId: 'd1',
    resellerId,
    amount,
    currency: 'CNY',
  });
const associate = (customerId: string, partnerId: string) =>
  event('CustomerAssociated', '2026-02-02T00:00:00+08:00', {
    customerId,
    customerName: customerId,
    partnerId,
    associationType: 'resale',
  });
const order = (orderId: string, customerId: string, amount: string) =>
  event('OrderPlaced', '2026-02-03T00:00:00+08:00', {
    orderId,
    customerId,
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: amount,
    amount,
    resources: [{ resourceId: `${orderId}-res` }],
    termEnd: '2027-02-03T00:00:00+08:00',
  });
const LEDGER = `${BALANCES_SCHEMA}.fund_operations`;
const LEDGER_COLUMNS = {
  columns: [
    'position',
    'kind',
    'reseller_id',
    'distributor_id',
    'amount',
    'available_after',
    'source_type',
    'source_id',
  ],
};

describe('the funds ledger and discounts of the balances projection', () => {
  const spec = useProjectionSpecs('balances_money');

  it('records each move of a reseller’s funds with what is available after it, across batches', () =>
    spec
      .given(partner('d1', 'distributor'), partner('r1', 'reseller', 'd1'), funds('FundsAllocated', 'a1', 'r1', '1000'))
      .given(associate('c1', 'r1'), order('o1', 'c1', '300'))
      .when(
        funds('FundsReclaimed', 'rc1', 'r1', '100'),
        event('OrderRefunded', '2026-03-04T00:00:00+08:00', {
          refundId: 'rf1',
          orderId: 'o1',
          reason: 'downgrade',
          amount: '50',
          resourceIds: ['o1-res'],
        }),
      )
      .thenAnswer(async (h) => {
        const rows = await readRows(h, LEDGER, LEDGER_COLUMNS);
        expect(rows.map((r) => r.slice(1))).toEqual([
          ['allocated', 'r1', 'd1', '1000.00000000', '1000.00000000', 'allocation', 'a1'],
          ['spent', 'r1', 'd1', '300.00000000', '700.00000000', 'order', 'o1'],
          ['reclaimed', 'r1', 'd1', '100.00000000', '600.00000000', 'reclaim', 'rc1'],
          ['returned', 'r1', 'd1', '50.00000000', '650.00000000', 'refund', 'rf1'],
        ]);
        expect((await h.rm.partnerBalance('r1'))?.funds.available).toBe('650.00');
        expect(await h.verify()).toEqual([]);
      }));

  it('keeps a discount’s terms, every rate in log order and its revocation', () =>
    spec
      .given(
        partner('p1', 'solution_provider'),
        associate('c1', 'p1'),
        event('DiscountGranted', '2026-02-01T00:00:00+08:00', {
          discountId: 'dsc1',
          customerId: 'c1',
          rate: '0.15',
          productTypes: ['ecs'],
          validFrom: '2026-02-01T00:00:00+08:00',
        }),
      )
      .when(
        event('DiscountChanged', '2026-03-01T00:00:00+08:00', {
          discountId: 'dsc1',
          rate: '0.12345678',
          effectiveFrom: '2026-03-01T00:00:00+08:00',
        }),
        event('DiscountRevoked', '2026-04-01T00:00:00+08:00', {
          discountId: 'dsc1',
          effectiveFrom: '2026-05-01T00:00:00+08:00',
        }),
      )
      .thenAnswer(async (h) => {
        const discounts = await h.pool.query(
          `SELECT discount_id, customer_id, product_types, valid_from, valid_to, revoked_from FROM ${BALANCES_SCHEMA}.discounts`,
        );
        expect(discounts.rows).toEqual([
          {
            discount_id: 'dsc1',
            customer_id: 'c1',
            product_types: ['ecs'],
            valid_from: new Date('2026-01-31T16:00:00Z'),
            valid_to: null,
            revoked_from: new Date('2026-04-30T16:00:00Z'),
          },
        ]);
        const rates = await h.pool.query(
          `SELECT rate, effective_from FROM ${BALANCES_SCHEMA}.discount_rates ORDER BY position`,
        );
        expect(rates.rows).toEqual([
          { rate: '0.15', effective_from: new Date('2026-01-31T16:00:00Z') },
          { rate: '0.12345678', effective_from: new Date('2026-02-28T16:00:00Z') },
        ]);
        expect(await h.verify()).toEqual([]);
      }));
});
