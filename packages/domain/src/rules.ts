/**
 * The invariants the command side enforces, by stable kebab-case name. A refusal names one of
 * these; `docs/events.md` describes each.
 */
export const RULES = {
  'referenced-id-exists':
    'Every id an event refers to (partner, customer, order, resource, discount, quota, voucher, rule version, product type, measure unit, marketplace transaction) exists.',
  'created-id-is-new':
    'An id an event creates (partnerId, orderId, refundId, changeId, chargeId, adjustmentId, allocationId, reclaimId, quotaId, voucherId, discountId, productType, usageType, unit, transactionId) is not taken.',
  'one-partner-per-customer':
    'A customer is associated with at most one partner at a time: a new association needs the last one ended at or before its occurredAt.',
  'association-exists':
    'Switching or ending an association needs the customer to be associated with that partner now, and already at the occurredAt.',
  'reseller-parent-is-distributor':
    'A reseller names a parentId that is a registered distributor; other tiers have no parent.',
  'program-enrollment-changes':
    'Enrolling needs the partner not enrolled in the programme; withdrawing needs it enrolled.',
  'one-currency-per-partner':
    "Every amount of a customer's events is in its partner's currency; funds and quotas are in the partners' currency.",
  'discount-applies':
    'The discount of an order is granted to its customer, covers its product type and is in effect at occurredAt.',
  'discount-not-revoked': 'A revoked discount is neither changed nor revoked again.',
  'order-amount-matches-discount':
    'amount = round_half_up(listAmount × (1 − rate), 2) with a discount, amount = listAmount without.',
  'voucher-covers-amount':
    "A voucher used by an order belongs to the order's customer, is neither revoked nor expired, and its unused value covers voucherAmount.",
  'voucher-not-revoked': 'A voucher is revoked at most once.',
  'renewal-same-customer': 'A renewal renews an order of the same customer.',
  'refund-within-paid': 'Refunds and rebates of an order together never exceed its amount plus its upgrade charges.',
  'funds-available':
    "A resale order's cash part and a positive spec change paid from reseller funds never take available funds below zero.",
  'funds-from-parent-distributor': 'Funds move only between a reseller and its parent distributor.',
  'reclaim-within-available': 'FundsReclaimed never exceeds the available funds.',
  'voucher-within-quota':
    'Vouchers issued from a quota never exceed what is left of it, and an expired quota issues none.',
  'voucher-expires-after-issue':
    'A voucher is issued before its expiresAt: one already expired at its occurredAt could pay for nothing, and would only take its value from the quota.',
  'quota-reclaim-within-left': 'VoucherQuotaReclaimed never exceeds what is left of the quota.',
  'periods-close-in-order': 'The first close may be any period; each later one is the month after the last closed.',
  'rules-version-is-new': 'A rule-set version is published once.',
  'rules-valid': 'Rule ids are unique within a set; tiers are strictly ascending by minNet.',
  'statement-revision-is-new':
    "A published statement revision is above the partner's last published revision of that period.",
  'statement-total-within-bounds':
    'A published statement revision has totals (before and after) of at most 15 integer digits, like every amount of an event.',
  'unit-base-same-dimension':
    "A measure unit's baseUnit is a registered unit of the same dimension, or the unit itself with factor 1; a dimension has one such root unit.",
  'unit-chain-within-bound':
    "A measure unit is at most 16 bases away from its dimension's root unit (so its conversions stay exact).",
  'charge-unit-matches-usage-type':
    "Once its usage type is registered, an on-demand charge's unit is a registered unit of the usage type's unit's dimension, and its quantity converts exactly to a decimal in the usage type's unit.",
  'marketplace-refund-of-sale':
    'A marketplace refund has a negative amount and names (refundOf) an earlier purchase or renewal of the same order and seller: one whose occurredAt is not after the refund’s (the same instant is allowed); a purchase or renewal has a positive amount and no refundOf.',
  'marketplace-refund-within-amount': 'The refunds of a marketplace transaction together never exceed its amount.',
  'marketplace-billed-once': 'A marketplace transaction is billed (unbilled → billed) once.',
  'marketplace-released-once':
    'Service supervision of a marketplace transaction is released once, and only for a supervised transaction.',
} as const;

export type RuleName = keyof typeof RULES;

/** A decision refused: the rule broken and a sentence that says how. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    readonly rule: RuleName,
    readonly detail: string,
  ) {
    super(`${rule}: ${detail}`);
  }
}

export function refuse(rule: RuleName, detail: string): never {
  throw new Refusal(rule, detail);
}
