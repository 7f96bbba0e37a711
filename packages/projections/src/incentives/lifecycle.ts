/**
 * The life of a statement revision (docs/incentives.md "Statements and revisions") as named
 * transitions on its head: a revision opens (a statement's first line, a rule-set publication, a
 * published rebuild), follows the lines of its open period (its new lines rated, its tier maybe
 * shifted), is re-rated whole (enrolment changes, a new revision's lines), freezes (a period close;
 * a replaced revision), is superseded, and a published revision of a closed period books a TrueUp.
 * Pure: each takes heads and lines and returns the heads and rated lines to write; the handler reads
 * and writes. The one transition SQL computes, the tier shift of stored lines, is `tierShiftUpdate`.
 * Every figure is the domain's (`statementTier`, `rateLine`), the checksum `checksumOfLines`.
 */
import { add, type Decimal, type PublishedRuleSet, ruleSetFor, ZERO } from '@reckon/domain';
import { checksumOfLines, type RatedLineContent } from '../statements/checksum.js';
import {
  type ProgramSpell,
  type RatedLine,
  rateAll,
  rateLine,
  ruleSetNamed,
  type SourceLine,
  statementTier,
} from './rating.js';
import type { StatementHead } from './schema.js';
import type { Pair } from './store.js';

/** A new current revision of a statement, empty and `estimated` (its lines are rated into it next). */
export function openRevision(
  pair: Pair,
  revision: number,
  rulesVersion: string | null,
  cause: StatementHead['cause'],
  position: number,
): StatementHead {
  return {
    partnerId: pair.partnerId,
    period: pair.period,
    revision,
    rulesVersion,
    status: 'estimated',
    current: true,
    tierBonus: ZERO,
    total: ZERO,
    lineCount: 0,
    checksum: null,
    cause,
    createdPosition: position,
    frozenPosition: null,
    trueUpPeriod: null,
    trueUpAmount: null,
  };
}

/** What a segment of the log did to one statement (`follow`). */
export interface Followed {
  head: StatementHead;
  /** The statement's first revision, opened by this segment's first line. */
  opened: boolean;
  /** The tier bonus moved by this much: every stored rated line shifts by it (`tierShiftUpdate`). */
  shift: Decimal | null;
  /** The segment's new lines, rated at the (new) tier. */
  rated: { line: SourceLine; rated: RatedLine }[];
}

/**
 * The current revision of an open period follows a segment of the log: its first line opens
 * revision 1 under the rule set for the period; the net gives the tier; new lines are rated at it.
 * The head's total counts the new lines only: after a shift the caller sums the shifted lines
 * (`retotal`). Null: nothing changed (no revision and no line, or no line and the same tier).
 */
export function follow(
  current: StatementHead | undefined,
  pair: Pair,
  fresh: readonly SourceLine[],
  net: Decimal,
  ruleSets: readonly PublishedRuleSet[],
  spells: ReadonlyMap<string, ProgramSpell[]>,
): Followed | null {
  let head = current;
  const opened = head === undefined;
  if (!head) {
    // A statement starts with its first line (an adjustment alone only moves the net).
    if (fresh.length === 0) return null;
    const ruleSet = ruleSetFor(ruleSets, pair.period);
    head = openRevision(pair, 1, ruleSet?.version ?? null, 'first-line', fresh[0]?.position ?? 0);
  }
  const ruleSet = ruleSetNamed(ruleSets, head.rulesVersion);
  const tier = statementTier(ruleSet, net);
  const moved = !opened && !tier.eq(head.tierBonus);
  if (!moved && !opened && fresh.length === 0) return null;
  const shift = moved ? tier.minus(head.tierBonus) : null;
  let total = head.total;
  const rated = fresh.map((line) => {
    const r = rateLine(line, ruleSet, tier, spells.get(line.partnerId) ?? []);
    total = add(total, r.amount);
    return { line, rated: r };
  });
  return {
    head: { ...head, tierBonus: tier, total, lineCount: head.lineCount + fresh.length },
    opened,
    shift,
    rated,
  };
}

/** A shifted statement's total and line count, summed from every line it now has. */
export function retotal(head: StatementHead, lines: readonly { amount: Decimal }[]): StatementHead {
  let total = ZERO;
  for (const line of lines) total = add(total, line.amount);
  return { ...head, total, lineCount: lines.length };
}

/** The tier bonus of a revision from its partner × period net, under its rule set (before `rerate`). */
export function retier(head: StatementHead, ruleSets: readonly PublishedRuleSet[], net: Decimal): StatementHead {
  return { ...head, tierBonus: statementTier(ruleSetNamed(ruleSets, head.rulesVersion), net) };
}

/** Every line of a revision rated again at its tier (`rateAll`): its total and line count from them. */
export function rerate(
  head: StatementHead,
  lines: readonly SourceLine[],
  ruleSets: readonly PublishedRuleSet[],
  spells: ReadonlyMap<string, ProgramSpell[]>,
): { head: StatementHead; rated: (SourceLine & RatedLine)[] } {
  const { rated, total } = rateAll(lines, ruleSetNamed(ruleSets, head.rulesVersion), head.tierBonus, spells);
  return { head: { ...head, total, lineCount: rated.length }, rated };
}

