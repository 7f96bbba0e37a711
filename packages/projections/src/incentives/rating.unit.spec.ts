import { Decimal, type PublishedRuleSet } from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import { type ProgramSpell, rateLine, type SourceLine, statementTier } from './rating.js';
import { sourceLine, LINE_TIME as T } from './testing.js';

const RULES: PublishedRuleSet = {
  version: '7',
  effectiveFrom: '2026-01',
  rules: [
    { id: 'resale', match: { associationType: 'resale' }, rate: '0.04' },
    { id: 'resale-ecs', match: { associationType: 'resale', productType: 'ecs' }, rate: '0.05' },
    { id: 'ecs-sub', match: { productType: 'ecs', billingMode: 'subscription' }, rate: '0.06' },
    { id: 'gold-od', match: { partnerLevel: 'gold', billingMode: 'on_demand' }, rate: '0.07' },
  ],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '1000', bonusRate: '0.01' },
  ],
  programs: { PCE: { bonusRate: '0.02' } },
  publishedAt: '2026-01-01T00:00:00Z',
};

const line = sourceLine;
const rate = (l: SourceLine, tier = '0', spells: ProgramSpell[] = []) => {
  const r = rateLine(l, RULES, new Decimal(tier), spells);
  return { rule: r.ruleId, rate: r.rate.toFixed(), amount: r.amount.toFixed() };
};

describe('rating a line (SPEC §4)', () => {
  it('given rules tied on the number of matching fields, when rated, then the first listed wins', () => {
    expect(rate(line())).toEqual({ rule: 'resale-ecs', rate: '0.05', amount: '5' });
  });

  it('given absent match fields, when rated, then they match any value', () => {
    expect(rate(line({ associationType: 'referral' }))).toMatchObject({ rule: 'ecs-sub', rate: '0.06' });
    expect(rate(line({ productType: 'rds' }))).toMatchObject({ rule: 'resale', rate: '0.04' });
  });

  it('given no matching rule, when rated with a tier and a programme, then rate and amount are 0', () => {
    const spells = [{ program: 'PCE', fromMs: 0, toMs: null }];
    expect(rate(line({ associationType: 'referral', productType: 'rds' }), '0.01', spells)).toEqual({
      rule: null,
      rate: '0',
      amount: '0',
    });
  });

  it('given a partner level rule, when an on-demand line of a gold partner is rated, then it matches', () => {
    expect(rate(line({ billingMode: 'on_demand', partnerLevel: 'gold', associationType: 'referral' }))).toMatchObject({
      rule: 'gold-od',
    });
  });

  it('given tiers, when the net is exactly at a threshold, then its bonus applies; just below, not', () => {
    expect(statementTier(RULES, new Decimal('1000')).toFixed()).toBe('0.01');
    expect(statementTier(RULES, new Decimal('999.99')).toFixed()).toBe('0');
    expect(statementTier(undefined, new Decimal('5000')).toFixed()).toBe('0');
    expect(rate(line(), '0.01')).toMatchObject({ rate: '0.06', amount: '6' });
  });

  it('given an enrolment at T, when lines just before and at/after T are rated, then only the later ones get the bonus', () => {
    const spells = [{ program: 'PCE', fromMs: T, toMs: T + 60_000 }];
    expect(rate(line({ occurredMs: T - 1 }), '0', spells).rate).toBe('0.05');
    expect(rate(line({ occurredMs: T }), '0', spells).rate).toBe('0.07');
    expect(rate(line({ occurredMs: T + 1 }), '0', spells).rate).toBe('0.07');
    expect(rate(line({ occurredMs: T + 60_000 }), '0', spells).rate).toBe('0.05');
  });

  it('given half a cent, when rounded, then half-up away from zero, also for negative lines', () => {
    expect(rate(line({ base: new Decimal('0.5') }), '0').amount).toBe('0.03'); // 0.025
    expect(rate(line({ base: new Decimal('-0.5') }), '0').amount).toBe('-0.03'); // −0.025
    expect(rate(line({ base: new Decimal('-100') }), '0.01')).toMatchObject({ rate: '0.06', amount: '-6' });
  });

  it('given a TrueUp or no rule set, when rated, then rate 1 (as booked) or 0', () => {
    expect(rate(line({ sourceType: 'TrueUp', base: new Decimal('-120'), associationType: null }))).toEqual({
      rule: null,
      rate: '1',
      amount: '-120',
    });
    expect(rateLine(line(), undefined, new Decimal(0), []).amount.toFixed()).toBe('0');
  });
});
