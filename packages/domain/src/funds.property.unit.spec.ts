import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderCashPaid, orderPaid } from './aggregates/queries.js';
import type { FundsState, OrderState } from './aggregates/state.js';
import type { DomainEvent } from './events/catalogue.js';
import { parseAmount } from './money.js';
import { event, InMemoryLog } from './testing/decider-spec.js';
import { ev, resaleSetup } from './testing/fixtures.js';

const cents = (max: number) => fc.integer({ min: 1, max }).map((n) => (n / 100).toFixed(2));

type Op =
  | { kind: 'order'; list: string; voucher: boolean }
  | { kind: 'refund'; order: number; amount: string }
  | { kind: 'change'; order: number; amount: string; rebate: boolean }
  | { kind: 'allocate'; amount: string }
  | { kind: 'reclaim'; amount: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('order' as const), list: cents(60_000), voucher: fc.boolean() }),
  fc.record({ kind: fc.constant('refund' as const), order: fc.nat(9), amount: cents(40_000) }),
  fc.record({ kind: fc.constant('change' as const), order: fc.nat(9), amount: cents(20_000), rebate: fc.boolean() }),
  fc.record({ kind: fc.constant('allocate' as const), amount: cents(100_000) }),
  fc.record({ kind: fc.constant('reclaim' as const), amount: cents(100_000) }),
);

const ALLOWED_REFUSALS = new Set([
  'funds-available',
  'refund-within-paid',
  'reclaim-within-available',
  'referenced-id-exists',
  'voucher-covers-amount',
]);

describe('reseller funds under random orders, refunds, spec changes and reclaims', () => {
  it('never go below zero, and spent − returned is the cash the funded orders still hold', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40 }), (ops) => {
        const log = new InMemoryLog();
        for (const e of [...resaleSetup('500'), ev.quota({ amount: '100000' }), ev.voucher({ amount: '100000' })]) {
          expect(log.append([e]).kind).toBe('planned');
        }
        let orders = 0;
        for (const [i, o] of ops.entries()) {
          let e: DomainEvent;
          switch (o.kind) {
            case 'order': {
              const voucherAmount = o.voucher ? (Number(o.list) / 4).toFixed(2) : undefined;
              e = ev.order({
                orderId: `o${orders}`,
                listAmount: o.list,
                amount: o.list,
                ...(voucherAmount ? { voucherId: 'vch', voucherAmount } : {}),
              });
              break;
            }
            case 'refund':
              e = ev.refund(o.amount, { refundId: `f${i}`, orderId: `o${o.order}` });
              break;
            case 'change':
              e = ev.specChange(o.rebate ? `-${o.amount}` : o.amount, { changeId: `c${i}`, orderId: `o${o.order}` });
              break;
            case 'allocate':
              e = ev.allocate(o.amount, { allocationId: `a${i}` });
              break;
            case 'reclaim':
              e = event('FundsReclaimed', {
                reclaimId: `r${i}`,
                distributorId: 'dist',
                resellerId: 'res',
                amount: o.amount,
                currency: 'CNY',
              });
              break;
          }
          const r = log.append([e]);
          if (r.kind === 'refused') expect(ALLOWED_REFUSALS).toContain(r.rule);
          else if (o.kind === 'order') orders += 1;

          const funds = log.snapshot('funds-res').state as FundsState;
          const available = parseAmount(funds.allocated).minus(funds.reclaimed).minus(funds.spent).plus(funds.returned);
          expect(available.gte(0)).toBe(true);
          let held = parseAmount('0');
          for (let n = 0; n < orders; n++) {
            const order = log.snapshot(`order-o${n}`).state as OrderState;
            const refunded = parseAmount(order.refundedCash).plus(order.refundedVoucher);
            expect(refunded.lte(orderPaid(order))).toBe(true);
            expect(parseAmount(order.refundedVoucher).lte(order.voucherAmount)).toBe(true);
            held = held.plus(orderCashPaid(order).minus(order.refundedCash));
          }
          expect(parseAmount(funds.spent).minus(funds.returned).toFixed()).toBe(held.toFixed());
        }
      }),
      { numRuns: 60 },
    );
  });
});
