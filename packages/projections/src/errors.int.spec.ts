import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from './checkpoint.js';
import { EventFoldError } from './errors.js';
import { consumptionProjection } from './read-models/consumption.js';
import { event, type Harness, openHarness } from './testing/harness.js';

describe('events a projection cannot place', () => {
  const db = useTestDatabase('projection_errors');
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(db.url);
  });
  afterAll(async () => h?.close());

  it('fail loudly with the projection, the event and its global position; the events before it are kept', async () => {
    const before = await h.append([
      event('PartnerRegistered', '2026-01-01T00:00:00+08:00', {
        partnerId: 'p1',
        name: 'P',
        tier: 'reseller',
        level: 'x',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      }),
    ]);
    await h.project();
    const orphan = await h.append([
      event('CustomerAssociated', '2026-01-02T00:00:00+08:00', {
        customerId: 'c1',
        customerName: 'C',
        partnerId: 'p1',
        associationType: 'resale',
      }),
      event('OrderRefunded', '2026-01-03T00:00:00+08:00', {
        refundId: 'r1',
        orderId: 'no-such-order',
        reason: 'unsubscribe',
        amount: '1',
        resourceIds: [],
      }),
    ]);
    const failure = await h.project().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EventFoldError);
    expect((failure as EventFoldError).position).toBe(orphan);
    expect((failure as EventFoldError).event.type).toBe('OrderRefunded');
    expect(String((failure as Error).message)).toMatch(/^projection \w+ cannot fold OrderRefunded .*no-such-order/);
    // The batch rolled back, then went one event at a time: the association before the refund is in.
    expect(before).toBe(orphan - 2);
    expect((await readCheckpoint(h.pool, consumptionProjection.schema)).position).toBe(orphan - 1);
  });
});
