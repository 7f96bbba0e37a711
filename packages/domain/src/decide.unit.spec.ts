import { describe, expect, it } from 'vitest';
import { bucketGet } from './aggregates/bucket-map.js';
import { orderAssociation } from './aggregates/queries.js';
import type { CustomerState, FundsState, OrderState, QuotaState, VoucherState } from './aggregates/state.js';
import type { DomainEvent } from './events/catalogue.js';
import { foldStream, type PlanResult, planBatch, type StreamSnapshot } from './plan.js';
import { event, givenWhen, InMemoryLog, type Then } from './testing/decider-spec.js';
import { ev, resaleSetup } from './testing/fixtures.js';

function planned(then: Then): Extract<PlanResult, { kind: 'planned' }> {
  if (then.result.kind !== 'planned') throw new Error(`expected planned, got ${JSON.stringify(then.result)}`);
  return then.result;
}

function refused(then: Then, rule: string, index = 0): string {
  expect(then.result).toMatchObject({ kind: 'refused', rule, index });
  return then.result.kind === 'refused' ? then.result.detail : '';
}

function stateAfter<S>(then: Then, streamId: string): S {
  const snap = planned(then).snapshots.find((s) => s.streamId === streamId);
  if (!snap) throw new Error(`no snapshot of ${streamId}`);
  return snap.state as S;
}

const referral = () => [ev.distributor(), ev.associate({ partnerId: 'dist', associationType: 'referral' })];

describe('partners and customers', () => {
  it('referenced-id-exists: a customer is associated with a registered partner', () => {
    planned(givenWhen([ev.distributor()], [ev.associate({ partnerId: 'dist' })]));
    expect(refused(givenWhen([], [ev.associate({ partnerId: 'ghost' })]), 'referenced-id-exists')).toBe(
      'partner "ghost" does not exist',
    );
  });

  it('created-id-is-new: a partner id is registered once', () => {
    refused(givenWhen([ev.distributor()], [ev.distributor({ name: 'Again' })]), 'created-id-is-new');
  });

  it('reseller-parent-is-distributor', () => {
    planned(givenWhen([ev.distributor()], [ev.reseller()]));
    refused(
      givenWhen([ev.distributor(), ev.reseller()], [ev.reseller({ partnerId: 'r2', parentId: 'res' })]),
      'reseller-parent-is-distributor',
    );
    refused(givenWhen([], [ev.reseller({ parentId: undefined })]), 'reseller-parent-is-distributor');
    refused(
      givenWhen([ev.distributor()], [ev.distributor({ partnerId: 'd2', parentId: 'dist' })]),
      'reseller-parent-is-distributor',
    );
    refused(givenWhen([], [ev.reseller()]), 'referenced-id-exists');
  });

  it('one-partner-per-customer: a second association needs the first ended', () => {
    const given = [ev.distributor(), ev.distributor({ partnerId: 'd2' }), ev.associate({ partnerId: 'dist' })];
    expect(refused(givenWhen(given, [ev.associate({ partnerId: 'd2' })]), 'one-partner-per-customer')).toMatch(
      /"dist"/,
    );
    const end = event('CustomerDisassociated', { customerId: 'cust', partnerId: 'dist' }, '2026-09-10T00:00:00Z');
    planned(givenWhen([...given, end], [ev.associate({ partnerId: 'd2' }, '2026-09-11T00:00:00Z')]));
    // At the instant the first ended: one partner at a time still.
    planned(givenWhen([...given, end], [ev.associate({ partnerId: 'd2' }, '2026-09-10T08:00:00+08:00')]));
    // Dated back into the first association: two partners at once between then and its end.
    expect(
      refused(
        givenWhen([...given, end], [ev.associate({ partnerId: 'd2' }, '2026-09-05T00:00:00Z')]),
        'one-partner-per-customer',
      ),
    ).toBe(
      'customer "cust" was associated with partner "dist" until 2026-09-10T00:00:00Z, after this association\'s occurredAt',
    );
  });

  it('association-exists: switching or ending needs the current partner', () => {
    const given = [ev.distributor(), ev.associate({ partnerId: 'dist' })];
    const sw = (partnerId: string) =>
      event(
        'AssociationTypeSwitched',
        { customerId: 'cust', partnerId, associationType: 'referral' },
        '2026-09-20T00:00:00Z',
      );
    planned(givenWhen(given, [sw('dist')]));
    refused(givenWhen(given, [sw('other')]), 'association-exists');
    refused(
      givenWhen(given, [event('CustomerDisassociated', { customerId: 'cust', partnerId: 'other' })]),
      'association-exists',
    );
    refused(givenWhen([], [sw('dist')]), 'referenced-id-exists');
    // Dated before the association began (2026-09-02 +08:00): a spell that ends before it starts.
    const early = '2026-09-01T00:00:00+08:00';
    const end = event('CustomerDisassociated', { customerId: 'cust', partnerId: 'dist' }, early);
    expect(refused(givenWhen(given, [end]), 'association-exists')).toMatch(/only from 2026-09-02T00:00:00\+08:00/);
    refused(
      givenWhen(given, [
        event('AssociationTypeSwitched', { customerId: 'cust', partnerId: 'dist', associationType: 'referral' }, early),
      ]),
      'association-exists',
    );
    planned(
      givenWhen(given, [
        event('CustomerDisassociated', { customerId: 'cust', partnerId: 'dist' }, '2026-09-02T00:00:00+08:00'),
      ]),
    );
  });

  it('program-enrollment-changes', () => {
    const enrol = () => event('PartnerProgramEnrolled', { partnerId: 'dist', program: 'PCE' });
    const withdraw = () => event('PartnerProgramWithdrawn', { partnerId: 'dist', program: 'PCE' });
    planned(givenWhen([ev.distributor()], [enrol(), withdraw()]));
    refused(givenWhen([ev.distributor(), enrol()], [enrol()]), 'program-enrollment-changes');
    refused(givenWhen([ev.distributor()], [withdraw()]), 'program-enrollment-changes');
  });
});

