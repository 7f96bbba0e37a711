import { Decimal, lineAmount } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { describe, expect, it } from 'vitest';
import { IncentivesHandler } from './handler.js';
import { openRevision } from './lifecycle.js';
import { type KeptLine, StatementMemory } from './memory.js';

const pair = { partnerId: 'p1', period: '2026-10' };

function line(sourceId: string, base: string, rate: string, ruleId: string | null = 'r1'): KeptLine {
  const b = new Decimal(base);
  const r = new Decimal(rate);
  return {
    sourceType: 'OrderPlaced',
    sourceId,
    base: b,
    correctsPeriod: null,
    rate: r,
    amount: lineAmount(b, r),
    ruleId,
    position: 1,
  };
}

/**
 * In a replay, the lines of a live revision are held in memory and written once, when it stops being
 * live or the replay ends (handler.ts, `deferLines`). Memory must hand each such line over exactly
 * once, never drop one the table does not have, and say so when a failed batch lost some.
 */
describe('statement lines held back in memory', () => {
  it('are handed over once when their revision stops being live, with the rates its tier shifts gave them', () => {
    const memory = new StatementMemory('s');
    const head = openRevision(pair, 1, 'v1', 'first-line', 1);
    memory.keepLines(head, [line('o1', '100', '0.05'), line('o2', '10', '0.05', null)], true);
    expect(memory.isUnwritten(head)).toBe(true);
    expect(memory.takeDue()).toEqual([]);

    memory.shift(head, new Decimal('0.015'));
    memory.setHead({ ...head, status: 'confirmed' });
    const due = memory.takeDue();
    expect(due).toHaveLength(1);
    expect(due[0]!.head).toEqual({ partnerId: 'p1', period: '2026-10', revision: 1 });
    // The ruled line moved with the tier; the one no rule matched did not.
    expect(due[0]!.lines.map((l) => [l.sourceId, l.rate.toFixed(), l.amount.toFixed()])).toEqual([
      ['o1', '0.065', '6.5'],
      ['o2', '0.05', '0.5'],
    ]);
    expect(memory.isUnwritten(head)).toBe(false);
    expect(memory.takeDue()).toEqual([]);
    expect(memory.takeUnwritten()).toEqual([]);
  });

  it('replaced by a re-rating, are handed over as re-rated only', () => {
    const memory = new StatementMemory('s');
    const head = openRevision(pair, 1, 'v1', 'first-line', 1);
    memory.keepLines(head, [line('o1', '100', '0.05')], true);
    memory.keepLines(head, [line('o1', '100', '0.07')], memory.isUnwritten(head));
    const all = memory.takeUnwritten();
    expect(all.flatMap((u) => u.lines.map((l) => l.rate.toFixed()))).toEqual(['0.07']);
  });

  it('are not dropped past the bound until they are taken; a reset with some in hand says they are lost', () => {
    const memory = new StatementMemory('s', 1);
    const head = openRevision(pair, 1, 'v1', 'first-line', 1);
    memory.keepLines(head, [line('o1', '100', '0.05'), line('o2', '100', '0.05')], true);
    expect(memory.overBound).toBe(true);
    memory.committed();
    expect(memory.drops).toBe(0);
    expect(memory.linesOf(head)).toHaveLength(2);
    expect(memory.takeUnwritten()).toHaveLength(1);
    memory.committed();
    expect(memory.drops).toBe(1);
    expect(memory.lostLines).toBe(false);

    memory.keepLines(head, [line('o1', '100', '0.05')], true);
    memory.reset();
    expect(memory.lostLines).toBe(true);
  });

  it('lost to a failed batch, make the replay refuse to settle (it must start again)', async () => {
    const handler = new IncentivesHandler({ schema: 's', billingTz: 'Asia/Shanghai', journal: true });
    handler.start(0);
    handler.memory.keepLines(openRevision(pair, 1, 'v1', 'first-line', 1), [line('o1', '100', '0.05')], true);
    handler.reset();
    await expect(handler.settle({} as PoolClient)).rejects.toThrow(/start the rebuild again/);
  });
});
