/**
 * The incentive rule sets published over the generated year (SPEC §4): rules matching on
 * association type, billing mode, product type and partner level with 0–4 fields (so "most matching
 * fields wins" and "first listed wins a tie" both come into play), ascending tiers on the partner's
 * period net, and the PCE programme bonus. Each version revises rates the way a programme does.
 */
import type { IncentiveRulesPublishedData } from '@reckon/domain';

type RuleSet = Omit<IncentiveRulesPublishedData, 'version' | 'effectiveFrom'>;

const v1: RuleSet = {
  rules: [
    { id: 'base', rate: '0.02' },
    { id: 'referral', match: { associationType: 'referral' }, rate: '0.08' },
    { id: 'resale', match: { associationType: 'resale' }, rate: '0.05' },
    { id: 'referral-on-demand', match: { associationType: 'referral', billingMode: 'on_demand' }, rate: '0.04' },
    { id: 'resale-subscription', match: { associationType: 'resale', billingMode: 'subscription' }, rate: '0.06' },
    {
      id: 'resale-ecs',
      match: { associationType: 'resale', billingMode: 'subscription', productType: 'ecs' },
      rate: '0.07',
    },
    { id: 'gold-resale', match: { associationType: 'resale', partnerLevel: 'gold' }, rate: '0.065' },
    {
      id: 'advanced-rds',
      match: { associationType: 'referral', billingMode: 'subscription', productType: 'rds', partnerLevel: 'advanced' },
      rate: '0.12',
    },
  ],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '50000.00', bonusRate: '0.005' },
    { minNet: '200000.00', bonusRate: '0.01' },
    { minNet: '1000000.00', bonusRate: '0.02' },
  ],
  programs: { PCE: { bonusRate: '0.03' } },
};

const v2: RuleSet = {
  rules: [
    { id: 'base', rate: '0.02' },
    { id: 'referral', match: { associationType: 'referral' }, rate: '0.085' },
    { id: 'resale', match: { associationType: 'resale' }, rate: '0.05' },
    { id: 'referral-on-demand', match: { associationType: 'referral', billingMode: 'on_demand' }, rate: '0.045' },
    { id: 'resale-subscription', match: { associationType: 'resale', billingMode: 'subscription' }, rate: '0.06' },
    {
      id: 'resale-ecs',
      match: { associationType: 'resale', billingMode: 'subscription', productType: 'ecs' },
      rate: '0.075',
    },
    {
      id: 'resale-rds',
      match: { associationType: 'resale', billingMode: 'subscription', productType: 'rds' },
      rate: '0.08',
    },
    { id: 'gold-resale', match: { associationType: 'resale', partnerLevel: 'gold' }, rate: '0.07' },
    {
      id: 'advanced-rds',
      match: { associationType: 'referral', billingMode: 'subscription', productType: 'rds', partnerLevel: 'advanced' },
      rate: '0.12',
    },
    { id: 'cdn-on-demand', match: { billingMode: 'on_demand', productType: 'cdn' }, rate: '0.01' },
  ],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '50000.00', bonusRate: '0.005' },
    { minNet: '200000.00', bonusRate: '0.012' },
    { minNet: '1000000.00', bonusRate: '0.025' },
  ],
  programs: { PCE: { bonusRate: '0.03' } },
};

const v3: RuleSet = {
  rules: [
    { id: 'base', rate: '0.015' },
    { id: 'referral', match: { associationType: 'referral' }, rate: '0.08' },
    { id: 'resale', match: { associationType: 'resale' }, rate: '0.055' },
    { id: 'referral-on-demand', match: { associationType: 'referral', billingMode: 'on_demand' }, rate: '0.04' },
    { id: 'resale-subscription', match: { associationType: 'resale', billingMode: 'subscription' }, rate: '0.065' },
    {
      id: 'resale-ecs',
      match: { associationType: 'resale', billingMode: 'subscription', productType: 'ecs' },
      rate: '0.08',
    },
    {
      id: 'resale-rds',
      match: { associationType: 'resale', billingMode: 'subscription', productType: 'rds' },
      rate: '0.085',
    },
    { id: 'gold-resale', match: { associationType: 'resale', partnerLevel: 'gold' }, rate: '0.075' },
    { id: 'platinum-referral', match: { associationType: 'referral', partnerLevel: 'platinum' }, rate: '0.06' },
    {
      id: 'advanced-rds',
      match: { associationType: 'referral', billingMode: 'subscription', productType: 'rds', partnerLevel: 'advanced' },
      rate: '0.13',
    },
    { id: 'cdn-on-demand', match: { billingMode: 'on_demand', productType: 'cdn' }, rate: '0.01' },
  ],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '30000.00', bonusRate: '0.005' },
    { minNet: '150000.00', bonusRate: '0.01' },
    { minNet: '800000.00', bonusRate: '0.02' },
    { minNet: '3000000.00', bonusRate: '0.03' },
  ],
  programs: { PCE: { bonusRate: '0.04' } },
};

/** The rule sets in publication order: version n is `RULE_SETS[n - 1]`. */
export const RULE_SETS: readonly RuleSet[] = [v1, v2, v3];

export function ruleSet(version: number, effectiveFrom: string): IncentiveRulesPublishedData {
  const set = RULE_SETS[version - 1];
  if (!set) throw new RangeError(`no rule set version ${version}`);
  return { version, effectiveFrom, ...structuredClone(set) };
}
