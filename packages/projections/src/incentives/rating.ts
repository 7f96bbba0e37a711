/**
 * How a source line is rated under a rule set (SPEC §4) is the domain's `rateLine` (matching rule,
 * tier bonus of the partner's period net, programme bonuses at occurredAt; a TrueUp as is); this
 * module names the projection's source line, which carries every fact the rating reads.
 */
import {
  type AssociationType,
  add,
  type BillingMode,
  type Decimal,
  type EnrolmentSpell,
  type IncentiveSourceType,
  type PublishedRuleSet,
  type RatedLine,
  rateLine,
  statementTier,
  ZERO,
} from '@reckon/domain';

export { type RatedLine, rateLine, statementTier };

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

/** One enrolment of a partner in a programme: [fromMs, toMs). */
export type ProgramSpell = EnrolmentSpell;

/** The published rule set of that version (null: none, every rate 0). */
export function ruleSetNamed(
  ruleSets: readonly PublishedRuleSet[],
  version: string | null,
): PublishedRuleSet | undefined {
  return version === null ? undefined : ruleSets.find((r) => r.version === version);
}

/** Every line of a statement rated under `ruleSet` at tier bonus `tier` (`rateLine`), and their total. */
export function rateAll(
  lines: readonly SourceLine[],
  ruleSet: PublishedRuleSet | undefined,
  tier: Decimal,
  spells: ReadonlyMap<string, ProgramSpell[]>,
): { rated: (SourceLine & RatedLine)[]; total: Decimal } {
  let total = ZERO;
  const rated = lines.map((line) => {
    const r = rateLine(line, ruleSet, tier, spells.get(line.partnerId) ?? []);
    total = add(total, r.amount);
    return { ...line, ...r };
  });
  return { rated, total };
}