describe('orders', () => {
  it('referenced-id-exists: an order names an existing customer', () => {
    planned(givenWhen(referral(), [ev.order()]));
    refused(givenWhen([ev.distributor()], [ev.order()]), 'referenced-id-exists');
  });

  it('created-id-is-new: an order id is used once', () => {
    expect(refused(givenWhen([...referral(), ev.order()], [ev.order()]), 'created-id-is-new')).toBe(
      'order "ord" already exists',
    );
  });

  it('one-currency-per-partner: amounts are in the partner currency', () => {
    refused(givenWhen(referral(), [ev.order({ currency: 'USD' })]), 'one-currency-per-partner');
    const charge = (currency: string) =>
      event('OnDemandCharged', {
        chargeId: 'ch',
        customerId: 'cust',
        productType: 'obs',
        resourceId: 'b1',
        usageType: 'storage',
        quantity: '10',
        unit: 'GB',
        amount: '3.2',
        currency,
        windowStart: '2026-10-05T00:00:00+08:00',
        windowEnd: '2026-10-06T00:00:00+08:00',
      });
    planned(givenWhen(referral(), [charge('CNY')]));
    refused(givenWhen(referral(), [charge('EUR')]), 'one-currency-per-partner');
    const adj = (currency: string) =>
      event('AdjustmentPosted', {
        adjustmentId: 'adj',
        customerId: 'cust',
        amount: '-20.00',
        currency,
        reason: 'goodwill',
      });
    planned(givenWhen(referral(), [adj('CNY')]));
    refused(givenWhen(referral(), [adj('USD')]), 'one-currency-per-partner');
  });

  it('one-currency-per-partner: a refund or spec change of an order counts for the partner then, in the order currency', () => {
    // The customer bought in CNY from dist, then moved to jp, which bills in JPY.
    const moved = [
      ...referral(),
      ev.order(),
      event('CustomerDisassociated', { customerId: 'cust', partnerId: 'dist' }, '2026-10-06T00:00:00+08:00'),
      ev.distributor({ partnerId: 'jp', name: 'JP Co', currency: 'JPY' }),
      ev.associate({ partnerId: 'jp', associationType: 'referral' }, '2026-10-07T00:00:00+08:00'),
    ];
    expect(refused(givenWhen(moved, [ev.refund('30.00', { refundId: 'f1' })]), 'one-currency-per-partner')).toBe(
      'refund "f1" of order "ord" is in CNY but partner "jp" bills in JPY',
    );
    refused(givenWhen(moved, [ev.specChange('10.00')]), 'one-currency-per-partner');
    refused(givenWhen(moved, [ev.specChange('-10.00')]), 'one-currency-per-partner');
    // Dated while the customer was still dist's (or with no partner at all), it is accepted.
    planned(givenWhen(moved, [ev.refund('30.00', {}, '2026-10-05T12:00:00+08:00')]));
    planned(givenWhen(moved.slice(0, -1), [ev.refund('30.00', {}, '2026-10-06T12:00:00+08:00')]));
  });

  it('order-amount-matches-discount: amount = round_half_up(list × (1 − rate), 2)', () => {
    const given = [...referral(), ev.discount()];
    planned(givenWhen(given, [ev.order({ discountId: 'disc', amount: '850.00' })]));
    expect(
      refused(givenWhen(given, [ev.order({ discountId: 'disc', amount: '850.01' })]), 'order-amount-matches-discount'),
    ).toBe('amount 850.01 should be round_half_up(1000 × (1 − 0.15), 2) = 850.00');
    // 0.99 × 0.5 = 0.495 → 0.50 (half-up), not 0.49.
    const half = [...referral(), ev.discount({ rate: '0.5' })];
    planned(givenWhen(half, [ev.order({ discountId: 'disc', listAmount: '0.99', amount: '0.5' })]));
    refused(
      givenWhen(half, [ev.order({ discountId: 'disc', listAmount: '0.99', amount: '0.49' })]),
      'order-amount-matches-discount',
    );
    refused(givenWhen(referral(), [ev.order({ amount: '999' })]), 'order-amount-matches-discount');
  });

  it('the latest discount change effective at or before occurredAt applies', () => {
    const change = event(
      'DiscountChanged',
      { discountId: 'disc', rate: '0.2', effectiveFrom: '2026-10-01T00:00:00+08:00' },
      '2026-09-20T00:00:00Z',
    );
    const given = [...referral(), ev.discount(), change];
    planned(givenWhen(given, [ev.order({ discountId: 'disc', amount: '800' })]));
    planned(givenWhen(given, [ev.order({ discountId: 'disc', amount: '850' }, '2026-09-30T10:00:00+08:00')]));
    refused(givenWhen(given, [ev.order({ discountId: 'disc', amount: '850' })]), 'order-amount-matches-discount');
  });

  it('discount-applies: the discount is the customer’s, covers the product and is in effect', () => {
    const given = [
      ...referral(),
      ev.associate({ customerId: 'other', partnerId: 'dist', associationType: 'referral' }),
    ];
    refused(
      givenWhen([...given, ev.discount({ customerId: 'other' })], [ev.order({ discountId: 'disc', amount: '850' })]),
      'discount-applies',
    );
    refused(
      givenWhen([...given, ev.discount({ productTypes: ['rds'] })], [ev.order({ discountId: 'disc', amount: '850' })]),
      'discount-applies',
    );
    planned(
      givenWhen(
        [...given, ev.discount({ productTypes: ['rds', 'ecs'] })],
        [ev.order({ discountId: 'disc', amount: '850' })],
      ),
    );
    refused(
      givenWhen(
        [...given, ev.discount({ validFrom: '2026-11-01T00:00:00+08:00' })],
        [ev.order({ discountId: 'disc', amount: '850' })],
      ),
      'discount-applies',
    );
    refused(
      givenWhen(
        [...given, ev.discount({ validTo: '2026-10-01T00:00:00+08:00' })],
        [ev.order({ discountId: 'disc', amount: '850' })],
      ),
      'discount-applies',
    );
    const revoke = event(
      'DiscountRevoked',
      { discountId: 'disc', effectiveFrom: '2026-10-01T00:00:00+08:00' },
      '2026-09-20T00:00:00Z',
    );
    refused(
      givenWhen([...given, ev.discount(), revoke], [ev.order({ discountId: 'disc', amount: '850' })]),
      'discount-applies',
    );
    refused(givenWhen(given, [ev.order({ discountId: 'disc', amount: '850' })]), 'referenced-id-exists');
  });

  it('discount-not-revoked', () => {
    const revoke = () => event('DiscountRevoked', { discountId: 'disc', effectiveFrom: '2026-10-01T00:00:00+08:00' });
    const given = [...referral(), ev.discount(), revoke()];
    refused(givenWhen(given, [revoke()]), 'discount-not-revoked');
    refused(
      givenWhen(given, [
        event('DiscountChanged', { discountId: 'disc', rate: '0.1', effectiveFrom: '2026-10-02T00:00:00Z' }),
      ]),
      'discount-not-revoked',
    );
  });

  it('renewals name an order of the same customer', () => {
    const given = [...referral(), ev.order()];
    const renewal = ev.order({ orderId: 'ord2', renewalOf: 'ord' }, '2027-10-01T00:00:00+08:00');
    const then = givenWhen(given, [renewal]);
    expect(planned(then).requests.find((r) => r.streamId === 'order-ord')).toEqual({
      streamId: 'order-ord',
      expectedVersion: 1,
      events: [],
    });
    refused(givenWhen(given, [ev.order({ orderId: 'ord2', renewalOf: 'nope' })]), 'referenced-id-exists');
    const other = ev.associate({ customerId: 'c2', partnerId: 'dist', associationType: 'referral' });
    refused(
      givenWhen([...given, other], [ev.order({ orderId: 'ord2', customerId: 'c2', renewalOf: 'ord' })]),
      'renewal-same-customer',
    );
  });

  it('AutoRenewSet names a resource of the order', () => {
    const set = (resourceId: string) => event('AutoRenewSet', { orderId: 'ord', resourceId, autoRenew: true });
    const then = givenWhen([...referral(), ev.order()], [set('r1')]);
    expect(stateAfter<OrderState>(then, 'order-ord').resources).toEqual([{ resourceId: 'r1', autoRenew: true }]);
    refused(givenWhen([...referral(), ev.order()], [set('r9')]), 'referenced-id-exists');
  });
});

