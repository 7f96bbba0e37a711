/**
 * Envelopes the incentives tests start from: a solution provider in CNY, a customer associated with
 * it, a subscription order. Instants are in Asia/Shanghai (+08:00), the harness's billing zone.
 */
import type { JsonObject } from '@reckon/event-store';
import { event } from './harness.js';

/** An instant of `day` in Asia/Shanghai. */
export const at = (day: string, time = '10:00:00') => `${day}T${time}+08:00`;

/** A gold partner of `tier` (a reseller under distributor `parentId`), registered on 2026-01-01 in CNY. */
export function tieredPartner(partnerId: string, tier: string, parentId?: string) {
  return event('PartnerRegistered', '2026-01-01T00:00:00+08:00', {
    partnerId,
    name: partnerId,
    tier,
    ...(parentId ? { parentId } : {}),
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });
}

/** Rule set 1 from January 2026: one rule, every line at 5 %. */
export function flatRules() {
  return event('IncentiveRulesPublished', at('2026-01-01'), {
    version: '1',
    effectiveFrom: '2026-01',
    rules: [{ id: 'base', rate: '0.05' }],
  });
}

export function partner(partnerId: string, level: string) {
  return event('PartnerRegistered', at('2026-01-01'), {
    partnerId,
    name: partnerId,
    tier: 'solution_provider',
    level,
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });
}

export function associate(customerId: string, partnerId: string, associationType: string, accountManager = 'Ann Lee') {
  return event('CustomerAssociated', at('2026-01-02'), {
    customerId,
    customerName: `Customer ${customerId}`,
    partnerId,
    associationType,
    accountManager,
  });
}

export function order(
  orderId: string,
  customerId: string,
  productType: string,
  amount: string,
  when: string,
  extra: JsonObject = {},
) {
  return event('OrderPlaced', when, {
    orderId,
    customerId,
    productType,
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: amount,
    amount,
    resources: [{ resourceId: `${orderId}-r` }],
    termEnd: '2027-12-31T00:00:00+08:00',
    ...extra,
  });
}
