/**
 * Incentive maths of SPEC §4, pure: which rule matches a line, the tier and programme bonuses, the
 * line's base and amount. Projections supply the facts (association at occurredAt, the partner's
 * period net, enrolments); this module only computes.
 */
import type { PublishedRuleSet } from './aggregates/state.js';
import type { AssociationType, BillingMode } from './events/fields.js';
import type { IncentiveRule, IncentiveTier } from './events/schemas.js';
import { cashPartOf, type EnrolmentSpell, enrolledIn, type TypedEvent } from './figures.js';
import { add, Decimal, parseAmount, roundHalfUpTo, ZERO } from './money.js';

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
  for (const [name, p] of Object.entries(programs)) if (enrolled(name)) bonus = add(bonus, parseAmount(p.bonusRate));
  return bonus;
}

/**
 * The line's rate: the matching rule's rate + tier bonus + programme bonuses. A line no rule
 * matches earns nothing: its rate is 0, bonuses included (SPEC §4 "No rule: rate 0"; bonuses raise
 * the rate of incentivised business, they do not make other business incentivised).
 */
export function lineRate(ruleRate: Decimal | undefined, tier: Decimal, programs: Decimal): Decimal {
  if (ruleRate === undefined) return ZERO;
  return add(add(ruleRate, tier), programs);
}

/** SPEC §4: `amount = round_half_up(base × rate, 2)`, half-up symmetric (−0.005 → −0.01). */
export function lineAmount(base: Decimal, rate: Decimal): Decimal {
  return roundHalfUpTo(base.times(rate), 2);
}

/** Base of an order line: its cash part, `amount − voucherAmount` (`cashPartOf`). */
export function orderLineBase(amount: string, voucherAmount: string | undefined): Decimal {
  return cashPartOf(parseAmount(amount), parseAmount(voucherAmount ?? '0'));
}

/**
 * Base of a refund or rebate line: minus its cash part (refunds come out of the cash part first;
 * see `splitRefund`). Base of an upgrade charge or on-demand line: its amount.
 */
export function clawbackBase(cashPart: Decimal): Decimal {
  return cashPart.negated();
}

/** The events that make a source line of their own (a TrueUp line is made by a published revision). */
export type LineSourceEvent = Extract<
  TypedEvent,
  { type: 'OrderPlaced' | 'OrderRefunded' | 'SpecChanged' | 'OnDemandCharged' }
>;

/**
 * The base of an event's source line (SPEC §4): an order's cash part; an upgrade charge's or an
 * on-demand charge's amount; minus the cash part of a refund or rebate, `refundCash` (what
 * `splitRefund` took out of the order's cash part; required for those).
 */
export function lineBase(e: LineSourceEvent, refundCash?: Decimal): Decimal {
  switch (e.type) {
    case 'OrderPlaced':
      return orderLineBase(e.data.amount, e.data.voucherAmount);
    case 'OnDemandCharged':
      return parseAmount(e.data.amount);
    case 'SpecChanged':
    case 'OrderRefunded': {
      const amount = parseAmount(e.data.amount);
      if (e.type === 'SpecChanged' && amount.isPositive()) return amount;
      if (refundCash === undefined) throw new TypeError(`lineBase: the cash part of ${e.type} is needed`);
      return clawbackBase(refundCash);
    }
  }
}

/** The facts of a source line that its rating reads (a projection's source line has them all). */
export interface RatingFacts {
  sourceType: IncentiveSourceType;
  associationType: AssociationType | null;
  billingMode: BillingMode | null;
  productType: string | null;
  partnerLevel: string | null;
  /** Business time of the event behind the line (epoch ms): enrolments are taken at it. */
  occurredMs: number;
  base: Decimal;
}

export interface RatedLine {
  /** The rule that matched (its `id`, or `#n` for the n-th rule of the set when it has none); null: none. */
  ruleId: string | null;
  rate: Decimal;
  amount: Decimal;
}

const ONE = new Decimal(1);

/** The tier bonus of a statement: from its rule set's tiers and the partner's period net (no set: 0). */
export function statementTier(ruleSet: PublishedRuleSet | undefined, net: Decimal): Decimal {
  return ruleSet ? tierBonus(ruleSet.tiers, net) : ZERO;
}

/**
 * Rates one line under a statement's rule set and tier bonus (SPEC §4): the matching rule's rate
 * plus the tier bonus plus the bonuses of the programmes the partner was enrolled in at the line's
 * occurredAt (`spells`); amount = `lineAmount(base, rate)`. No rule set, or no rule that matches:
 * rate 0 (see `lineRate`). A TrueUp line is booked as is: rate 1.
 */
export function rateLine(
  line: RatingFacts,
  ruleSet: PublishedRuleSet | undefined,
  tier: Decimal,
  spells: readonly EnrolmentSpell[],
): RatedLine {
  if (line.sourceType === 'TrueUp') return { ruleId: null, rate: ONE, amount: lineAmount(line.base, ONE) };
  if (!ruleSet) return { ruleId: null, rate: ZERO, amount: ZERO };
  const rule =
    line.associationType && line.billingMode
      ? matchRule(ruleSet.rules, {
          associationType: line.associationType,
          billingMode: line.billingMode,
          productType: line.productType ?? '',
          partnerLevel: line.partnerLevel,
        })
      : undefined;
  const enrolled = (program: string) => enrolledIn(spells, program, line.occurredMs);
  const rate = lineRate(rule ? parseAmount(rule.rate) : undefined, tier, programBonus(ruleSet.programs, enrolled));
  const ruleId = rule === undefined ? null : (rule.id ?? `#${ruleSet.rules.indexOf(rule) + 1}`);
  return { ruleId, rate, amount: lineAmount(line.base, rate) };
}