describe('vouchers', () => {
  const given = () => [...resaleSetup(), ev.quota(), ev.voucher()];

  it('voucher-covers-amount: up to the unused value', () => {
    const then = givenWhen(given(), [ev.order({ voucherId: 'vch', voucherAmount: '100' })]);
    expect(stateAfter<VoucherState>(then, 'voucher-vch').used).toBe('100');
    expect(bucketGet(stateAfter<QuotaState>(then, 'quota-quota').vouchers, 'vch')).toEqual({
      amount: '100',
      used: '100',
      expiresAt: '2027-01-01T00:00:00+08:00',
    });
    const first = ev.order({ voucherId: 'vch', voucherAmount: '60' });
    expect(
      refused(
        givenWhen([...given(), first], [ev.order({ orderId: 'o2', voucherId: 'vch', voucherAmount: '50' })]),
        'voucher-covers-amount',
      ),
    ).toBe('voucherAmount 50 exceeds the 40 unused on voucher "vch"');
  });

  it('voucher-covers-amount: the voucher belongs to the customer, is not revoked, not expired', () => {
    const other = ev.associate({ customerId: 'c2' });
    refused(
      givenWhen([...given(), other], [ev.order({ customerId: 'c2', voucherId: 'vch', voucherAmount: '10' })]),
      'voucher-covers-amount',
    );
    const revoked = event('VoucherRevoked', { voucherId: 'vch' });
    refused(
      givenWhen([...given(), revoked], [ev.order({ voucherId: 'vch', voucherAmount: '10' })]),
      'voucher-covers-amount',
    );
    refused(
      givenWhen(given(), [ev.order({ voucherId: 'vch', voucherAmount: '10' }, '2027-01-01T00:00:00+08:00')]),
      'voucher-covers-amount',
    );
  });

  it('voucher-within-quota: vouchers issued never exceed what is left', () => {
    planned(givenWhen(given(), [ev.voucher({ voucherId: 'v2', amount: '900' })]));
    expect(
      refused(givenWhen(given(), [ev.voucher({ voucherId: 'v2', amount: '900.01' })]), 'voucher-within-quota'),
    ).toBe('voucher 900.01 exceeds the 900 left of quota "quota"');
    refused(
      givenWhen([...resaleSetup(), ev.quota({ expiresAt: '2026-09-06T00:00:00+08:00' })], [ev.voucher()]),
      'voucher-within-quota',
    );
  });

  it('voucher-expires-after-issue: a voucher already expired when issued is refused (audit money F2)', () => {
    // ev.voucher is issued 2026-09-06T00:00:00+08:00
    const issued = (expiresAt: string) => ev.voucher({ voucherId: 'v2', amount: '5', expiresAt });
    expect(refused(givenWhen(given(), [issued('2026-09-01T00:00:00+08:00')]), 'voucher-expires-after-issue')).toBe(
      'voucher "v2" expires at 2026-09-01T00:00:00+08:00, not after its occurredAt 2026-09-06T00:00:00+08:00',
    );
    // the same instant, in another offset
    refused(givenWhen(given(), [issued('2026-09-05T16:00:00Z')]), 'voucher-expires-after-issue');
    refused(givenWhen(given(), [issued('2026-09-06T00:00:00+08:00')]), 'voucher-expires-after-issue');
    const then = givenWhen(given(), [issued('2026-09-06T00:00:00.001+08:00')]);
    expect(stateAfter<QuotaState>(then, 'quota-quota').issued).toBe('105');
  });

  it('a revoked voucher returns its unused value to the quota', () => {
    const spend = ev.order({ voucherId: 'vch', voucherAmount: '30' });
    const then = givenWhen(
      [...given(), spend],
      [event('VoucherRevoked', { voucherId: 'vch' }), ev.voucher({ voucherId: 'v2', amount: '970' })],
    );
    const quota = stateAfter<QuotaState>(then, 'quota-quota');
    expect([quota.granted, quota.issued, quota.returned]).toEqual(['1000', '1070', '70']);
    refused(
      givenWhen(
        [...given(), event('VoucherRevoked', { voucherId: 'vch' })],
        [event('VoucherRevoked', { voucherId: 'vch' })],
      ),
      'voucher-not-revoked',
    );
  });

  it('quota-reclaim-within-left', () => {
    const reclaim = (amount: string) => event('VoucherQuotaReclaimed', { quotaId: 'quota', amount });
    planned(givenWhen(given(), [reclaim('900')]));
    refused(givenWhen(given(), [reclaim('900.5')]), 'quota-reclaim-within-left');
    refused(givenWhen([], [reclaim('1')]), 'referenced-id-exists');
  });

  it('a voucher is in the currency of its customer’s partner and of the orders it pays', () => {
    const usdCustomer = [
      ev.distributor({ partnerId: 'us', currency: 'USD' }),
      ev.associate({ customerId: 'c2', partnerId: 'us', associationType: 'referral' }),
    ];
    refused(
      givenWhen([...given(), ...usdCustomer], [ev.voucher({ voucherId: 'v2', customerId: 'c2' })]),
      'one-currency-per-partner',
    );
    const usdQuota = [ev.quota({ quotaId: 'uq', partnerId: 'us', grantorId: 'us', currency: 'USD' })];
    const crossVoucher = ev.voucher({ voucherId: 'v3', quotaId: 'uq' });
    // A CNY customer cannot be issued a USD voucher, so a voucher's currency always matches its orders'.
    refused(givenWhen([...given(), ...usdCustomer, ...usdQuota], [crossVoucher]), 'one-currency-per-partner');
  });

  it('a quota is in its partner’s currency', () => {
    refused(givenWhen(resaleSetup(), [ev.quota({ currency: 'USD' })]), 'one-currency-per-partner');
    refused(givenWhen(resaleSetup(), [ev.quota({ grantorId: 'ghost' })]), 'referenced-id-exists');
  });
});

