/**
 * Questions asked of aggregate states, shared by the decisions and by projections that need the
 * same answers (who was associated when, what rate applied, how a refund splits).
 */
import {
  associationAt as associationIn,
  cashPartOf,
  enrolledIn,
  fundsAvailableOf,
  quotaLeftOf,
  type RefundableParts,
  type RefundSplit,
  splitRefund,
  voucherUnusedOf,
} from '../figures.js';
import { add, type Decimal, parseAmount, sub, ZERO } from '../money.js';
import { instantMillis } from '../period.js';
import { bucketGet } from './bucket-map.js';
import type {
  Association,
  AssociationSpell,
  CustomerState,
  DiscountState,
  FundsState,
  OrderState,
  PartnerState,
  PublishedRuleSet,
  QuotaState,
  VoucherState,
} from './state.js';

const fromOf = (s: { from: string }): number => instantMillis(s.from);
const toOf = (s: { to: string | null }): number | null => (s.to === null ? null : instantMillis(s.to));

/** The customer's association in force at `instant` (the figures' `associationAt` on its history). */
export function customerAssociationAt(customer: CustomerState, instant: string): AssociationSpell | undefined {
  return associationIn(customer.history, instantMillis(instant), fromOf, toOf);
}

/**
 * The association an order of the customer was placed under (the funds rule's "the association in
 * force when it was placed"): the one in force at its `occurredAt` as the customer's history stood
 * when it was placed, which the customer's state recorded then; an association change appended
 * later, even one dated before the order, does not change it. The read side answers the same
 * question with the history as it stood at the order's position in the log. An order placed before
 * orders were linked into the customer's stream has no record: its `occurredAt` is read against the
 * history as it is now (what the command side always did before).
 */
export function orderAssociation(
  customer: CustomerState,
  order: Pick<OrderState, 'orderId' | 'occurredAt'>,
): Association | undefined {
  const placed = bucketGet(customer.orders, order.orderId);
  if (placed !== undefined) return placed ?? undefined;
  return customerAssociationAt(customer, order.occurredAt);
}

/** Whether the partner was enrolled in the programme at `instant` (the figures' `enrolledIn`). */
export function enrolledAt(partner: PartnerState, program: string, instant: string): boolean {
  const spells = partner.programHistory.map((h) => ({ program: h.program, fromMs: fromOf(h), toMs: toOf(h) }));
  return enrolledIn(spells, program, instantMillis(instant));
}

export type DiscountAt = { inEffect: true; rate: string } | { inEffect: false; reason: string };

/**
 * The discount's rate at `instant`: in effect from validFrom up to and including validTo, until
 * revoked (from the revocation's effectiveFrom on); the latest change effective at or before the
 * instant applies (on equal effectiveFrom, the one posted last).
 */
export function discountAt(discount: DiscountState, instant: string): DiscountAt {
  const t = instantMillis(instant);
  if (t < instantMillis(discount.validFrom)) {
    return { inEffect: false, reason: `is valid only from ${discount.validFrom}` };
  }
  if (discount.validTo !== null && t > instantMillis(discount.validTo)) {
    return { inEffect: false, reason: `expired at ${discount.validTo}` };
  }
  if (discount.revokedFrom !== null && t >= instantMillis(discount.revokedFrom)) {
    return { inEffect: false, reason: `was revoked from ${discount.revokedFrom}` };
  }
  let best: { rate: string; at: number } | undefined;
  for (const r of discount.rates) {
    const at = instantMillis(r.effectiveFrom);
    if (at <= t && (best === undefined || at >= best.at)) best = { rate: r.rate, at };
  }
  return best ? { inEffect: true, rate: best.rate } : { inEffect: false, reason: 'has no rate in effect yet' };
}

/** Whether the discount covers a product type (an empty list covers all). */
export function discountCovers(discount: DiscountState, productType: string): boolean {
  return discount.productTypes.length === 0 || discount.productTypes.includes(productType);
}

/** What was paid for an order: its amount plus its upgrade charges. */
export function orderPaid(order: OrderState): Decimal {
  return add(parseAmount(order.amount), parseAmount(order.upgradeCharges));
}

/** The cash part paid: `amount − voucherAmount` plus upgrade charges. */
export function orderCashPaid(order: Pick<OrderState, 'amount' | 'voucherAmount' | 'upgradeCharges'>): Decimal {
  return add(
    cashPartOf(parseAmount(order.amount), parseAmount(order.voucherAmount)),
    parseAmount(order.upgradeCharges),
  );
}

/** What can still be refunded or rebated. */
export function orderRefundable(order: OrderState): Decimal {
  return sub(sub(orderPaid(order), parseAmount(order.refundedCash)), parseAmount(order.refundedVoucher));
}

/** The amounts of an order that say what is left to refund (an order state, or a projection's row). */
export type OrderAmounts = Pick<
  OrderState,
  'amount' | 'voucherAmount' | 'upgradeCharges' | 'refundedCash' | 'refundedVoucher'
>;

/** What is left to refund of an order, by part: cash paid − cash refunded, voucher − voucher refunded. */
export function orderRefundableParts(order: OrderAmounts): RefundableParts {
  return {
    cash: sub(orderCashPaid(order), parseAmount(order.refundedCash)),
    voucher: sub(parseAmount(order.voucherAmount), parseAmount(order.refundedVoucher)),
  };
}

/** How a refund or rebate of `amount` of the order splits (the figures' `splitRefund`, cash first). */
export function orderRefundSplit(order: OrderAmounts, amount: Decimal): RefundSplit | undefined {
  return splitRefund(orderRefundableParts(order), amount);
}

/** The reseller's `available` funds (the figures' `fundsAvailableOf`); no funds yet: 0. */
export function fundsAvailable(funds: FundsState | undefined): Decimal {
  if (!funds) return ZERO;
  return fundsAvailableOf({
    allocated: parseAmount(funds.allocated),
    reclaimed: parseAmount(funds.reclaimed),
    spent: parseAmount(funds.spent),
    returned: parseAmount(funds.returned),
  });
}

/** What is left of the quota (the figures' `quotaLeftOf`). */
export function quotaLeft(quota: QuotaState): Decimal {
  return quotaLeftOf({
    granted: parseAmount(quota.granted),
    issued: parseAmount(quota.issued),
    reclaimed: parseAmount(quota.reclaimed),
    returned: parseAmount(quota.returned),
  });
}

export function voucherUnused(voucher: VoucherState): Decimal {
  return voucherUnusedOf(parseAmount(voucher.amount), parseAmount(voucher.used));
}

/**
 * The rule set for a period: the latest published (in log order) whose effectiveFrom ≤ period,
 * or the named version when one is given.
 */
export function ruleSetFor(
  versions: readonly PublishedRuleSet[],
  period: string,
  version?: string | number,
): PublishedRuleSet | undefined {
  if (version !== undefined) return versions.find((v) => v.version === String(version));
  let found: PublishedRuleSet | undefined;
  for (const v of versions) if (v.effectiveFrom <= period) found = v;
  return found;
}
