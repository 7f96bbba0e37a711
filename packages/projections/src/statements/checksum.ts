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

/** A decimal in canonical form: `"10.50"`, `"10.5"` and `"010.5"` all give `"10.5"`; `-0` gives `"0"`. */
const canonical = (value: string): string => formatAmount(new Decimal(value));

/** `canonicalLines` of lines whose decimals are already canonical (`formatAmount`'s form). */
function serialise(lines: readonly ChecksumLine[]): string {
  const rows = lines.map((l) =>
    JSON.stringify([l.sourceType, l.sourceId, l.base, l.rate, l.amount, l.rulesVersion, l.correctsPeriod]),
  );
  const keys = lines.map((l) => `${l.sourceType}\u0000${l.sourceId}`);
  const order = rows.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  return order.map((i) => rows[i]).join('\n');
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The canonical serialisation of a statement's lines: one JSON array per line,
 * `[sourceType, sourceId, base, rate, amount, rulesVersion, correctsPeriod]` with decimals in
 * canonical form and absent values as null, lines sorted by (sourceType, sourceId) compared as
 * UTF-16 code units, joined by "\n". Unique: a statement holds one line per source.
 */
export function canonicalLines(lines: readonly ChecksumLine[]): string {
  return serialise(
    lines.map((l) => ({ ...l, base: canonical(l.base), rate: canonical(l.rate), amount: canonical(l.amount) })),
  );
}

/** sha256 (lowercase hex) of the canonical serialisation: what an auditor recomputes after a replay. */
export function statementChecksum(lines: readonly ChecksumLine[]): string {
  return sha256(canonicalLines(lines));
}

/** A rated line as the projection and a rebuild hold it: its facts with its rate and amount. */
export type RatedLineContent = Pick<SourceLine, 'sourceType' | 'sourceId' | 'base' | 'correctsPeriod'> & {
  rate: Decimal;
  amount: Decimal;
};

/**
 * The checksum of rated lines under a revision's rule version: one function for live revisions and
 * drafts. Their decimals are formatted canonical once (every line of every frozen revision passes
 * here), not printed and parsed back.
 */
export function checksumOfLines(lines: readonly RatedLineContent[], rulesVersion: string | null): string {
  return sha256(
    serialise(
      lines.map((l) => ({
        sourceType: l.sourceType,
        sourceId: l.sourceId,
        base: formatAmount(l.base),
        rate: formatAmount(l.rate),
        amount: formatAmount(l.amount),
        rulesVersion,
        correctsPeriod: l.correctsPeriod,
      })),
    ),
  );
}
