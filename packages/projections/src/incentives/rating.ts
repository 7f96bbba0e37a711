/**
 * How a source line is rated under a rule set (SPEC §4), on top of the domain's incentive maths:
 * the matching rule's rate, the tier bonus of the partner's period net, the bonuses of the
 * programmes the partner was enrolled in at the line's occurredAt; a TrueUp line is booked as is.
 */
import {
  type AssociationType,
  type BillingMode,
  Decimal,
  type EnrolmentSpell,
  enrolledIn,
  type IncentiveSourceType,
  lineAmount,
  lineRate,
  matchRule,
  type PublishedRuleSet,
  programBonus,
  tierBonus,
  ZERO,
} from '@reckon/domain';

export type SourceType = IncentiveSourceType;

/** The rate-independent facts of one incentive line (a row of `source_lines`). */
export interface SourceLine {
  partnerId: string;
  /** Booking period. */
  period: string;
  sourceType: SourceType;
  sourceId: string;
  correctsPeriod: string | null;
  orderId: string | null;
  customerId: string | null;
  customerName: string | null;
  accountManager: string | null;
  productType: string | null;
  billingMode: BillingMode | null;
  associationType: AssociationType | null;
  partnerLevel: string | null;
  /** Business time of the event behind the line (ISO-8601). */
  occurredAt: string;
  occurredMs: number;
  base: Decimal;
  /** Global position of the event the line is for (its sort key). */
  position: number;
  /** Global positions of every event behind the line (its own, its order's, its association's). */
  positions: number[];
}

export interface RatedLine {
  ruleId: string | null;
  rate: Decimal;
  amount: Decimal;
}

/** One enrolment of a partner in a programme: [fromMs, toMs). */
export type ProgramSpell = EnrolmentSpell;

const ONE = new Decimal(1);

/** The tier bonus of a statement: from its rule set's tiers and the partner's period net. */
export function statementTier(ruleSet: PublishedRuleSet | undefined, net: Decimal): Decimal {
  return ruleSet ? tierBonus(ruleSet.tiers, net) : ZERO;
}

/** Rates one line. No rule set, or no rule that matches: rate 0 (see `lineRate`). */
export function rateLine(
  line: SourceLine,
  ruleSet: PublishedRuleSet | undefined,
  tier: Decimal,
  spells: readonly ProgramSpell[],
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
  const rate = lineRate(rule ? new Decimal(rule.rate) : undefined, tier, programBonus(ruleSet.programs, enrolled));
  return { ruleId: rule?.id ?? null, rate, amount: lineAmount(line.base, rate) };
}