describe('refunds and rebates', () => {
  it('refund-within-paid: refunds and rebates together never exceed amount + upgrades', () => {
    const given = [...referral(), ev.order()];
    planned(givenWhen(given, [ev.refund('600'), ev.specChange('-400')]));
    refused(givenWhen(given, [ev.refund('600'), ev.specChange('-400.01')]), 'refund-within-paid', 1);
    planned(givenWhen(given, [ev.specChange('200'), ev.refund('1200')]));
    expect(refused(givenWhen([...given, ev.refund('999')], [ev.refund('2')]), 'refund-within-paid')).toBe(
      'refund 2 exceeds the 1 still refundable on order "ord"',
    );
  });

  it('refunds come out of the cash part first, then the voucher part', () => {
    const given = [...resaleSetup(), ev.quota(), ev.voucher(), ev.order({ voucherId: 'vch', voucherAmount: '100' })];
    const then = givenWhen(given, [ev.refund('950')]);
    const order = stateAfter<OrderState>(then, 'order-ord');
    expect([order.refundedCash, order.refundedVoucher]).toEqual(['900', '50']);
    // The cash part goes back to the reseller's funds; the voucher part to no one.
    const funds = stateAfter<FundsState>(then, 'funds-res');
    expect([funds.spent, funds.returned]).toEqual(['900', '900']);
    const voucher = then.log.snapshot('voucher-vch').state as VoucherState;
    expect(voucher.used).toBe('100');
  });

  it('referenced-id-exists and created-id-is-new for refunds and changes', () => {
    const given = [...referral(), ev.order(), ev.order({ orderId: 'o2' }), ev.refund('1', { refundId: 'f1' })];
    refused(givenWhen(given, [ev.refund('1', { orderId: 'nope' })]), 'referenced-id-exists');
    refused(givenWhen(given, [ev.refund('1', { resourceIds: ['r9'] })]), 'referenced-id-exists');
    refused(givenWhen(given, [ev.refund('1', { refundId: 'f1', orderId: 'o2' })]), 'created-id-is-new');
    refused(
      givenWhen(
        [...given, ev.specChange('5', { changeId: 'c1' })],
        [ev.specChange('5', { changeId: 'c1', orderId: 'o2' })],
      ),
      'created-id-is-new',
    );
    refused(givenWhen(given, [ev.specChange('5', { resourceId: 'r9' })]), 'referenced-id-exists');
  });
});

