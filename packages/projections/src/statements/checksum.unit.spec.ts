import { createHash } from 'node:crypto';
import { Decimal } from '@reckon/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChecksumLine, canonicalLines, checksumOfLines, statementChecksum } from './checksum.js';
import { diffStatements } from './diff.js';

const line = (over: Partial<ChecksumLine> = {}): ChecksumLine => ({
  sourceType: 'OrderPlaced',
  sourceId: 'O1',
  base: '600.00',
  rate: '0.05',
  amount: '30.00',
  rulesVersion: '1',
  correctsPeriod: null,
  ...over,
});

describe('statement checksum', () => {
  it('is sha256 hex of the canonical lines, sorted by source, decimals normalised', () => {
    const lines = [line({ sourceId: 'O2', amount: '10.50' }), line({ sourceType: 'OnDemandCharged', sourceId: 'C1' })];
    expect(canonicalLines(lines)).toBe(
      '["OnDemandCharged","C1","600","0.05","30","1",null]\n["OrderPlaced","O2","600","0.05","10.5","1",null]',
    );
    expect(statementChecksum(lines)).toBe(createHash('sha256').update(canonicalLines(lines)).digest('hex'));
    expect(statementChecksum(lines)).toBe(statementChecksum([...lines].reverse()));
    expect(statementChecksum([line({ amount: '10.5' })])).toBe(statementChecksum([line({ amount: '10.50' })]));
    expect(statementChecksum([line({ amount: '-0.00' })])).toBe(statementChecksum([line({ amount: '0' })]));
  });

  it('gives rated lines (decimals) the checksum of the same lines written in any decimal form', () => {
    // Leading and trailing zeros, -0, runs of zeros after the point, up to 24 whole digits.
    const whole = fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: 1, maxLength: 24 });
    const fraction = fc
      .tuple(fc.integer({ min: 0, max: 10 }), fc.string({ unit: fc.constantFrom('0', '3', '9'), maxLength: 4 }))
      .map(([zeros, tail]) => `${'0'.repeat(zeros)}${tail}`);
    const decimal = fc
      .tuple(fc.constantFrom('', '-'), whole, fc.option(fraction))
      .map(([sign, w, f]) => `${sign}${w}${f === null ? '' : `.${f}`}`)
      .filter((s) => !s.endsWith('.'));
    fc.assert(
      fc.property(decimal, decimal, decimal, (base, rate, amount) => {
        const rated = { sourceType: 'OrderPlaced' as const, sourceId: 'O1', correctsPeriod: null };
        expect(
          checksumOfLines(
            [{ ...rated, base: new Decimal(base), rate: new Decimal(rate), amount: new Decimal(amount) }],
            '1',
          ),
        ).toBe(statementChecksum([line({ base, rate, amount })]));
      }),
      { numRuns: 2000 },
    );
  });

  it('changes with any covered field', () => {
    const base = statementChecksum([line()]);
    for (const over of [
      { rate: '0.06' },
      { base: '601' },
      { amount: '30.01' },
      { rulesVersion: '2' },
      { correctsPeriod: '2026-02' },
      { sourceId: 'O9' },
    ]) {
      expect(statementChecksum([line(over)])).not.toBe(base);
    }
  });
});

describe('statement diff', () => {
  const l = (sourceId: string, amount: string, position: number, rate = '0.05') => ({
    sourceType: 'OrderPlaced' as const,
    sourceId,
    position,
    base: new Decimal(100),
    rate: new Decimal(rate),
    amount: new Decimal(amount),
  });
  it('lists added, removed and changed lines with the totals', () => {
    const diff = diffStatements(
      [l('A', '5', 1), l('B', '5', 2), l('C', '1', 3)],
      [l('A', '5', 1), l('B', '10', 2, '0.1'), l('D', '2', 4)],
    );
    expect(diff.lines.map((c) => [c.sourceId, c.before?.toFixed() ?? null, c.after?.toFixed() ?? null])).toEqual([
      ['B', '5', '10'],
      ['C', '1', null],
      ['D', null, '2'],
    ]);
    expect([diff.totalBefore, diff.totalAfter, diff.difference].map((d) => d.toFixed())).toEqual(['11', '17', '6']);
  });
});
