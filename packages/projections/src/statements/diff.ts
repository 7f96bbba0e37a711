import { type Decimal, type IncentiveSourceType, ZERO } from '@reckon/domain';

/** What a diff compares of a line: its identity, position and rating. */
export interface DiffLine {
  sourceType: IncentiveSourceType;
  sourceId: string;
  position: number;
  base: Decimal;
  rate: Decimal;
  amount: Decimal;
}

export interface LineChange {
  sourceType: IncentiveSourceType;
  sourceId: string;
  /** The line's amount in the current revision; null when the line is added. */
  before: Decimal | null;
  /** The line's amount in the new revision; null when the line is removed. */
  after: Decimal | null;
}

export interface StatementDiff {
  totalBefore: Decimal;
  totalAfter: Decimal;
  difference: Decimal;
  /** Lines added, removed, or whose base, rate or amount changed, in log order. */
  lines: LineChange[];
}

const keyOf = (l: DiffLine) => `${l.sourceType}\u0000${l.sourceId}`;

/** Line-by-line difference between the current revision (`before`) and a new one (`after`). */
export function diffStatements(before: readonly DiffLine[], after: readonly DiffLine[]): StatementDiff {
  const old = new Map(before.map((l) => [keyOf(l), l]));
  const now = new Map(after.map((l) => [keyOf(l), l]));
  const changes: (LineChange & { position: number })[] = [];
  for (const l of after) {
    const was = old.get(keyOf(l));
    if (was?.amount.eq(l.amount) && was.rate.eq(l.rate) && was.base.eq(l.base)) continue;
    changes.push({
      sourceType: l.sourceType,
      sourceId: l.sourceId,
      before: was?.amount ?? null,
      after: l.amount,
      position: l.position,
    });
  }
  for (const l of before) {
    if (now.has(keyOf(l))) continue;
    changes.push({
      sourceType: l.sourceType,
      sourceId: l.sourceId,
      before: l.amount,
      after: null,
      position: l.position,
    });
  }
  const id = (c: LineChange) => `${c.sourceType}\u0000${c.sourceId}`;
  changes.sort((a, b) => a.position - b.position || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  const totalBefore = before.reduce((t, l) => t.plus(l.amount), ZERO);
  const totalAfter = after.reduce((t, l) => t.plus(l.amount), ZERO);
  return {
    totalBefore,
    totalAfter,
    difference: totalAfter.minus(totalBefore),
    lines: changes.map(({ position: _, ...c }) => c),
  };
}