describe('reseller funds', () => {
  it('funds-available: a resale order’s cash part is drawn from the reseller’s funds', () => {
    const then = givenWhen(resaleSetup('1000'), [ev.order()]);
    const funds = stateAfter<FundsState>(then, 'funds-res');
    expect([funds.allocated, funds.spent]).toEqual(['1000', '1000']);
    const link = planned(then).requests.find((r) => r.streamId === 'funds-res');
    expect(link?.events).toEqual([{ linkTo: expect.any(String) }]);
    expect(refused(givenWhen(resaleSetup('999.99'), [ev.order()]), 'funds-available')).toBe(
      'cash part 1000 exceeds the 999.99 available in the funds of reseller "res"',
    );
  });

  it('only the cash part is drawn; a voucher pays the rest', () => {
    const given = [...resaleSetup('900'), ev.quota(), ev.voucher()];
    planned(givenWhen(given, [ev.order({ voucherId: 'vch', voucherAmount: '100' })]));
    refused(givenWhen(given, [ev.order({ voucherId: 'vch', voucherAmount: '99.99' })]), 'funds-available');
  });

  it('referral customers and distributors’ customers do not draw funds', () => {
    const refCust = [ev.distributor(), ev.reseller(), ev.associate({ associationType: 'referral' })];
    const then = givenWhen(refCust, [ev.order()]);
    expect(planned(then).requests.map((r) => r.streamId)).not.toContain('funds-res');
    planned(givenWhen([ev.distributor(), ev.associate({ partnerId: 'dist' })], [ev.order()]));
  });

  it('a positive spec change draws funds and a rebate or refund returns its cash part', () => {
    const given = [...resaleSetup('1500'), ev.order()];
    const up = givenWhen(given, [ev.specChange('300')]);
    expect(stateAfter<FundsState>(up, 'funds-res').spent).toBe('1300');
    refused(givenWhen(given, [ev.specChange('500.01')]), 'funds-available');
    const back = givenWhen(given, [ev.specChange('-200'), ev.refund('100')]);
    const funds = stateAfter<FundsState>(back, 'funds-res');
    expect([funds.spent, funds.returned, bucketGet(funds.orders, 'ord')]).toEqual([
      '1000',
      '300',
      { drawn: '1000', returned: '300' },
    ]);
  });

  it('keeps each of many outstanding orders apart: a refund returns at most what its own order drew', () => {
    // 60 orders of 10 to 69: enough entries for the funds' and the customer's maps to split into branches.
    const orders = Array.from({ length: 60 }, (_, i) =>
      ev.order({
        orderId: `o${i}`,
        listAmount: `${10 + i}`,
        amount: `${10 + i}`,
        resources: [{ resourceId: `r${i}` }],
      }),
    );
    const given = [...resaleSetup('5000'), ...orders];
    const refunds = [
      ev.refund('17', { orderId: 'o7', resourceIds: ['r7'] }), // all of o7: its entry goes
      ev.refund('20', { orderId: 'o31', resourceIds: ['r31'] }), // part of o31 (41)
    ];
    const then = givenWhen(given, refunds);
    const funds = stateAfter<FundsState>(then, 'funds-res');
    const drawn = orders.reduce((sum, _, i) => sum + 10 + i, 0);
    expect([funds.spent, funds.returned]).toEqual([String(drawn), '37']);
    expect(bucketGet(funds.orders, 'o7')).toBeUndefined();
    expect(bucketGet(funds.orders, 'o31')).toEqual({ drawn: '41', returned: '20' });
    for (const i of [0, 8, 30, 32, 59])
      expect(bucketGet(funds.orders, `o${i}`)).toEqual({ drawn: `${10 + i}`, returned: '0' });
    const customer = stateAfter<CustomerState>(then, 'customer-cust');
    for (const i of [0, 7, 59])
      expect(bucketGet(customer.orders, `o${i}`)).toEqual({ partnerId: 'res', associationType: 'resale' });
    // o31 has 21 left: a refund of it returns that and its entry goes; a cent more is refused.
    const rest = givenWhen([...given, ...refunds], [ev.refund('21', { orderId: 'o31', resourceIds: ['r31'] })]);
    expect(stateAfter<FundsState>(rest, 'funds-res').returned).toBe('58');
    expect(bucketGet(stateAfter<FundsState>(rest, 'funds-res').orders, 'o31')).toBeUndefined();
    refused(
      givenWhen([...given, ...refunds], [ev.refund('21.01', { orderId: 'o31', resourceIds: ['r31'] })]),
      'refund-within-paid',
    );
  });

  it('on-demand charges never touch reseller funds', () => {
    const charge = event('OnDemandCharged', {
      chargeId: 'ch',
      customerId: 'cust',
      productType: 'obs',
      resourceId: 'b1',
      usageType: 'storage',
      quantity: 5,
      unit: 'GB',
      amount: '99999',
      currency: 'CNY',
      windowStart: '2026-10-05T00:00:00+08:00',
      windowEnd: '2026-10-06T00:00:00+08:00',
    });
    const then = givenWhen(resaleSetup('1'), [charge]);
    expect(
      planned(then)
        .requests.map((r) => r.streamId)
        .sort(),
      // The catalogue is read (its version checked) for the unit of a registered usage type; no funds.
    ).toEqual(['catalogue', 'charge-ch', 'customer-cust', 'partner-res']);
    refused(givenWhen(resaleSetup('1'), [charge, charge]), 'created-id-is-new', 1);
  });

  it('funds-from-parent-distributor', () => {
    const other = ev.distributor({ partnerId: 'd2' });
    refused(
      givenWhen([...resaleSetup(), other], [ev.allocate('10', { distributorId: 'd2' })]),
      'funds-from-parent-distributor',
    );
    refused(givenWhen(resaleSetup(), [ev.allocate('10', { resellerId: 'dist' })]), 'funds-from-parent-distributor');
    refused(givenWhen(resaleSetup(), [ev.allocate('10', { currency: 'USD' })]), 'one-currency-per-partner');
    refused(
      givenWhen(resaleSetup(), [
        ev.allocate('10', { allocationId: 'same' }),
        ev.allocate('10', { allocationId: 'same' }),
      ]),
      'created-id-is-new',
      1,
    );
  });

  it('reclaim-within-available', () => {
    const reclaim = (amount: string) =>
      event('FundsReclaimed', {
        reclaimId: `r${amount}`,
        distributorId: 'dist',
        resellerId: 'res',
        amount,
        currency: 'CNY',
      });
    const given = [...resaleSetup('1000'), ev.order({ listAmount: '400', amount: '400' })];
    planned(givenWhen(given, [reclaim('600')]));
    expect(refused(givenWhen(given, [reclaim('600.01')]), 'reclaim-within-available')).toBe(
      'reclaim 600.01 exceeds the 600 available to reseller "res"',
    );
  });
});

