import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addConsumption,
  associationAt,
  cashFirst,
  cashPartOf,
  consumptionDelta,
  enrolledIn,
  fundsAvailableOf,
  netDelta,
  netOf,
  noConsumption,
  payingReseller,
  publishedRuleSet,
  quotaLeftOf,
  refundsTotalOf,
  splitRefund,
  type TypedEvent,
  voucherUnusedOf,
} from './figures.js';
import { Decimal, formatAmount } from './money.js';

const d = (s: string) => new Decimal(s);
const show = (x: Decimal | undefined) => (x === undefined ? undefined : formatAmount(x));
const figures = (e: TypedEvent) => {
  const f = consumptionDelta(e);
  return f && Object.fromEntries(Object.entries(f).map(([k, v]) => [k, formatAmount(v)]));
};
const ev = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as TypedEvent;

describe('consumption figures (SPEC §4)', () => {
  it('an order adds its amount to consumption and its voucher part to vouchersUsed', () => {
    expect(figures(ev('OrderPlaced', { amount: '850.00', voucherAmount: '100.00' }))).toEqual({
      consumption: '850',
      refundOrders: '0',
      specChangeRebates: '0',
      adjustments: '0',
      vouchersUsed: '100',
    });
    expect(show(netDelta(ev('OrderPlaced', { amount: '850.00', voucherAmount: '100.00' })))).toBe('850');
  });

  it('a refund adds to refundOrders and takes from net', () => {
    expect(figures(ev('OrderRefunded', { amount: '20.5' }))?.refundOrders).toBe('20.5');
    expect(show(netDelta(ev('OrderRefunded', { amount: '20.5' })))).toBe('-20.5');
  });

  it('a spec change is consumption when positive and a rebate when negative', () => {
    expect(figures(ev('SpecChanged', { amount: '30' }))?.consumption).toBe('30');
    expect(figures(ev('SpecChanged', { amount: '-12.25' }))?.specChangeRebates).toBe('12.25');
    expect(show(netDelta(ev('SpecChanged', { amount: '-12.25' })))).toBe('-12.25');
  });

  it('on-demand charges are consumption, adjustments adjustments; other events add nothing', () => {
    expect(figures(ev('OnDemandCharged', { amount: '7' }))?.consumption).toBe('7');
    expect(figures(ev('AdjustmentPosted', { amount: '-3' }))?.adjustments).toBe('-3');
    expect(consumptionDelta(ev('FundsAllocated', { amount: '7' }))).toBeUndefined();
    expect(show(netDelta(ev('FundsAllocated', { amount: '7' })))).toBe('0');
  });

  it('net = consumption − (refund orders + spec change rebates) + adjustments', () => {
    const row = {
      consumption: d('1000'),
      refundOrders: d('100'),
      specChangeRebates: d('50.5'),
      adjustments: d('-20'),
    };
    expect(show(refundsTotalOf(row))).toBe('150.5');
    expect(show(netOf(row))).toBe('829.5');
  });
});

describe('funds and quota available', () => {
  it('funds: allocated − reclaimed − spent + returned; quota: granted − issued − reclaimed + returned', () => {
    expect(
      show(fundsAvailableOf({ allocated: d('1000'), reclaimed: d('100'), spent: d('450'), returned: d('20') })),
    ).toBe('470');
    expect(show(quotaLeftOf({ granted: d('1000'), issued: d('300'), reclaimed: d('50'), returned: d('100') }))).toBe(
      '750',
    );
  });
});

describe('refunds take the cash part first', () => {
  it('takes cash first, then the voucher part, and refuses more than is left', () => {
    const left = { cash: d('750'), voucher: d('100') };
    expect(splitRefund(left, d('200'))).toEqual({ cash: d('200'), voucher: d('0') });
    expect(splitRefund(left, d('800'))).toEqual({ cash: d('750'), voucher: d('50') });
    expect(splitRefund(left, d('850'))).toEqual({ cash: d('750'), voucher: d('100') });
    expect(splitRefund(left, d('850.01'))).toBeUndefined();
  });

  it('a negative cash part left counts as none', () => {
    expect(show(cashFirst(d('10'), d('-5')))).toBe('0');
  });

  it('the parts always add up to the amount, the cash part never exceeds what is left of it', () => {
    const amount = fc.integer({ min: 0, max: 10_000_000 }).map((n) => new Decimal(n).div(100));
    fc.assert(
      fc.property(amount, amount, amount, (cash, voucher, refund) => {
        const split = splitRefund({ cash, voucher }, refund);
        if (refund.gt(cash.plus(voucher))) return split === undefined;
        if (split === undefined) return false;
        return (
          split.cash.plus(split.voucher).eq(refund) &&
          split.cash.lte(cash) &&
          split.voucher.lte(voucher) &&
          (split.voucher.isZero() || split.cash.eq(cash))
        );
      }),
    );
  });
});

