import { describe, expect, it } from 'vitest';
import type { KnownEvent } from '../events.js';
import { customersConcerned, ordersReferredTo } from './batch-keys.js';

const event = (type: string, data: Record<string, unknown>) => ({ type, data }) as unknown as KnownEvent;

describe('the keys a batch leads to', () => {
  const batch = [
    event('OrderPlaced', { orderId: 'O1', customerId: 'C1' }),
    event('OrderRefunded', { orderId: 'O1', refundId: 'R1' }),
    event('SpecChanged', { orderId: 'O2', changeId: 'S1' }),
    event('OrderRefunded', { orderId: 'O9', refundId: 'R2' }),
    event('AdjustmentPosted', { adjustmentId: 'A1', partnerId: 'P1' }),
  ];

  it('refunds and spec changes refer to their orders', () => {
    expect(ordersReferredTo(batch)).toEqual([['O1'], ['O2'], ['O9']]);
  });

  it("customers named by the events, and through a refund's or spec change's order when it is known", () => {
    const customers = customersConcerned(batch, (orderId) => ({ O1: 'C1', O2: 'C2' })[orderId]);
    expect([...customers].sort()).toEqual(['C1', 'C2']);
  });
});
