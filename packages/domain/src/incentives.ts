/**
 * Incentive maths of SPEC §4, pure: which rule matches a line, the tier and programme bonuses, the
 * line's base and amount. Projections supply the facts (association at occurredAt, the partner's
 * period net, enrolments); this module only computes.
 */
import type { AssociationType, BillingMode } from './events/fields.js';
import type { IncentiveRule, IncentiveTier } from './events/schemas.js';
import { type Decimal, parseAmount, roundHalfUpTo, ZERO } from './money.js';

/**
 * What an incentive line comes from: an event that earns or claws back incentive, or the TrueUp a
 * published revision of a closed period books (SPEC §4, §5 `sourceType`).
 */
export const INCENTIVE_SOURCE_TYPES = [
  'OrderPlaced',
  'OrderRefunded',
  'SpecChanged',
  'OnDemandCharged',
  'TrueUp',
] as const;
export type IncentiveSourceType = (typeof INCENTIVE_SOURCE_TYPES)[number];

/** What a rule's `match` is compared with. */
export interface LineFacts {
  associationType: AssociationType;
  billingMode: BillingMode;
  productType: string;
  /** Null when the partner has no level: then only rules without a `partnerLevel` match. */
  partnerLevel: string | null;
}

const MATCH_FIELDS = ['associationType', 'billingMode', 'productType', 'partnerLevel'] as const;

/**
 * The rule for a line: among rules whose every `match` field equals the line's (absent fields
 * match anything), the one with the most match fields; on a tie, the first listed. None: undefined.
 */
export function matchRule(rules: readonly IncentiveRule[], line: LineFacts): IncentiveRule | undefined {
  let best: IncentiveRule | undefined;
  let bestCount = -1;
  for (const rule of rules) {
    const match = rule.match ?? {};
    let count = 0;
    let matches = true;
    for (const field of MATCH_FIELDS) {
      const want = match[field];
      if (want === undefined) continue;
      if (want !== line[field]) {
        matches = false;
        break;
      }
      count += 1;
    }
    if (matches && count > bestCount) {
      best = rule;
      bestCount = count;
    }
  }
  return best;
}

/** The bonus of the highest tier whose minNet ≤ the partner's period net; 0 below every tier. */
export function tierBonus(tiers: readonly IncentiveTier[], periodNet: Decimal): Decimal {
  let bonus = ZERO;
  let bestMin: Decimal | undefined;
  for (const tier of tiers) {
    const min = parseAmount(tier.minNet);
    if (min.lte(periodNet) && (bestMin === undefined || min.gt(bestMin))) {
      bestMin = min;
      bonus = parseAmount(tier.bonusRate);
    }
  }
  return bonus;
}

/** Σ bonusRate of the programmes the partner was enrolled in at the line's occurredAt. */
export function programBonus(
  programs: Readonly<Record<string, { bonusRate: string }>>,
  enrolled: (program: string) => boolean,
): Decimal {
  let bonus = ZERO;
  for (const [name, p] of Object.entries(programs)) if (enrolled(name)) bonus = bonus.plus(parseAmount(p.bonusRate));
  return bonus;
}

/**
 * The line's rate: the matching rule's rate + tier bonus + programme bonuses. A line no rule
 * matches earns nothing: its rate is 0, bonuses included (SPEC §4 "No rule: rate 0"; bonuses raise
 * the rate of incentivised business, they do not make other business incentivised).
 */
export function lineRate(ruleRate: Decimal | undefined, tier: Decimal, programs: Decimal): Decimal {
  if (ruleRate === undefined) return ZERO;
  return ruleRate.plus(tier).plus(programs);
}

/** SPEC §4: `amount = round_half_up(base × rate, 2)`, half-up symmetric (−0.005 → −0.01). */
export function lineAmount(base: Decimal, rate: Decimal): Decimal {
  return roundHalfUpTo(base.times(rate), 2);
}

/** Base of an order line: its cash part, `amount − voucherAmount`. */
export function orderLineBase(amount: string, voucherAmount: string | undefined): Decimal {
  return parseAmount(amount).minus(parseAmount(voucherAmount ?? '0'));
}

/**
 * Base of a refund or rebate line: minus its cash part (refunds come out of the cash part first;
 * see `splitRefund`). Base of an upgrade charge or on-demand line: its amount.
 */
export function clawbackBase(cashPart: Decimal): Decimal {
  return cashPart.negated();
}