/** A revision stops following the log: its checksum is taken from its lines, once. */
export function freeze(head: StatementHead, lines: readonly RatedLineContent[], position: number): StatementHead {
  return { ...head, checksum: checksumOfLines(lines, head.rulesVersion), frozenPosition: position };
}

/** Its period closed: a frozen revision is `confirmed`. */
export function confirm(head: StatementHead): StatementHead {
  return { ...head, status: 'confirmed' };
}

/** A newer revision replaces it: no longer current; an open period's is `superseded`, a confirmed one stays so. */
export function supersede(old: StatementHead): StatementHead {
  return { ...old, current: false, status: old.status === 'estimated' ? 'superseded' : old.status };
}

/**
 * The number of a published revision: the one the publisher saw as the draft's, a later one only
 * if the log raced it (the statement already has a revision of that number).
 */
export function publishedRevisionNumber(asked: number, maxStored: number): number {
  return Math.max(asked, maxStored + 1);
}

/** A published revision: current under its rule version, `confirmed` at once when its period is closed. */
export function publishRevision(
  pair: Pair,
  revision: number,
  rulesVersion: string,
  position: number,
  periodClosed: boolean,
): StatementHead {
  const head = openRevision(pair, revision, rulesVersion, 'revision-published', position);
  return periodClosed ? confirm(head) : head;
}

/** The source id of the TrueUp line a published revision of a closed period books. */
export function trueUpId(correctsPeriod: string, revision: number): string {
  return `${correctsPeriod}/r${revision}`;
}

/**
 * A revision published for a closed period books the difference of totals (`published − before`)
 * as a TrueUp line in the first open period (base = the difference, rated 1, moving no net).
 * Null: no difference.
 */
export function trueUp(
  published: StatementHead,
  before: StatementHead | undefined,
  openPeriod: string,
  event: { occurredAt: string; occurredMs: number; position: number },
): { head: StatementHead; line: SourceLine } | null {
  const difference = published.total.minus(before?.total ?? ZERO);
  if (difference.isZero()) return null;
  return {
    head: { ...published, trueUpPeriod: openPeriod, trueUpAmount: difference },
    line: {
      partnerId: published.partnerId,
      period: openPeriod,
      sourceType: 'TrueUp',
      sourceId: trueUpId(published.period, published.revision),
      correctsPeriod: published.period,
      orderId: null,
      customerId: null,
      customerName: null,
      accountManager: null,
      productType: null,
      billingMode: null,
      associationType: null,
      partnerLevel: null,
      occurredAt: event.occurredAt,
      occurredMs: event.occurredMs,
      base: difference,
      position: event.position,
      positions: [event.position],
    },
  };
}

/** One statement's tier shift: the revision whose rated lines move, and by how much. */
export interface TierShift {
  partnerId: string;
  period: string;
  revision: number;
  delta: Decimal;
}

/**
 * The tier shift of stored lines, as one UPDATE: the tier bonus of these statements (current
 * revisions) changed by `delta`, so every line that a rule matched gets `rate + delta` and
 * `amount = round(base × rate, 2)`, in one statement for speed (a shift re-rates thousands of
 * lines). It computes the domain's figures: `lineRate` is rule + tier + programmes, so the new rate
 * is the old one + the tier's difference, and PostgreSQL's `round(numeric, 2)` rounds ties away
 * from zero exactly like `lineAmount` (shift-tier.int.spec.ts checks both on generated lines).
 * Lines without a rule (rate 0) and TrueUps (rate 1) keep theirs. `StatementMemory.shift` applies
 * the same to the lines it keeps. A line's base is read by its source line's whole key, per line:
 * as a join, with the tables' statistics not yet gathered (a burst of lines for one partner in its
 * first minutes), the planner matched the two tables on partner and period alone, and a shift of
 * 10,000 lines took 52 s instead of 0.3 s.
 */
export function tierShiftUpdate(schema: string, shifted: readonly TierShift[]): { text: string; values: unknown[] } {
  return {
    text: `UPDATE ${schema}.statement_lines l
        SET rate = l.rate + k.delta,
            amount = round((SELECT f.base FROM ${schema}.source_lines f
                             WHERE f.partner_id = l.partner_id AND f.period = l.period
                               AND f.source_type = l.source_type AND f.source_id = l.source_id) * (l.rate + k.delta), 2)
       FROM unnest($1::text[], $2::text[], $3::integer[], $4::numeric[]) AS k(partner_id, period, revision, delta)
      WHERE l.partner_id = k.partner_id AND l.period = k.period AND l.revision = k.revision AND l.rule_id IS NOT NULL`,
    values: [
      shifted.map((x) => x.partnerId),
      shifted.map((x) => x.period),
      shifted.map((x) => x.revision),
      shifted.map((x) => x.delta.toFixed()),
    ],
  };
}
