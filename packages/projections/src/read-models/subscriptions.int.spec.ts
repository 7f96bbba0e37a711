import { useTestDatabase } from '@reckon/database/vitest';
import type { NewEvent } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { ProjectionApplier } from '../applier.js';
import { catchUp } from '../catch-up.js';
import { PROJECTIONS } from '../registry.js';
import { event, openHarness } from '../testing/harness.js';
import { readRows, useProjectionSpecs } from '../testing/spec.js';

const SUBSCRIPTIONS = 'rm_subscriptions.subscriptions';
const ORDERS = 'rm_subscriptions.subscription_orders';
const SUBSCRIPTION_COLUMNS = [
  'resource_id',
  'order_id',
  'first_order_id',
  'spec',
  'auto_renew',
  'status',
  'renewals',
  'released_at',
  'last_refund_id',
  'last_refund_reason',
] as const;
const ORDER_COLUMNS = ['order_id', 'resource_id', 'renewal_of', 'auto_renew', 'refund_id', 'refund_reason'] as const;

function placed(orderId: string, resources: string[], day: string, extra: Record<string, unknown> = {}): NewEvent {
  return event('OrderPlaced', `2026-${day}T10:00:00+08:00`, {
    orderId,
    customerId: 'C1',
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: '100.00',
    amount: '100.00',
    resources: resources.map((resourceId) => ({ resourceId, spec: '2c4g' })),
    termEnd: '2027-03-01T10:00:00+08:00',
    ...(extra as object),
  });
}

const refunded = (orderId: string, refundId: string, resourceIds: string[], reason: string, day: string) =>
  event('OrderRefunded', `2026-${day}T11:00:00+08:00`, {
    orderId,
    refundId,
    amount: '10.00',
    reason,
    resourceIds,
  });
const autoRenew = (orderId: string, resourceId: string, on: boolean, day: string) =>
  event('AutoRenewSet', `2026-${day}T12:00:00+08:00`, { orderId, resourceId, autoRenew: on });
const specChanged = (orderId: string, resourceId: string, toSpec: string, day: string) =>
  event('SpecChanged', `2026-${day}T13:00:00+08:00`, {
    orderId,
    resourceId,
    changeId: `sc-${orderId}-${resourceId}`,
    fromSpec: '2c4g',
    toSpec,
    amount: '10.00',
  });

describe('subscriptions: a refund, an auto-renew flag and a spec change set columns of the rows the order wrote', () => {
  const spec = useProjectionSpecs('subscriptions');

  it('an unsubscribe refund releases the resource and marks its order row refunded', () =>
    spec
      .given(placed('O1', ['R1', 'R2'], '01-05'))
      .when(refunded('O1', 'RF1', ['R1'], 'unsubscribe', '01-10'))
      .thenRows(SUBSCRIPTIONS, { columns: ['resource_id', 'status', 'released_at', 'last_refund_id'] }, [
        ['R1', 'released', '2026-01-10 03:00:00+00', 'RF1'],
        ['R2', 'active', null, null],
      ]));

  it('a refund that names no resource refunds every resource of the order, and keeps a downgraded one running', () =>
    spec
      .given(placed('O1', ['R1', 'R2'], '01-05'))
      .when(refunded('O1', 'RF1', [], 'downgrade', '01-10'))
      .thenRows(ORDERS, { columns: ['resource_id', 'refund_id', 'refund_reason'] }, [
        ['R1', 'RF1', 'downgrade'],
        ['R2', 'RF1', 'downgrade'],
      ]));

  it('a renewal after a refund in the same batch starts the resource afresh', () =>
    spec
      .given(placed('O1', ['R1'], '01-05'))
      .when(
        refunded('O1', 'RF1', ['R1'], 'unsubscribe', '01-10'),
        autoRenew('O1', 'R1', true, '01-11'),
        placed('O2', ['R1'], '02-01', { renewalOf: 'O1' }),
      )
      .thenRows(SUBSCRIPTIONS, { columns: SUBSCRIPTION_COLUMNS }, [
        ['R1', 'O2', 'O1', '"2c4g"', 'true', 'active', '1', null, null, null],
      ]));

  it('a refund, a flag and a spec change in the batch that placed the order', () =>
    spec
      .given()
      .when(
        placed('O1', ['R1'], '01-05'),
        autoRenew('O1', 'R1', true, '01-06'),
        specChanged('O1', 'R1', '4c8g', '01-07'),
        refunded('O1', 'RF1', ['R1'], 'downgrade', '01-08'),
      )
      .thenRows(SUBSCRIPTIONS, { columns: SUBSCRIPTION_COLUMNS }, [
        ['R1', 'O1', 'O1', '"4c8g"', 'true', 'active', '0', null, 'RF1', 'downgrade'],
      ]));
});

describe('subscriptions resumed with empty caches', () => {
  const db = useTestDatabase('subscriptions_resume');

  it('changes rows it has not read, as a replay from the first event does', async () => {
    const h = await openHarness(db.url);
    try {
      await h.append([placed('O1', ['R1', 'R2'], '01-05'), placed('O2', ['R3'], '01-06')]);
      await h.project();
      await h.append([
        autoRenew('O1', 'R1', true, '01-20'),
        specChanged('O1', 'R2', '8c16g', '01-21'),
        refunded('O2', 'RF2', ['R3'], 'unsubscribe', '01-22'),
        placed('O3', ['R1'], '02-01', { renewalOf: 'O1' }),
        autoRenew('O3', 'R1', false, '02-02'),
      ]);
      // Runners starting afresh at their checkpoints: nothing of the first batch is in memory.
      const restarted = PROJECTIONS.map((p) => new ProjectionApplier(p, p.schema, h.pool, 'Asia/Shanghai'));
      await catchUp({ store: h.store, appliers: restarted, batchSize: 1000 });
      expect(await readRows(h, SUBSCRIPTIONS, { columns: SUBSCRIPTION_COLUMNS })).toEqual([
        ['R1', 'O3', 'O1', '"2c4g"', 'false', 'active', '1', null, null, null],
        ['R2', 'O1', 'O1', '"8c16g"', 'false', 'active', '0', null, null, null],
        ['R3', 'O2', 'O2', '"2c4g"', 'false', 'released', '0', '2026-01-22 03:00:00+00', 'RF2', 'unsubscribe'],
      ]);
      expect(await readRows(h, ORDERS, { columns: ORDER_COLUMNS })).toEqual([
        ['O1', 'R1', null, 'true', null, null],
        ['O1', 'R2', null, 'false', null, null],
        ['O2', 'R3', null, 'false', 'RF2', 'unsubscribe'],
        ['O3', 'R1', 'O1', 'false', null, null],
      ]);
      expect(await h.verify()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
