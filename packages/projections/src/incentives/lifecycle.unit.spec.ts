import { Decimal, type PublishedRuleSet } from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import { checksumOfLines } from '../statements/checksum.js';
import {
  confirm,
  follow,
  freeze,
  openRevision,
  publishedRevisionNumber,
  publishRevision,
  rerate,
  retier,
  retotal,
  supersede,
  tierShiftUpdate,
  trueUp,
} from './lifecycle.js';
import type { SourceLine } from './rating.js';
import type { StatementHead } from './schema.js';
import { sourceLine } from './testing.js';

/** The revision lifecycle, without a database: given a head (and lines, net), then the head and lines to write. */

const RULES: PublishedRuleSet = {
  version: '7',
  effectiveFrom: '2026-01',
  rules: [{ id: 'resale', match: { associationType: 'resale' }, rate: '0.04' }],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '1000', bonusRate: '0.01' },
  ],
  programs: {},
  publishedAt: '2026-01-01T00:00:00Z',
};
const SETS = [RULES];
const NO_SPELLS = new Map();
const PAIR = { partnerId: 'PA', period: '2026-03' };

function line(sourceId: string, base: string, position: number): SourceLine {
  return sourceLine({
    ...PAIR,
    sourceId,
    orderId: sourceId,
    partnerLevel: null,
    base: new Decimal(base),
    position,
    positions: [position],
  });
}

/** A live revision 1 under rule set 7 holding one line of 100 at tier 0 (4.00). */
function live(): StatementHead {
  return { ...openRevision(PAIR, 1, '7', 'first-line', 3), total: new Decimal('4'), lineCount: 1 };
}

describe('a statement follows the log', () => {
  it('its first line opens revision 1 under the rule set for the period and rates the line', () => {
    const followed = follow(undefined, PAIR, [line('O1', '100', 3)], new Decimal('100'), SETS, NO_SPELLS)!;
    expect(followed.opened).toBe(true);
    expect(followed.shift).toBeNull();
    expect(followed.head).toMatchObject({ revision: 1, rulesVersion: '7', status: 'estimated', current: true });
    expect(followed.head).toMatchObject({ cause: 'first-line', createdPosition: 3, lineCount: 1 });
    expect(followed.head.total.toFixed()).toBe('4');
    expect(followed.rated.map((r) => r.rated.amount.toFixed())).toEqual(['4']);
  });

  it('an adjustment alone (a net, no line) opens no statement', () => {
    expect(follow(undefined, PAIR, [], new Decimal('50'), SETS, NO_SPELLS)).toBeNull();
  });

  it('a net that keeps the tier and no new line changes nothing', () => {
    expect(follow(live(), PAIR, [], new Decimal('900'), SETS, NO_SPELLS)).toBeNull();
  });

  it("a net that crosses a tier's minNet shifts the statement by the tier difference and rates new lines at the new tier", () => {
    const followed = follow(live(), PAIR, [line('O2', '1000', 4)], new Decimal('1100'), SETS, NO_SPELLS)!;
    expect(followed.opened).toBe(false);
    expect(followed.shift?.toFixed()).toBe('0.01');
    expect(followed.head.tierBonus.toFixed()).toBe('0.01');
    expect(followed.rated[0]?.rated.rate.toFixed()).toBe('0.05');
    // The head counts the new line only: the shifted ones are summed after (`retotal`).
    expect(followed.head.total.toFixed()).toBe('54');
    expect(followed.head.lineCount).toBe(2);
  });

  it("a shifted statement's total is the sum of every line it now has", () => {
    const head = retotal(live(), [{ amount: new Decimal('5') }, { amount: new Decimal('50') }]);
    expect(head.total.toFixed()).toBe('55');
    expect(head.lineCount).toBe(2);
  });
});

describe('a revision re-rated whole', () => {
  it('takes the tier of its net and rates every line at it, its total from them', () => {
    const head = retier(openRevision(PAIR, 2, '7', 'rules-published', 9), SETS, new Decimal('1000'));
    const { head: rated, rated: lines } = rerate(head, [line('O1', '100', 3), line('O2', '900', 4)], SETS, NO_SPELLS);
    expect(rated.tierBonus.toFixed()).toBe('0.01');
    expect(lines.map((l) => l.rate.toFixed())).toEqual(['0.05', '0.05']);
    expect(rated.total.toFixed()).toBe('50');
    expect(rated.lineCount).toBe(2);
  });
});

describe('a revision stops following the log', () => {
  it('a freeze stores the checksum of its lines and the position it froze at', () => {
    const lines = [{ ...line('O1', '100', 3), rate: new Decimal('0.04'), amount: new Decimal('4') }];
    const frozen = freeze(live(), lines, 42);
    expect(frozen.checksum).toBe(checksumOfLines(lines, '7'));
    expect(frozen.frozenPosition).toBe(42);
    expect(frozen.status).toBe('estimated');
  });

  it('a period close confirms it', () => {
    expect(confirm(live()).status).toBe('confirmed');
  });

  it("a newer revision supersedes an open period's revision", () => {
    expect(supersede(live())).toMatchObject({ current: false, status: 'superseded' });
  });

  it("a closed period's revision, replaced, stays confirmed", () => {
    expect(supersede(confirm(live()))).toMatchObject({ current: false, status: 'confirmed' });
  });
});

describe('a revision is published', () => {
  it('takes the number the publisher saw, or the next free one when the log raced it', () => {
    expect(publishedRevisionNumber(2, 1)).toBe(2);
    expect(publishedRevisionNumber(2, 2)).toBe(3);
  });

  it('is confirmed at once when its period is closed, estimated when it is open', () => {
    expect(publishRevision(PAIR, 2, '7', 9, true)).toMatchObject({ status: 'confirmed', cause: 'revision-published' });
    expect(publishRevision(PAIR, 2, '7', 9, false).status).toBe('estimated');
  });

  it('for a closed period books the difference of totals as a TrueUp line in the first open period', () => {
    const published = { ...publishRevision(PAIR, 2, '7', 9, true), total: new Decimal('1.5') };
    const booked = trueUp(published, live(), '2026-05', {
      occurredAt: '2026-05-02T00:00:00Z',
      occurredMs: 1,
      position: 9,
    })!;
    expect(booked.head).toMatchObject({ trueUpPeriod: '2026-05' });
    expect(booked.head.trueUpAmount?.toFixed()).toBe('-2.5');
    expect(booked.line).toMatchObject({
      partnerId: 'PA',
      period: '2026-05',
      sourceType: 'TrueUp',
      sourceId: '2026-03/r2',
      correctsPeriod: '2026-03',
      orderId: null,
      position: 9,
      positions: [9],
    });
    expect(booked.line.base.toFixed()).toBe('-2.5');
  });

  it('books no TrueUp when the totals are equal', () => {
    const published = { ...publishRevision(PAIR, 2, '7', 9, true), total: new Decimal('4') };
    expect(trueUp(published, live(), '2026-05', { occurredAt: 'x', occurredMs: 1, position: 9 })).toBeNull();
  });
});

describe('the tier shift in SQL', () => {
  it('is one UPDATE of the named revisions by their deltas, of ruled lines only', () => {
    const q = tierShiftUpdate('s', [{ ...PAIR, revision: 1, delta: new Decimal('0.01') }]);
    expect(q.text).toMatch(/^UPDATE s\.statement_lines l/);
    expect(q.text).toContain('l.rule_id IS NOT NULL');
    expect(q.values).toEqual([['PA'], ['2026-03'], [1], ['0.01']]);
  });
});
