import type { PoolClient } from 'pg';
import { cachedTable, ENTITY_CACHE_ENTRIES, RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import { boolean, integer, json, position, text, time } from '../model/columns.js';
import { defineProjection, type EventOf, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import type { Changes } from '../write/changes.js';

export const SUBSCRIPTIONS_SCHEMA = 'rm_subscriptions';

export const subscriptionsTables = {
  subscriptions: table(
    'subscriptions',
    {
      customer_id: text().key(),
      resource_id: text().key(),
      order_id: text(),
      first_order_id: text(),
      product_type: text(),
      spec: json().orNull(),
      term_end: time(),
      auto_renew: boolean(),
      status: text(),
      renewals: integer(),
      placed_at: time(),
      released_at: time().orNull(),
      last_refund_id: text().orNull(),
      last_refund_reason: text().orNull(),
      updated_position: position(),
    },
    { indexes: ['customer_id, term_end'] },
  ),
  subscription_orders: table(
    'subscription_orders',
    {
      order_id: text().key(),
      resource_id: text().key(),
      customer_id: text(),
      product_type: text(),
      renewal_of: text().orNull(),
      term_end: time(),
      auto_renew: boolean(),
      placed_at: time(),
      refund_id: text().orNull(),
      refund_reason: text().orNull(),
      refunded_at: time().orNull(),
      position: position(),
    },
    { indexes: ['customer_id, resource_id'] },
  ),
} as const;

/** The current state of one resource of a customer (the latest order that covers it). */
interface Subscription {
  customerId: string;
  resourceId: string;
  orderId: string;
  firstOrderId: string;
  productType: string;
  /** The resource's specification as given (a string or an object), JSON-encoded. */
  spec: string | null;
  termEnd: string;
  autoRenew: boolean;
  status: 'active' | 'released';
  renewals: number;
  placedAt: string;
  releasedAt: string | null;
  lastRefundId: string | null;
  lastRefundReason: string | null;
  updatedPosition: number;
}

/** One order of a resource: its renewal chain, expiry, and any refund of it. */
interface SubscriptionOrder {
  orderId: string;
  resourceId: string;
  customerId: string;
  productType: string;
  renewalOf: string | null;
  termEnd: string;
  autoRenew: boolean;
  placedAt: string;
  refundId: string | null;
  refundReason: string | null;
  refundedAt: string | null;
  position: number;
}

interface OrderResources {
  orderId: string;
  customerId: string;
  resourceIds: string[];
}

// Times come back from the row cache as PostgreSQL's text, exact to the microsecond.
const iso = (v: unknown): string => v as string;
const isoOrNull = (v: unknown): string | null => (v === null ? null : iso(v));

/**
 * Which customer and resources each order has, for refunds, spec changes and auto-renew flags that
 * name only the order: read back from `subscription_orders` (one row per order × resource), so it
 * needs no table of its own. Bounded; entries are always in the table once their batch committed.
 */
class OrderBook {
  private readonly entries = new Map<string, OrderResources>();

  constructor(
    private readonly table: string,
    private readonly maxEntries: number,
  ) {}

  /** Everything the table holds is in memory (filled from position 0, nothing evicted): no reads. */
  private complete = false;

  startComplete(): void {
    if (this.entries.size === 0) this.complete = true;
  }

  async load(client: PoolClient, keys: Iterable<readonly string[]>): Promise<void> {
    if (this.complete) return;
    const missing = new Set<string>();
    for (const [orderId] of keys) if (orderId !== undefined && !this.entries.has(orderId)) missing.add(orderId);
    if (missing.size === 0) return;
    const result = await client.query<{ order_id: string; customer_id: string; resource_id: string }>(
      `SELECT order_id, customer_id, resource_id FROM ${this.table} WHERE order_id = ANY($1::text[]) ORDER BY order_id, position, resource_id`,
      [[...missing]],
    );
    for (const row of result.rows) {
      const order = this.entries.get(row.order_id);
      if (order) order.resourceIds.push(row.resource_id);
      else
        this.entries.set(row.order_id, {
          orderId: row.order_id,
          customerId: row.customer_id,
          resourceIds: [row.resource_id],
        });
    }
  }

  get([orderId]: readonly string[]): OrderResources | undefined {
    return orderId === undefined ? undefined : this.entries.get(orderId);
  }

  add(order: OrderResources): void {
    this.entries.set(order.orderId, order);
  }

  committed(): void {
    if (this.entries.size <= this.maxEntries) return;
    this.complete = false;
    let drop = this.entries.size - Math.floor(this.maxEntries / 2);
    for (const k of this.entries.keys()) {
      if (drop-- <= 0) break;
      this.entries.delete(k);
    }
  }

  reset(): void {
    this.complete = false;
    this.entries.clear();
  }
}

/** What the subscriptions folds read and move forward: the subscriptions and orders a batch touches. */
class SubscriptionsFacts implements Facts {
  readonly subscriptions: RowCache<Subscription>;
  readonly history: RowCache<SubscriptionOrder>;
  readonly orders: OrderBook;

  constructor(schema: string) {
    this.subscriptions = new RowCache<Subscription>(
      cachedTable(schema, subscriptionsTables.subscriptions, {
        fromRow: (r) => ({
          customerId: r.customer_id as string,
          resourceId: r.resource_id as string,
          orderId: r.order_id as string,
          firstOrderId: r.first_order_id as string,
          productType: r.product_type as string,
          spec: r.spec === null ? null : JSON.stringify(r.spec),
          termEnd: iso(r.term_end),
          autoRenew: r.auto_renew as boolean,
          status: r.status as Subscription['status'],
          renewals: r.renewals as number,
          placedAt: iso(r.placed_at),
          releasedAt: isoOrNull(r.released_at),
          lastRefundId: r.last_refund_id as string | null,
          lastRefundReason: r.last_refund_reason as string | null,
          updatedPosition: Number(r.updated_position),
        }),
        keyOf: (s) => [s.customerId, s.resourceId],
        maxEntries: ENTITY_CACHE_ENTRIES,
      }),
    );
    this.history = new RowCache<SubscriptionOrder>(
      cachedTable(schema, subscriptionsTables.subscription_orders, {
        fromRow: (r) => ({
          orderId: r.order_id as string,
          resourceId: r.resource_id as string,
          customerId: r.customer_id as string,
          productType: r.product_type as string,
          renewalOf: r.renewal_of as string | null,
          termEnd: iso(r.term_end),
          autoRenew: r.auto_renew as boolean,
          placedAt: iso(r.placed_at),
          refundId: r.refund_id as string | null,
          refundReason: r.refund_reason as string | null,
          refundedAt: isoOrNull(r.refunded_at),
          position: Number(r.position),
        }),
        keyOf: (o) => [o.orderId, o.resourceId],
        maxEntries: ENTITY_CACHE_ENTRIES,
      }),
    );
    this.orders = new OrderBook(`${schema}.subscription_orders`, ENTITY_CACHE_ENTRIES);
  }

  async load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    const orderIds: string[][] = [];
    for (const e of events) {
      if (e.type === 'OrderRefunded' || e.type === 'SpecChanged' || e.type === 'AutoRenewSet') {
        orderIds.push([e.data.orderId]);
      }
    }
    await this.orders.load(client, orderIds);
    const resourceKeys: string[][] = [];
    const historyKeys: string[][] = [];
    for (const e of events) {
      switch (e.type) {
        case 'OrderPlaced':
          // Only a renewal continues an existing subscription; a new order starts its resources afresh.
          if (e.data.renewalOf !== undefined) {
            for (const r of e.data.resources) resourceKeys.push([e.data.customerId, r.resourceId]);
          }
          break;
        case 'OrderRefunded':
        case 'SpecChanged':
        case 'AutoRenewSet': {
          const order = this.orders.get([e.data.orderId]);
          if (!order) break;
          const ids =
            e.type === 'OrderRefunded' ? this.refundedResources(e.data.resourceIds, order) : [e.data.resourceId];
          for (const id of ids) {
            resourceKeys.push([order.customerId, id]);
            historyKeys.push([order.orderId, id]);
          }
          break;
        }
      }
    }
    await this.subscriptions.load(client, resourceKeys);
    await this.history.load(client, historyKeys);
  }

  startFromZero(): void {
    this.subscriptions.startComplete();
    this.history.startComplete();
    this.orders.startComplete();
  }

  evolve(e: KnownEvent): void {
    if (e.type === 'OrderPlaced') {
      this.orders.add({
        orderId: e.data.orderId,
        customerId: e.data.customerId,
        resourceIds: e.data.resources.map((r) => r.resourceId),
      });
    }
  }

  /** The subscription of one resource of the order; it now carries the event's position. */
  resourceOf(e: KnownEvent, order: OrderResources, resourceId: string): Subscription {
    const subscription = this.subscriptions.get([order.customerId, resourceId]);
    if (!subscription) {
      throw new ProjectionError(
        `${e.type}: resource ${resourceId} of order ${order.orderId} is not in the log before it`,
        e.globalPosition,
      );
    }
    subscription.updatedPosition = e.globalPosition;
    return subscription;
  }

  orderOf(e: KnownEvent, orderId: string): OrderResources {
    const order = this.orders.get([orderId]);
    if (!order) throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
    return order;
  }

  /** The resources a refund names; none named means the whole order. */
  refundedResources(resourceIds: readonly string[], order: OrderResources): readonly string[] {
    return resourceIds.length > 0 ? resourceIds : order.resourceIds;
  }

  committed(): void {
    this.subscriptions.committed();
    this.history.committed();
    this.orders.committed();
  }

  reset(): void {
    this.subscriptions.reset();
    this.history.reset();
    this.orders.reset();
  }
}

type Out = Changes<typeof subscriptionsTables>;

function writeSubscription(out: Out, s: Subscription): void {
  out.subscriptions.upsert({
    customer_id: s.customerId,
    resource_id: s.resourceId,
    order_id: s.orderId,
    first_order_id: s.firstOrderId,
    product_type: s.productType,
    spec: s.spec,
    term_end: s.termEnd,
    auto_renew: s.autoRenew,
    status: s.status,
    renewals: s.renewals,
    placed_at: s.placedAt,
    released_at: s.releasedAt,
    last_refund_id: s.lastRefundId,
    last_refund_reason: s.lastRefundReason,
    updated_position: s.updatedPosition,
  });
}

function writeOrder(out: Out, o: SubscriptionOrder): void {
  out.subscription_orders.upsert({
    order_id: o.orderId,
    resource_id: o.resourceId,
    customer_id: o.customerId,
    product_type: o.productType,
    renewal_of: o.renewalOf,
    term_end: o.termEnd,
    auto_renew: o.autoRenew,
    placed_at: o.placedAt,
    refund_id: o.refundId,
    refund_reason: o.refundReason,
    refunded_at: o.refundedAt,
    position: o.position,
  });
}

function foldOrderPlaced(e: EventOf<'OrderPlaced'>, facts: SubscriptionsFacts, out: Out): void {
  const d = e.data;
  for (const r of d.resources) {
    const previous = d.renewalOf === undefined ? undefined : facts.subscriptions.get([d.customerId, r.resourceId]);
    const autoRenew = d.autoRenew ?? previous?.autoRenew ?? false;
    const placed: SubscriptionOrder = {
      orderId: d.orderId,
      resourceId: r.resourceId,
      customerId: d.customerId,
      productType: d.productType,
      renewalOf: d.renewalOf ?? null,
      termEnd: d.termEnd,
      autoRenew,
      placedAt: e.occurredAt,
      refundId: null,
      refundReason: null,
      refundedAt: null,
      position: e.globalPosition,
    };
    facts.history.put(placed);
    writeOrder(out, placed);
    const renewal = d.renewalOf !== undefined && previous !== undefined;
    const subscription: Subscription = {
      customerId: d.customerId,
      resourceId: r.resourceId,
      orderId: d.orderId,
      firstOrderId: renewal ? previous.firstOrderId : d.orderId,
      productType: d.productType,
      spec: r.spec !== undefined ? JSON.stringify(r.spec) : renewal ? previous.spec : null,
      termEnd: d.termEnd,
      autoRenew,
      status: 'active',
      renewals: renewal ? previous.renewals + 1 : 0,
      placedAt: e.occurredAt,
      releasedAt: null,
      lastRefundId: null,
      lastRefundReason: null,
      updatedPosition: e.globalPosition,
    };
    facts.subscriptions.put(subscription);
    writeSubscription(out, subscription);
  }
}

function foldRefund(e: EventOf<'OrderRefunded'>, facts: SubscriptionsFacts, out: Out): void {
  // An order placed with no resources has no rows here to find it by; a refund of it names
  // none (the domain checks that named resources are the order's) and changes nothing.
  if (e.data.resourceIds.length === 0 && !facts.orders.get([e.data.orderId])) return;
  const order = facts.orderOf(e, e.data.orderId);
  for (const resourceId of facts.refundedResources(e.data.resourceIds, order)) {
    const subscription = facts.resourceOf(e, order, resourceId);
    subscription.lastRefundId = e.data.refundId;
    subscription.lastRefundReason = e.data.reason;
    // Unsubscribing releases the resource; a downgrade refund keeps it running.
    if (e.data.reason === 'unsubscribe') {
      subscription.status = 'released';
      subscription.releasedAt = e.occurredAt;
    }
    writeSubscription(out, subscription);
    const placed = facts.history.get([order.orderId, resourceId]);
    if (placed) {
      placed.refundId = e.data.refundId;
      placed.refundReason = e.data.reason;
      placed.refundedAt = e.occurredAt;
      writeOrder(out, placed);
    }
  }
}

/** Subscriptions per resource: order, expiry, auto-renew, renewal chain, refund state. */
export const subscriptionsProjection = defineProjection({
  name: 'subscriptions',
  schema: SUBSCRIPTIONS_SCHEMA,
  version: 2,
  tables: subscriptionsTables,
  facts: (context) => new SubscriptionsFacts(context.schema),
  on: {
    OrderPlaced: foldOrderPlaced,
    OrderRefunded: foldRefund,
    AutoRenewSet: (e, facts, out) => {
      const order = facts.orderOf(e, e.data.orderId);
      const subscription = facts.resourceOf(e, order, e.data.resourceId);
      subscription.autoRenew = e.data.autoRenew;
      writeSubscription(out, subscription);
      const placed = facts.history.get([order.orderId, e.data.resourceId]);
      if (placed) {
        placed.autoRenew = e.data.autoRenew;
        writeOrder(out, placed);
      }
    },
    SpecChanged: (e, facts, out) => {
      const subscription = facts.resourceOf(e, facts.orderOf(e, e.data.orderId), e.data.resourceId);
      subscription.spec = JSON.stringify(e.data.toSpec);
      writeSubscription(out, subscription);
    },
    PartnerRegistered: 'ignore',
    PartnerProgramEnrolled: 'ignore',
    PartnerProgramWithdrawn: 'ignore',
    PartnerProfileChanged: 'ignore',
    CustomerAssociated: 'ignore',
    AssociationTypeSwitched: 'ignore',
    CustomerDisassociated: 'ignore',
    DiscountGranted: 'ignore',
    DiscountChanged: 'ignore',
    DiscountRevoked: 'ignore',
    OnDemandCharged: 'ignore',
    AdjustmentPosted: 'ignore',
    FundsAllocated: 'ignore',
    FundsReclaimed: 'ignore',
    VoucherQuotaGranted: 'ignore',
    VoucherQuotaReclaimed: 'ignore',
    VoucherIssued: 'ignore',
    VoucherRevoked: 'ignore',
    BillingPeriodClosed: 'ignore',
    IncentiveRulesPublished: 'ignore',
    StatementRevisionPublished: 'ignore',
    ProductTypeRegistered: 'ignore',
    UsageTypeRegistered: 'ignore',
    MeasureUnitRegistered: 'ignore',
    MarketplaceTransactionRecorded: 'ignore',
    MarketplaceTransactionBilled: 'ignore',
    MarketplaceSupervisionReleased: 'ignore',
  },
  // Databases made before the tables were declared: upgraded in place.
  upgrades: [
    {
      version: 1,
      name: 'subscriptions and their orders',
      sql: (s) => `
        CREATE TABLE ${s}.subscriptions (
          customer_id text NOT NULL,
          resource_id text NOT NULL,
          order_id text NOT NULL,
          first_order_id text NOT NULL,
          product_type text NOT NULL,
          spec jsonb,
          term_end timestamptz NOT NULL,
          auto_renew boolean NOT NULL,
          status text NOT NULL,
          renewals integer NOT NULL,
          placed_at timestamptz NOT NULL,
          released_at timestamptz,
          last_refund_id text,
          last_refund_reason text,
          updated_position bigint NOT NULL,
          PRIMARY KEY (customer_id, resource_id)
        );
        CREATE INDEX ON ${s}.subscriptions (customer_id, term_end);
        CREATE TABLE ${s}.subscription_orders (
          order_id text NOT NULL,
          resource_id text NOT NULL,
          customer_id text NOT NULL,
          product_type text NOT NULL,
          renewal_of text,
          term_end timestamptz NOT NULL,
          auto_renew boolean NOT NULL,
          placed_at timestamptz NOT NULL,
          refund_id text,
          refund_reason text,
          refunded_at timestamptz,
          position bigint NOT NULL,
          PRIMARY KEY (order_id, resource_id)
        );
        CREATE INDEX ON ${s}.subscription_orders (customer_id, resource_id);
        CREATE TABLE ${s}.orders (
          order_id text PRIMARY KEY,
          customer_id text NOT NULL,
          resource_ids text NOT NULL
        );`,
    },
    {
      version: 2,
      name: 'orders are read back from subscription_orders',
      sql: (s) => `DROP TABLE ${s}.orders;`,
    },
  ],
});
