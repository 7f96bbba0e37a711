import { consumptionDelta, netOf, refundsTotalOf } from '@reckon/domain';
import type { PoolClient } from 'pg';
import {
  AssociationBook,
  type AssociationHistories,
  associationsDdl,
  customerAssociations,
  segmentRow,
} from '../context/associations.js';
import { customersConcerned, ordersReferredTo } from '../context/batch-keys.js';
import { ClosedPeriods, closedPeriods, closedPeriodsDdl } from '../context/closed-periods.js';
import { cachedTable, ENTITY_CACHE_ENTRIES, RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import { amount, position, text } from '../model/columns.js';
import { defineProjection, type EventOf, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import { widenAmounts } from '../sql.js';
import { millis, PeriodLocator } from '../time.js';
import type { Changes } from '../write/changes.js';

export const CONSUMPTION_SCHEMA = 'rm_consumption';

export const consumptionTables = {
  consumption_summary: table(
    'consumption_summary',
    {
      partner_id: text().orNull().key(),
      customer_id: text().key(),
      period: text().key(),
      corrects_period: text().orNull().key(),
      currency: text().keep(),
      consumption: amount().add(),
      refund_orders: amount().add(),
      spec_change_rebates: amount().add(),
      refunds_total: amount().add(),
      adjustments: amount().add(),
      vouchers_used: amount().add(),
      net: amount().add(),
      last_position: position(),
    },
    { indexes: ['partner_id, period', 'customer_id, period'], writeOnly: true },
  ),
  /** Each order's customer and currency: where its refunds and spec changes are booked. */
  orders: table('orders', { order_id: text().key(), customer_id: text(), currency: text() }, { appended: true }),
  customer_associations: customerAssociations,
  closed_periods: closedPeriods,
} as const;

interface OrderContext {
  orderId: string;
  customerId: string;
  currency: string;
}

/** What the consumption folds read: associations, closed periods, the orders refunds name. */
class ConsumptionFacts implements Facts {
  readonly associations: AssociationBook;
  readonly closed: ClosedPeriods;
  readonly periods: PeriodLocator;
  private readonly orders: RowCache<OrderContext>;

  constructor(schema: string, billingTz: string, shared?: AssociationHistories) {
    this.associations = new AssociationBook(schema, shared);
    this.closed = new ClosedPeriods(schema);
    this.periods = new PeriodLocator(billingTz);
    this.orders = new RowCache<OrderContext>(
      cachedTable(schema, consumptionTables.orders, {
        fromRow: (r) => ({
          orderId: r.order_id as string,
          customerId: r.customer_id as string,
          currency: r.currency as string,
        }),
        keyOf: (o) => [o.orderId],
        maxEntries: ENTITY_CACHE_ENTRIES,
      }),
    );
  }

  async load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    await this.closed.load(client);
    await this.orders.load(client, ordersReferredTo(events));
    const customerIds = customersConcerned(events, (orderId) => this.orders.get([orderId])?.customerId);
    await this.associations.load(client, customerIds);
  }

  startFromZero(): void {
    this.associations.startComplete();
    this.closed.startComplete();
    this.orders.startComplete();
  }

  evolve(e: KnownEvent): void {
    switch (e.type) {
      case 'CustomerAssociated':
      case 'AssociationTypeSwitched':
      case 'CustomerDisassociated':
        this.associations.apply(e);
        return;
      case 'BillingPeriodClosed':
        this.closed.apply(e);
        return;
      case 'OrderPlaced':
        this.orders.put({ orderId: e.data.orderId, customerId: e.data.customerId, currency: e.data.currency });
        return;
    }
  }

  orderOf(e: KnownEvent, orderId: string): OrderContext {
    const order = this.orders.get([orderId]);
    if (!order) throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
    return order;
  }

  committed(): void {
    this.associations.committed();
    this.closed.committed();
    this.orders.committed();
  }

  reset(): void {
    this.associations.reset();
    this.closed.reset();
    this.orders.reset();
  }
}

type Out = Changes<typeof consumptionTables>;
type Summed = EventOf<'OrderPlaced' | 'OnDemandCharged' | 'OrderRefunded' | 'SpecChanged' | 'AdjustmentPosted'>;

/**
 * Adds the event's figures (the domain's `consumptionDelta`, `refundsTotalOf`, `netOf`) to the row
 * of the partner associated at its occurredAt × customer × booking period (× corrected period).
 * The corrected period is the one the event states (`AdjustmentPosted.correctsPeriod`, passed as
 * `corrects`), booked late or not; else the closed month it belongs to by its time, when late.
 */
function addToSummary(
  e: Summed,
  facts: ConsumptionFacts,
  out: Out,
  customerId: string,
  currency: string,
  corrects?: string,
): void {
  const delta = consumptionDelta(e)!;
  const booking = facts.periods.booking(e.occurredAt, facts.closed.set);
  out.consumption_summary.upsert({
    partner_id: facts.associations.at(customerId, millis(e.occurredAt))?.partnerId ?? null,
    customer_id: customerId,
    period: booking.period,
    corrects_period: corrects ?? booking.correctsPeriod ?? null,
    currency,
    consumption: delta.consumption,
    refund_orders: delta.refundOrders,
    spec_change_rebates: delta.specChangeRebates,
    refunds_total: refundsTotalOf(delta),
    adjustments: delta.adjustments,
    vouchers_used: delta.vouchersUsed,
    net: netOf(delta),
    last_position: e.globalPosition,
  });
}

function foldAssociation(e: KnownEvent & { data: { customerId: string } }, facts: ConsumptionFacts, out: Out): void {
  for (const s of facts.associations.touched) out.customer_associations.upsert(segmentRow(e.data.customerId, s));
}

function foldByOrder(e: EventOf<'OrderRefunded' | 'SpecChanged'>, facts: ConsumptionFacts, out: Out): void {
  const order = facts.orderOf(e, e.data.orderId);
  addToSummary(e, facts, out, order.customerId, order.currency);
}

/** Consumption summary per partner × customer × booking period (SPEC §4). */
export const consumptionProjection = defineProjection({
  name: 'consumption',
  schema: CONSUMPTION_SCHEMA,
  // 3: a late AdjustmentPosted keeps the correctsPeriod it states (replayed: the rows booked by
  // version 2 gave such an adjustment the month of its occurredAt instead).
  version: 3,
  tables: consumptionTables,
  facts: (context) => new ConsumptionFacts(context.schema, context.billingTz, context.associations),
  on: {
    OrderPlaced: (e, facts, out) => {
      out.orders.insert({ order_id: e.data.orderId, customer_id: e.data.customerId, currency: e.data.currency });
      addToSummary(e, facts, out, e.data.customerId, e.data.currency);
    },
    OnDemandCharged: (e, facts, out) => addToSummary(e, facts, out, e.data.customerId, e.data.currency),
    OrderRefunded: foldByOrder,
    SpecChanged: foldByOrder,
    AdjustmentPosted: (e, facts, out) =>
      addToSummary(e, facts, out, e.data.customerId, e.data.currency, e.data.correctsPeriod),
    CustomerAssociated: foldAssociation,
    AssociationTypeSwitched: foldAssociation,
    CustomerDisassociated: foldAssociation,
    BillingPeriodClosed: (e, _facts, out) =>
      out.closed_periods.upsert({ period: e.data.period, closed_at: e.occurredAt, position: e.globalPosition }),
    PartnerRegistered: 'ignore',
    PartnerProgramEnrolled: 'ignore',
    PartnerProgramWithdrawn: 'ignore',
    PartnerProfileChanged: 'ignore',
    DiscountGranted: 'ignore',
    DiscountChanged: 'ignore',
    DiscountRevoked: 'ignore',
    AutoRenewSet: 'ignore',
    FundsAllocated: 'ignore',
    FundsReclaimed: 'ignore',
    VoucherQuotaGranted: 'ignore',
    VoucherQuotaReclaimed: 'ignore',
    VoucherIssued: 'ignore',
    VoucherRevoked: 'ignore',
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
      name: 'consumption summary',
      sql: (s) => `
        CREATE TABLE ${s}.consumption_summary (
          partner_id text,
          customer_id text NOT NULL,
          period text NOT NULL,
          corrects_period text,
          currency text NOT NULL,
          consumption numeric(30,8) NOT NULL,
          refund_orders numeric(30,8) NOT NULL,
          spec_change_rebates numeric(30,8) NOT NULL,
          refunds_total numeric(30,8) NOT NULL,
          adjustments numeric(30,8) NOT NULL,
          vouchers_used numeric(30,8) NOT NULL,
          net numeric(30,8) NOT NULL,
          last_position bigint NOT NULL,
          CONSTRAINT consumption_summary_key UNIQUE NULLS NOT DISTINCT (partner_id, customer_id, period, corrects_period)
        );
        CREATE INDEX ON ${s}.consumption_summary (partner_id, period);
        CREATE INDEX ON ${s}.consumption_summary (customer_id, period);
        CREATE TABLE ${s}.orders (
          order_id text PRIMARY KEY,
          customer_id text NOT NULL,
          currency text NOT NULL
        );
        ${associationsDdl(`${s}.customer_associations`)}
        ${closedPeriodsDdl(`${s}.closed_periods`)}`,
    },
    {
      version: 2,
      name: 'amounts hold sums of 30 integer digits',
      sql: (s) =>
        widenAmounts(s, {
          consumption_summary: [
            'consumption',
            'refund_orders',
            'spec_change_rebates',
            'refunds_total',
            'adjustments',
            'vouchers_used',
            'net',
          ],
        }),
    },
  ],
});
