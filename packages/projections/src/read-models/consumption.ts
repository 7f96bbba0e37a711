import { Decimal } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { AssociationBook, associationsDdl } from '../context/associations.js';
import { ClosedPeriods, closedPeriodsDdl } from '../context/closed-periods.js';
import { RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import type { ProjectionContext, ProjectionDefinition, ProjectionHandler } from '../projection.js';
import { type Column, upsertRows, widenAmounts } from '../sql.js';
import { millis, PeriodLocator } from '../time.js';

export const CONSUMPTION_SCHEMA = 'rm_consumption';

interface OrderContext {
  orderId: string;
  customerId: string;
  currency: string;
}

/** Sums of one partner × customer × booking period (× corrected period) from one batch. */
interface Delta {
  partnerId: string | null;
  customerId: string;
  period: string;
  correctsPeriod: string | null;
  currency: string;
  consumption: Decimal;
  refundOrders: Decimal;
  specChangeRebates: Decimal;
  adjustments: Decimal;
  vouchersUsed: Decimal;
  lastPosition: number;
}

const SUMMARY_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'customer_id', type: 'text' },
  { name: 'period', type: 'text' },
  { name: 'corrects_period', type: 'text' },
  { name: 'currency', type: 'text', onConflict: 'keep' },
  { name: 'consumption', type: 'numeric', onConflict: 'add' },
  { name: 'refund_orders', type: 'numeric', onConflict: 'add' },
  { name: 'spec_change_rebates', type: 'numeric', onConflict: 'add' },
  { name: 'refunds_total', type: 'numeric', onConflict: 'add' },
  { name: 'adjustments', type: 'numeric', onConflict: 'add' },
  { name: 'vouchers_used', type: 'numeric', onConflict: 'add' },
  { name: 'net', type: 'numeric', onConflict: 'add' },
  { name: 'last_position', type: 'bigint' },
];

const ZERO = new Decimal(0);

class ConsumptionHandler implements ProjectionHandler {
  private readonly associations: AssociationBook;
  private readonly closed: ClosedPeriods;
  private readonly orders: RowCache<OrderContext>;
  private readonly periods: PeriodLocator;

  constructor(
    private readonly schema: string,
    billingTz: string,
  ) {
    this.associations = new AssociationBook(`${schema}.customer_associations`);
    this.closed = new ClosedPeriods(`${schema}.closed_periods`);
    this.periods = new PeriodLocator(billingTz);
    this.orders = new RowCache<OrderContext>({
      table: `${schema}.orders`,
      key: ['order_id'],
      columns: [
        { name: 'order_id', type: 'text' },
        { name: 'customer_id', type: 'text' },
        { name: 'currency', type: 'text' },
      ],
      toRow: (o) => [o.orderId, o.customerId, o.currency],
      fromRow: (r) => ({
        orderId: r.order_id as string,
        customerId: r.customer_id as string,
        currency: r.currency as string,
      }),
      keyOf: (o) => [o.orderId],
      maxEntries: 25_000,
    });
  }