describe('the funds an order drew from: the association it was placed under (audit money F1)', () => {
  // The order of 10-05 is placed first; an association change dated before it is appended after it.
  const switched = (associationType: 'referral' | 'resale', at = '2026-10-04T10:00:00+08:00') =>
    event('AssociationTypeSwitched', { customerId: 'cust', partnerId: 'res', associationType }, at);
  const reclaim = (amount: string) =>
    event('FundsReclaimed', {
      reclaimId: `rc-${amount}`,
      distributorId: 'dist',
      resellerId: 'res',
      amount,
      currency: 'CNY',
    });
  const fundsLinked = (then: Then) =>
    planned(then).requests.find((r) => r.streamId === 'funds-res')?.events.length ?? 0;

  it('placed as resale, then switched to referral before it: the upgrade is checked against and charged to the payer', () => {
    const given = [...resaleSetup('1000'), ev.order(), switched('referral')];
    expect(refused(givenWhen(given, [ev.specChange('500')]), 'funds-available')).toBe(
      'upgrade charge 500 exceeds the 0 available in the funds of reseller "res"',
    );
    const then = givenWhen([...given, ev.allocate('500')], [ev.specChange('500')]);
    expect(fundsLinked(then)).toBe(1);
    expect(stateAfter<FundsState>(then, 'funds-res').spent).toBe('1500');
  });

  it('placed as resale, then switched to referral before it: the refund returns its cash part, which can be reclaimed', () => {
    const given = [...resaleSetup('1000'), ev.order(), switched('referral')];
    const then = givenWhen(given, [ev.refund('100'), reclaim('100')]);
    expect(fundsLinked(then)).toBe(2);
    const funds = stateAfter<FundsState>(then, 'funds-res');
    expect([funds.spent, funds.returned, funds.reclaimed]).toEqual(['1000', '100', '100']);
    refused(givenWhen(given, [ev.refund('100'), reclaim('100.01')]), 'reclaim-within-available', 1);
  });

  it('placed as referral, then switched to resale before it: nothing is drawn from or returned to the funds', () => {
    const given = [
      ev.distributor(),
      ev.reseller(),
      ev.associate({ associationType: 'referral' }),
      ev.allocate('10'),
      ev.order(),
      switched('resale'),
    ];
    const then = givenWhen(given, [ev.specChange('5000'), ev.refund('3000'), reclaim('10')]);
    expect(fundsLinked(then)).toBe(1); // the reclaim alone
    expect(stateAfter<FundsState>(then, 'funds-res')).toMatchObject({ spent: '0', returned: '0', reclaimed: '10' });
  });

  it('a disassociation and re-association to another reseller, both dated before the order, do not move its payer', () => {
    const given = [
      ...resaleSetup('1000'),
      ev.reseller({ partnerId: 'r2' }),
      ev.allocate('5000', { resellerId: 'r2' }),
      ev.order(),
      event('CustomerDisassociated', { customerId: 'cust', partnerId: 'res' }, '2026-10-01T00:00:00+08:00'),
      ev.associate({ partnerId: 'r2' }, '2026-10-02T00:00:00+08:00'),
    ];
    refused(givenWhen(given, [ev.specChange('1')]), 'funds-available');
    const then = givenWhen(given, [ev.refund('400')]);
    expect(fundsLinked(then)).toBe(1);
    expect(planned(then).requests.find((r) => r.streamId === 'funds-r2')).toBeUndefined();
    expect(stateAfter<FundsState>(then, 'funds-res').returned).toBe('400');
  });

  it('the customer’s state records the association each order was placed under; an order it has no record of is read at its occurredAt', () => {
    const log = new InMemoryLog();
    for (const e of [...resaleSetup('1000'), ev.order(), switched('referral')]) log.append([e]);
    const customer = log.snapshot('customer-cust').state as CustomerState;
    expect(bucketGet(customer.orders, 'ord')).toEqual({ partnerId: 'res', associationType: 'resale' });
    const order = log.snapshot('order-ord').state as OrderState;
    expect(orderAssociation(customer, order)).toEqual({ partnerId: 'res', associationType: 'resale' });
    // A log written before orders were linked into customers' streams: the history as it is now.
    const unlinked = foldStream(
      'customer-cust',
      (log.streams.get('customer-cust') ?? []).filter((e) => e.type !== 'OrderPlaced'),
    ).state as CustomerState;
    expect(orderAssociation(unlinked, order)).toMatchObject({ partnerId: 'res', associationType: 'referral' });
  });
});

