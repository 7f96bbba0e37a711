import { Decimal } from '@reckon/domain';
import type { SourceLine } from './rating.js';

/** 2026-03-10T02:00:00Z: when a test's source lines happened. */
export const LINE_TIME = Date.parse('2026-03-10T02:00:00Z');

/** A source line for the specs: an order of 100 by a resale ecs subscription customer, changed by `over`. */
export function sourceLine(over: Partial<SourceLine> = {}): SourceLine {
  return {
    partnerId: 'P',
    period: '2026-03',
    sourceType: 'OrderPlaced',
    sourceId: 'O1',
    correctsPeriod: null,
    orderId: 'O1',
    customerId: 'C1',
    customerName: 'C',
    accountManager: null,
    productType: 'ecs',
    billingMode: 'subscription',
    associationType: 'resale',
    partnerLevel: 'silver',
    occurredAt: new Date(LINE_TIME).toISOString(),
    occurredMs: LINE_TIME,
    base: new Decimal('100'),
    position: 1,
    positions: [1],
    ...over,
  };
}