describe('who pays', () => {
  const tiers: Record<string, string> = { r1: 'reseller', d1: 'distributor' };
  const tierOf = (id: string) => tiers[id]!;
  it('a resale association with a reseller: that reseller; anything else: nobody', () => {
    expect(payingReseller({ partnerId: 'r1', associationType: 'resale' }, tierOf)).toBe('r1');
    expect(payingReseller({ partnerId: 'd1', associationType: 'resale' }, tierOf)).toBeNull();
    expect(payingReseller({ partnerId: 'r1', associationType: 'referral' }, tierOf)).toBeNull();
    expect(payingReseller(undefined, tierOf)).toBeNull();
  });
  it('asks the tier only of a resale association', () => {
    let asked = 0;
    payingReseller({ partnerId: 'r1', associationType: 'referral' }, () => {
      asked += 1;
      return 'reseller';
    });
    expect(asked).toBe(0);
  });
});

describe('at an instant', () => {
  const spells = [
    { p: 'a', from: 10, to: 20 as number | null },
    { p: 'b', from: 20, to: null },
  ];
  const at = (t: number) =>
    associationAt(
      spells,
      t,
      (s) => s.from,
      (s) => s.to,
    )?.p;
  it('an association is in force from its start up to, not including, its end', () => {
    expect(at(9)).toBeUndefined();
    expect(at(10)).toBe('a');
    expect(at(19)).toBe('a');
    expect(at(20)).toBe('b');
    expect(at(1e12)).toBe('b');
  });
  it('of spells covering the instant, the last wins', () => {
    const overlapping = [
      { p: 'a', from: 0, to: null },
      { p: 'b', from: 5, to: null },
    ];
    expect(
      associationAt(
        overlapping,
        6,
        (s) => s.from,
        (s) => s.to,
      )?.p,
    ).toBe('b');
  });
  it('enrolment: in the programme at t when a spell of it covers t', () => {
    const enrolments = [
      { program: 'green', fromMs: 10, toMs: 20 },
      { program: 'green', fromMs: 30, toMs: null },
    ];
    expect([5, 10, 20, 25, 30, 99].map((t) => enrolledIn(enrolments, 'green', t))).toEqual([
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
    expect(enrolledIn(enrolments, 'blue', 15)).toBe(false);
  });
});

describe('rule sets', () => {
  it('the record of a published rule set: the version as a string, absent tiers and programmes empty', () => {
    const set = publishedRuleSet({
      data: { version: 3, effectiveFrom: '2026-10', rules: [] } as never,
      occurredAt: '2026-10-01T00:00:00+08:00',
    });
    expect(set).toEqual({
      version: '3',
      effectiveFrom: '2026-10',
      rules: [],
      tiers: [],
      programs: {},
      publishedAt: '2026-10-01T00:00:00+08:00',
    });
  });
});

describe('orders and vouchers', () => {
  it("an order's cash part is amount − voucherAmount; a voucher's unused value amount − used", () => {
    expect(show(cashPartOf(d('850'), d('100')))).toBe('750');
    expect(show(voucherUnusedOf(d('500'), d('200')))).toBe('300');
  });
});

describe('addConsumption', () => {
  it('adds each event into running sums, the same as adding their deltas one by one', () => {
    const events = [
      ev('OrderPlaced', { amount: '100', voucherAmount: '10' }),
      ev('SpecChanged', { amount: '-5' }),
      ev('FundsAllocated', { amount: '7' }),
      ev('AdjustmentPosted', { amount: '2' }),
    ];
    const sums = noConsumption();
    expect(events.map((e) => addConsumption(sums, e))).toEqual([true, true, false, true]);
    expect(show(netOf(sums))).toBe('97');
    expect(show(sums.vouchersUsed)).toBe('10');
    expect(show(events.reduce((n, e) => n.plus(netDelta(e)), d('0')))).toBe('97');
  });
});
