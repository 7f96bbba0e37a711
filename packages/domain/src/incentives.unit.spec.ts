import { describe, expect, it } from 'vitest';
import type { IncentiveRule } from './events/schemas.js';
import { lineAmount, lineRate, matchRule, orderLineBase, programBonus, tierBonus } from './incentives.js';
import { formatAmount, parseAmount } from './money.js';

const rules: IncentiveRule[] = [
  { id: 'base', rate: '0.03' },
  { id: 'resale', match: { associationType: 'resale' }, rate: '0.04' },
  { id: 'resale-ecs', match: { associationType: 'resale', productType: 'ecs' }, rate: '0.05' },
  { id: 'ecs-subscription', match: { productType: 'ecs', billingMode: 'subscription' }, rate: '0.06' },
];
const line = {
  associationType: 'resale',
  billingMode: 'subscription',
  productType: 'ecs',
  partnerLevel: 'gold',
} as const;

describe('matchRule', () => {
  it('picks the rule with the most matching fields, the first listed on a tie', () => {
    expect(matchRule(rules, line)?.id).toBe('resale-ecs');
    expect(matchRule(rules, { ...line, associationType: 'referral' })?.id).toBe('ecs-subscription');
    expect(matchRule(rules, { ...line, productType: 'rds' })?.id).toBe('resale');
    expect(matchRule(rules, { ...line, productType: 'rds', associationType: 'referral' })?.id).toBe('base');
  });

  it('gives no rule when none matches', () => {
    expect(matchRule([{ id: 'x', match: { partnerLevel: 'silver' }, rate: '0.1' }], line)).toBeUndefined();
  });

  it('matches a partner without a level only with rules that ask for none (not even an empty one)', () => {
    const levelled: IncentiveRule[] = [
      { id: 'gold', match: { partnerLevel: 'gold' }, rate: '0.1' },
      { id: 'empty', match: { partnerLevel: '' }, rate: '0.2' },
    ];
    const noLevel = { ...line, partnerLevel: null };
    expect(matchRule(levelled, noLevel)).toBeUndefined();
    expect(matchRule([...levelled, ...rules], noLevel)?.id).toBe('resale-ecs');
    expect(matchRule(levelled, { ...line, partnerLevel: '' })?.id).toBe('empty');
  });
});

describe('bonuses and amounts', () => {
  const tiers = [
    { minNet: '0', bonusRate: '0' },
    { minNet: '10000', bonusRate: '0.01' },
    { minNet: '50000', bonusRate: '0.02' },
  ];

  it('adds the highest tier whose minNet ≤ net', () => {
    expect(formatAmount(tierBonus(tiers, parseAmount('9999.99')))).toBe('0');
    expect(formatAmount(tierBonus(tiers, parseAmount('10000')))).toBe('0.01');
    expect(formatAmount(tierBonus(tiers, parseAmount('80000')))).toBe('0.02');
    expect(formatAmount(tierBonus(tiers, parseAmount('-5')))).toBe('0');
  });

  it('adds the bonuses of enrolled programmes', () => {
    const programs = { PCE: { bonusRate: '0.03' }, OTHER: { bonusRate: '0.5' } };
    expect(formatAmount(programBonus(programs, (p) => p === 'PCE'))).toBe('0.03');
  });

  it('gives rate 0 to a line no rule matches, bonuses included', () => {
    expect(formatAmount(lineRate(undefined, parseAmount('0.01'), parseAmount('0.03')))).toBe('0');
    expect(formatAmount(lineRate(parseAmount('0'), parseAmount('0.01'), parseAmount('0.03')))).toBe('0.04');
  });

  it('rounds base × rate half-up to cents, symmetric for clawbacks', () => {
    const rate = lineRate(parseAmount('0.05'), parseAmount('0.01'), parseAmount('0.03'));
    expect(formatAmount(rate)).toBe('0.09');
    expect(formatAmount(lineAmount(orderLineBase('850.00', '100.00'), rate))).toBe('67.5');
    expect(formatAmount(lineAmount(parseAmount('0.5'), parseAmount('0.01')))).toBe('0.01');
    expect(formatAmount(lineAmount(parseAmount('-0.5'), parseAmount('0.01')))).toBe('-0.01');
    expect(formatAmount(lineAmount(parseAmount('100'), parseAmount('0')))).toBe('0');
  });
});