describe('batches', () => {
  it('later events see what earlier events of the batch did', () => {
    const batch = [ev.distributor(), ev.reseller(), ev.associate(), ev.allocate('1000'), ev.order(), ev.refund('1000')];
    const then = givenWhen([], batch);
    const funds = stateAfter<FundsState>(then, 'funds-res');
    expect([funds.allocated, funds.spent, funds.returned]).toEqual(['1000', '1000', '1000']);
    // Every stream is new: each request expects version 0.
    expect(planned(then).requests.every((r) => r.expectedVersion === 0)).toBe(true);
  });

  it('a refusal names the index of the event in the batch, and nothing is planned', () => {
    const then = givenWhen(resaleSetup('1500'), [
      ev.order(),
      ev.order({ orderId: 'o2', listAmount: '600', amount: '600' }),
    ]);
    refused(then, 'funds-available', 1);
  });

  it('requests guard every stream read at the version it was read', () => {
    const given = [...resaleSetup('5000'), ev.order()];
    const then = givenWhen(given, [ev.refund('10')]);
    const byStream = Object.fromEntries(
      planned(then).requests.map((r) => [r.streamId, [r.expectedVersion, r.events.length]]),
    );
    expect(byStream['order-ord']).toEqual([1, 1]);
    // the customer's stream holds its association and the order placed (linked there)
    expect(byStream['customer-cust']).toEqual([2, 0]);
    expect(byStream['partner-res']).toEqual([1, 0]);
    expect(byStream['funds-res']).toEqual([2, 1]);
    expect(Object.entries(byStream).find(([id]) => id.startsWith('refund-'))?.[1]).toEqual([0, 1]);
  });

  it('asks for all streams the events name at once, then for what loaded state names', () => {
    const log = new InMemoryLog();
    for (const e of [...resaleSetup(), ev.order()]) log.append([e]);
    const refund = ev.refund('1', { refundId: 'f1' });
    const loaded = new Map<string, StreamSnapshot>();
    const lookup = (id: string) => loaded.get(id);
    const batch = [refund, ev.order({ orderId: 'o3' })];
    const rounds: string[][] = [];
    for (let r = planBatch(batch, lookup); r.kind === 'need'; r = planBatch(batch, lookup)) {
      rounds.push(r.streamIds);
      for (const id of r.streamIds) loaded.set(id, log.snapshot(id));
    }
    // 1: what the events name; 2: the order's customer; 3: its partner and that partner's funds.
    expect(rounds).toEqual([
      ['order-ord', 'refund-f1', 'order-o3', 'customer-cust'],
      ['partner-res', 'funds-res'],
    ]);
  });

  it('does not mutate the snapshots it is given', () => {
    const log = new InMemoryLog();
    for (const e of [...resaleSetup(), ev.order()]) log.append([e]);
    const snapshot = log.snapshot('funds-res');
    const frozen = JSON.stringify(snapshot);
    const lookup = (id: string) => (id === 'funds-res' ? snapshot : log.snapshot(id));
    expect(planBatch([ev.refund('10')], lookup).kind).toBe('planned');
    expect(JSON.stringify(snapshot)).toBe(frozen);
  });

  it('foldStream over the stored stream gives the state the plan predicted', () => {
    const log = new InMemoryLog();
    const events: DomainEvent[] = [
      ...resaleSetup('3000'),
      ev.quota(),
      ev.voucher(),
      ev.order({ voucherId: 'vch', voucherAmount: '100' }),
      ev.specChange('250'),
      ev.refund('1200'),
      event('VoucherRevoked', { voucherId: 'vch' }),
    ];
    const result = log.append(events);
    if (result.kind !== 'planned') throw new Error(JSON.stringify(result));
    for (const s of result.snapshots) {
      expect(foldStream(s.streamId, log.streams.get(s.streamId) ?? [])).toEqual(s);
    }
    const funds = log.snapshot('funds-res').state as FundsState;
    // Cash: 900 + 250 drawn; the refund of 1200 returns all 1150 cash, 50 comes out of the voucher part.
    expect([funds.spent, funds.returned, funds.orders]).toEqual(['1150', '1150', {}]);
  });
});

