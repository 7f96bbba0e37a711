import { createHash } from 'node:crypto';
import { Decimal, formatAmount } from '@reckon/domain';
import type { SourceLine } from '../incentives/rating.js';

/** The content of a statement line the checksum covers (SPEC §4): not its status. */
export interface ChecksumLine {
  sourceType: string;
  sourceId: string;
  base: string;
  rate: string;
  amount: string;
  rulesVersion: string | null;
  correctsPeriod: string | null;
}

/** Already canonical: no leading zero, no trailing fraction zero, no exponent (what `toFixed()` gives). */
const CANONICAL = /^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/**
 * A decimal in canonical form: `"10.50"`, `"10.5"` and `"010.5"` all give `"10.5"`; `-0` gives `"0"`.
 * A string already canonical is kept as it is (every line of every frozen revision passes here).
 */
const canonical = (value: string): string =>
  CANONICAL.test(value) && value !== '-0' ? value : formatAmount(new Decimal(value));

/**
 * The canonical serialisation of a statement's lines: one JSON array per line,
 * `[sourceType, sourceId, base, rate, amount, rulesVersion, correctsPeriod]` with decimals in
 * canonical form and absent values as null, lines sorted by (sourceType, sourceId) compared as
 * UTF-16 code units, joined by "\n". Unique: a statement holds one line per source.
 */
export function canonicalLines(lines: readonly ChecksumLine[]): string {
  const rows = lines.map((l) =>
    JSON.stringify([
      l.sourceType,
      l.sourceId,
      canonical(l.base),
      canonical(l.rate),
      canonical(l.amount),
      l.rulesVersion,
      l.correctsPeriod,
    ]),
  );
  const keys = lines.map((l) => `${l.sourceType}\u0000${l.sourceId}`);
  const order = rows.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return order.map((i) => rows[i]).join('\n');
}

/** sha256 (lowercase hex) of the canonical serialisation: what an auditor recomputes after a replay. */
export function statementChecksum(lines: readonly ChecksumLine[]): string {
  return createHash('sha256').update(canonicalLines(lines), 'utf8').digest('hex');
}

/** A rated line as the projection and a rebuild hold it: its facts with its rate and amount. */
export type RatedLineContent = Pick<SourceLine, 'sourceType' | 'sourceId' | 'base' | 'correctsPeriod'> & {
  rate: Decimal;
  amount: Decimal;
};

/** The checksum of rated lines under a revision's rule version: one function for live revisions and drafts. */
export function checksumOfLines(lines: readonly RatedLineContent[], rulesVersion: string | null): string {
  return statementChecksum(
    lines.map((l) => ({
      sourceType: l.sourceType,
      sourceId: l.sourceId,
      base: l.base.toFixed(),
      rate: l.rate.toFixed(),
      amount: l.amount.toFixed(),
      rulesVersion,
      correctsPeriod: l.correctsPeriod,
    })),
  );
}