  async apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    const orderIds: string[][] = [];
    for (const e of events) {
      if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') orderIds.push([e.data.orderId]);
    }
    await this.closed.load(client);
    await this.orders.load(client, orderIds);
    const customerIds = new Set<string>();
    for (const e of events) {
      if ('customerId' in e.data && typeof e.data.customerId === 'string') customerIds.add(e.data.customerId);
      else if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') {
        const order = this.orders.get([e.data.orderId]);
        if (order) customerIds.add(order.customerId);
      }
    }
    await this.associations.load(client, customerIds);

    const deltas = new Map<string, Delta>();
    const bucket = (e: KnownEvent, customerId: string, currency: string, correctsOverride?: string): Delta => {
      const partnerId = this.associations.at(customerId, millis(e.occurredAt))?.partnerId ?? null;
      const booking = this.periods.booking(e.occurredAt, this.closed.set);
      const correctsPeriod = booking.correctsPeriod ?? correctsOverride ?? null;
      const key = `${partnerId ?? ''}\u0000${customerId}\u0000${booking.period}\u0000${correctsPeriod ?? ''}`;
      let delta = deltas.get(key);
      if (!delta) {
        delta = {
          partnerId,
          customerId,
          period: booking.period,
          correctsPeriod,
          currency,
          consumption: ZERO,
          refundOrders: ZERO,
          specChangeRebates: ZERO,
          adjustments: ZERO,
          vouchersUsed: ZERO,
          lastPosition: 0,
        };
        deltas.set(key, delta);
      }
      delta.lastPosition = e.globalPosition;
      return delta;
    };
    const orderOf = (e: KnownEvent, orderId: string): OrderContext => {
      const order = this.orders.get([orderId]);
      if (!order)
        throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
      return order;
    };

    for (const e of events) {
      switch (e.type) {
        case 'CustomerAssociated':
        case 'AssociationTypeSwitched':
        case 'CustomerDisassociated':
          this.associations.apply(e);
          break;
        case 'BillingPeriodClosed':
          this.closed.apply(e);
          break;
        case 'OrderPlaced': {
          const d = e.data;
          this.orders.put({ orderId: d.orderId, customerId: d.customerId, currency: d.currency });
          const delta = bucket(e, d.customerId, d.currency);
          delta.consumption = delta.consumption.plus(d.amount);
          if (d.voucherAmount !== undefined) delta.vouchersUsed = delta.vouchersUsed.plus(d.voucherAmount);
          break;
        }
        case 'OrderRefunded': {
          const order = orderOf(e, e.data.orderId);
          const delta = bucket(e, order.customerId, order.currency);
          delta.refundOrders = delta.refundOrders.plus(e.data.amount);
          break;
        }
        case 'SpecChanged': {
          const order = orderOf(e, e.data.orderId);
          const delta = bucket(e, order.customerId, order.currency);
          const amount = new Decimal(e.data.amount);
          if (amount.isPositive()) delta.consumption = delta.consumption.plus(amount);
          else delta.specChangeRebates = delta.specChangeRebates.plus(amount.abs());
          break;
        }
        case 'OnDemandCharged': {
          const delta = bucket(e, e.data.customerId, e.data.currency);
          delta.consumption = delta.consumption.plus(e.data.amount);
          break;
        }
        case 'AdjustmentPosted': {
          const delta = bucket(e, e.data.customerId, e.data.currency, e.data.correctsPeriod);
          delta.adjustments = delta.adjustments.plus(e.data.amount);
          break;
        }
      }
    }

    await this.associations.flush(client);
    await this.closed.flush(client);
    await this.orders.flush(client);
    const rows: unknown[][] = [];
    for (const d of deltas.values()) {
      const refunds = d.refundOrders.plus(d.specChangeRebates);
      const net = d.consumption.minus(refunds).plus(d.adjustments);
      rows.push([
        d.partnerId,
        d.customerId,
        d.period,
        d.correctsPeriod,
        d.currency,
        d.consumption.toFixed(),
        d.refundOrders.toFixed(),
        d.specChangeRebates.toFixed(),
        refunds.toFixed(),
        d.adjustments.toFixed(),
        d.vouchersUsed.toFixed(),
        net.toFixed(),
        d.lastPosition,
      ]);
    }
    await upsertRows(
      client,
      {
        table: `${this.schema}.consumption_summary`,
        columns: SUMMARY_COLUMNS,
        key: ['partner_id', 'customer_id', 'period', 'corrects_period'],
      },
      rows,
    );
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

/** Consumption summary per partner × customer × booking period (SPEC §4). */
export const consumptionProjection: ProjectionDefinition = {
  name: 'consumption',
  schema: CONSUMPTION_SCHEMA,
  migrations: [
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
  tables: [
    { name: 'consumption_summary', key: ['partner_id', 'customer_id', 'period', 'corrects_period'] },
    { name: 'orders', key: ['order_id'] },
    { name: 'customer_associations', key: ['customer_id', 'seq'] },
    { name: 'closed_periods', key: ['period'] },
  ],
  create: (context: ProjectionContext) => new ConsumptionHandler(context.schema, context.billingTz),
};
