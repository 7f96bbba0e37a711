/**
 * Questions asked of aggregate states, shared by the decisions and by projections that need the
 * same answers (who was associated when, what rate applied, how a refund splits).
 */
import { type Decimal, min, parseAmount, ZERO } from '../money.js';
import { instantMillis } from '../period.js';
import type {
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

/** The association in force at `instant`: the spell with from ≤ instant < to (the latest such). */
export function associationAt(customer: CustomerState, instant: string): AssociationSpell | undefined {
  const t = instantMillis(instant);
  let found: AssociationSpell | undefined;
  for (const spell of customer.history) {
    if (instantMillis(spell.from) <= t && (spell.to === null || t < instantMillis(spell.to))) found = spell;
  }
  return found;
}

/** Whether the partner was enrolled in the programme at `instant`. */
export function enrolledAt(partner: PartnerState, program: string, instant: string): boolean {
  const t = instantMillis(instant);
  return partner.programHistory.some(
    (h) => h.program === program && instantMillis(h.from) <= t && (h.to === null || t < instantMillis(h.to)),
  );
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
  return parseAmount(order.amount).plus(parseAmount(order.upgradeCharges));
}

/** The cash part paid: `amount − voucherAmount` plus upgrade charges. */
export function orderCashPaid(order: OrderState): Decimal {
  return parseAmount(order.amount).minus(parseAmount(order.voucherAmount)).plus(parseAmount(order.upgradeCharges));
}

/** What can still be refunded or rebated. */
export function orderRefundable(order: OrderState): Decimal {
  return orderPaid(order).minus(parseAmount(order.refundedCash)).minus(parseAmount(order.refundedVoucher));
}

export interface RefundSplit {
  cash: Decimal;
  voucher: Decimal;
}

/**
 * How a refund or rebate of `amount` splits: out of the cash part first, then the voucher part.
 * Undefined when it exceeds what is left to refund.
 */
export function splitRefund(order: OrderState, amount: Decimal): RefundSplit | undefined {
  const cashLeft = orderCashPaid(order).minus(parseAmount(order.refundedCash));
  const voucherLeft = parseAmount(order.voucherAmount).minus(parseAmount(order.refundedVoucher));
  const cash = min(amount, cashLeft.lt(0) ? ZERO : cashLeft);
  const voucher = amount.minus(cash);
  return voucher.gt(voucherLeft) ? undefined : { cash, voucher };
}

/** allocated − reclaimed − spent + returned. */
export function fundsAvailable(funds: FundsState | undefined): Decimal {
  if (!funds) return ZERO;
  return parseAmount(funds.allocated)
    .minus(parseAmount(funds.reclaimed))
    .minus(parseAmount(funds.spent))
    .plus(parseAmount(funds.returned));
}

/** granted − issued − reclaimed + returned. */
export function quotaLeft(quota: QuotaState): Decimal {
  return parseAmount(quota.granted)
    .minus(parseAmount(quota.issued))
    .minus(parseAmount(quota.reclaimed))
    .plus(parseAmount(quota.returned));
}

export function voucherUnused(voucher: VoucherState): Decimal {
  return parseAmount(voucher.amount).minus(parseAmount(voucher.used));
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