describe('periods and rules', () => {
  const rules = (version: string | number, over: Record<string, unknown> = {}) =>
    event('IncentiveRulesPublished', {
      version,
      effectiveFrom: '2026-10',
      rules: [{ id: 'base', rate: '0.05' }],
      tiers: [
        { minNet: '0', bonusRate: '0' },
        { minNet: '10000', bonusRate: '0.01' },
      ],
      ...over,
    });

  it('periods-close-in-order: the first close may be any period, then month by month', () => {
    planned(givenWhen([], [ev.close('2026-09'), ev.close('2026-10')]));
    refused(givenWhen([ev.close('2026-09')], [ev.close('2026-11')]), 'periods-close-in-order');
    refused(givenWhen([ev.close('2026-09')], [ev.close('2026-09')]), 'periods-close-in-order');
    refused(givenWhen([ev.close('2026-09')], [ev.close('2026-08')]), 'periods-close-in-order');
    planned(givenWhen([ev.close('2026-12')], [ev.close('2027-01')]));
  });

  it('a close is appended to the one periods stream and linked into period-<YYYY-MM>, which must be new', () => {
    const close = ev.close('2026-09');
    const plan = planned(givenWhen([], [close]));
    expect(plan.requests).toEqual(
      expect.arrayContaining([
        { streamId: 'periods', expectedVersion: 0, events: [close] },
        { streamId: 'period-2026-09', expectedVersion: 0, events: [{ linkTo: close.eventId }] },
      ]),
    );
    expect(plan.requests).toHaveLength(2);
  });

  it('a closed period refuses no late event', () => {
    planned(givenWhen([...referral(), ev.close('2026-10')], [ev.order()]));
  });

  it('rules-version-is-new and rules-valid', () => {
    planned(givenWhen([rules(1)], [rules('2')]));
    // SPEC §4 gives a rule its match and rate only: an id is optional, unique when given.
    planned(
      givenWhen([], [rules(1, { rules: [{ match: { billingMode: 'on_demand' }, rate: '0.1' }, { rate: '0.2' }] })]),
    );
    planned(givenWhen([], [rules(1, { rules: [{ id: 'a', rate: '0.1' }, { rate: '0.2' }, { rate: '0.3' }] })]));
    refused(givenWhen([rules(1)], [rules('1')]), 'rules-version-is-new');
    refused(
      givenWhen(
        [],
        [
          rules(1, {
            rules: [
              { id: 'a', rate: '0.1' },
              { id: 'a', rate: '0.2' },
            ],
          }),
        ],
      ),
      'rules-valid',
    );
    refused(
      givenWhen(
        [],
        [
          rules(1, {
            tiers: [
              { minNet: '100', bonusRate: '0.01' },
              { minNet: '100', bonusRate: '0.02' },
            ],
          }),
        ],
      ),
      'rules-valid',
    );
  });

  it('statement-revision-is-new', () => {
    const publish = (revision: number, rulesVersion: string | number = 1) =>
      event('StatementRevisionPublished', {
        partnerId: 'dist',
        period: '2026-10',
        revision,
        rulesVersion,
        totalBefore: '10.00',
        totalAfter: '12.50',
      });
    planned(givenWhen([ev.distributor(), rules(1), publish(1)], [publish(3)]));
    refused(givenWhen([ev.distributor(), rules(1), publish(2)], [publish(2)]), 'statement-revision-is-new');
    refused(givenWhen([ev.distributor(), rules(1)], [publish(1, 7)]), 'referenced-id-exists');
  });
});
