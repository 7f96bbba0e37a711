/**
 * Read-model views shaped for the HTTP query routes (SPEC §5): each answers from one snapshot
 * (one SQL statement), so a total and its parts never straddle a projection batch, and pages by
 * keyset with opaque cursors.
 */
import { isInstant, longerThan, MAX_ID_LENGTH, nextPeriod, type Period, textProblem } from '@reckon/domain';
import { type Selectable, sql } from 'kysely';
import {
  type ConsumptionFigures,
  type Page,
  type PageRequest,
  type PartnerConsumption,
  type PartnerMonthlyConsumption,
  pageSize,
  type SUBSCRIPTION_STATUSES,
  type SubscriptionItem,
} from './contract.js';
import { type CursorKey, decodeCursor, keysetPage, listDigest } from './cursor.js';
import type { ReadModelDatabase, ReadModelDb } from './db.js';
import { containing, InvalidCursorError, money, timestamptz } from './format.js';

const FIGURES = [
  'consumption',
  'refund_orders',
  'spec_change_rebates',
  'refunds_total',
  'adjustments',
  'vouchers_used',
  'net',
] as const;

type FigureRow = Record<(typeof FIGURES)[number], string | null>;

/** The figures of the summary rows grouped together: each column summed (the same for a customer, a partner or a month). */
const SUMS = FIGURES.map((column) => sql<string | null>`sum(${sql.ref(`s.${column}`)})`.as(column));

const ZERO = Object.fromEntries(FIGURES.map((column) => [column, '0'])) as FigureRow;

function figures(row: FigureRow, currency: string): ConsumptionFigures {
  return {
    consumption: money(row.consumption, currency),
    refunds: {
      refundOrders: money(row.refund_orders, currency),
      specChangeRebates: money(row.spec_change_rebates, currency),
      total: money(row.refunds_total, currency),
    },
    adjustments: money(row.adjustments, currency),
    vouchersUsed: money(row.vouchers_used, currency),
    net: money(row.net, currency),
  };
}

/**
 * Consumption of a partner in a booking period, per customer (by customer id) and summed, in one
 * statement (`GROUPING SETS`: the customers' rows and the total row come from the same snapshot).
 * Rows correcting closed periods count in the period they are booked into.
 */
export async function consumptionOfPartner(
  db: ReadModelDb,
  partner: { partnerId: string; currency: string },
  period: string,
): Promise<PartnerConsumption> {
  const rows = await db
    .selectFrom('rm_consumption.consumption_summary as s')
    .leftJoin('rm_directory.customers as c', 'c.customer_id', 's.customer_id')
    .select([
      's.customer_id',
      sql<string | null>`min(c.customer_name)`.as('customer_name'),
      sql<boolean>`grouping(s.customer_id) = 1`.as('is_total'),
      ...SUMS,
    ])
    .where('s.partner_id', '=', partner.partnerId)
    .where('s.period', '=', period)
    .groupBy(sql`grouping sets ((s.customer_id), ())`)
    .orderBy('s.customer_id')
    .execute();
  const { currency } = partner;
  const total = rows.find((row) => row.is_total);
  return {
    partnerId: partner.partnerId,
    period,
    currency,
    ...figures(total ?? ZERO, currency),
    customers: rows
      .filter((row) => !row.is_total)
      .map((row) => ({
        customerId: row.customer_id,
        customerName: row.customer_name,
        ...figures(row, currency),
      })),
  };
}

/**
 * The partner's figures of each booking period from `from` to `to` (inclusive, oldest first): per
 * period exactly the partner total consumptionOfPartner answers for it (the same rows summed, the
 * same formatting), and how many customers it lists. A period with nothing booked has zeros.
 */
export async function monthlyConsumptionOfPartner(
  db: ReadModelDb,
  partner: { partnerId: string; currency: string },
  from: Period,
  to: Period,
): Promise<PartnerMonthlyConsumption> {
  const rows = await db
    .selectFrom('rm_consumption.consumption_summary as s')
    .select(['s.period', sql<string>`count(distinct s.customer_id)`.as('customer_count'), ...SUMS])
    .where('s.partner_id', '=', partner.partnerId)
    .where('s.period', '>=', from)
    .where('s.period', '<=', to)
    .groupBy('s.period')
    .execute();
  const byPeriod = new Map(rows.map((row) => [row.period, row]));
  const { currency } = partner;
  const items: PartnerMonthlyConsumption['items'] = [];
  for (let period = from; period <= to; period = nextPeriod(period)) {
    const row = byPeriod.get(period);
    items.push({ period, ...figures(row ?? ZERO, currency), customerCount: Number(row?.customer_count ?? 0) });
  }
  return { partnerId: partner.partnerId, currency, items };
}

/**
 * A subscription's term end as its cursors carry it: UTC ISO text to the microsecond, as stored. A
 * JavaScript Date holds milliseconds only, and rows whose ends differ below the millisecond would
 * repeat across pages (and the ones after them never come).
 */
const termEndKey = (column: string) =>
  sql<string>`to_char(${sql.ref(column)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** Where the last item of a subscriptions page sorts: term end (microseconds) and resource id. */
const subscriptionKey = (termEnd: string, resourceId: string): CursorKey => [termEnd, resourceId];

/** A term end a cursor may carry: ISO text as `termEndKey` writes it (years from 0001). */
const TERM_END_KEY_RE = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * The milliseconds of an older cursor: years 0001–9999, whose ISO text PostgreSQL reads back (a
 * term end is within them). A cursor outside them was not issued by this list (and would make the
 * query fail rather than answer).
 */
const EARLIEST_CURSOR_MS = -62_135_596_800_000; // 0001-01-01T00:00:00Z
const LATEST_CURSOR_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

function subscriptionAfter(after: unknown[]): { termEnd: string; resourceId: string } {
  const [t, r] = after;
  if (after.length === 2 && typeof r === 'string' && !longerThan(r, MAX_ID_LENGTH) && textProblem(r) === undefined) {
    if (typeof t === 'string' && TERM_END_KEY_RE.test(t) && isInstant(t)) return { termEnd: t, resourceId: r };
    // Cursors issued before the term end was carried to the microsecond (epoch milliseconds).
    if (typeof t === 'number' && Number.isSafeInteger(t) && t >= EARLIEST_CURSOR_MS && t <= LATEST_CURSOR_MS) {
      return { termEnd: new Date(t).toISOString(), resourceId: r };
    }
  }
  throw new InvalidCursorError('not-issued');
}

/**
 * A subscribed resource's status at `now`, as both subscription lists answer it (SPEC §6): `expired`
 * once its term has ended (a released resource's term ends too), else as stored (`active`, or
 * `released` by an unsubscribe refund). Over the subscriptions row aliased `s`.
 */
const subscriptionStatus = (now: Date) =>
  sql<SubscriptionStatus>`CASE WHEN s.term_end <= ${now} THEN 'expired' ELSE s.status END`;

type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
type SubscriptionRow = Selectable<ReadModelDatabase['rm_subscriptions.subscriptions']>;
type SubscriptionOrderRow = Selectable<ReadModelDatabase['rm_subscriptions.subscription_orders']>;

/** A subscribed resource as the lists answer it, with its orders (`orders` may hold other resources'). */
function subscriptionItem(
  row: SubscriptionRow,
  status: SubscriptionStatus,
  orders: readonly SubscriptionOrderRow[],
): SubscriptionItem {
  return {
    resourceId: row.resource_id,
    customerId: row.customer_id,
    orderId: row.order_id,
    productType: row.product_type,
    spec: row.spec,
    termEnd: row.term_end.toISOString(),
    autoRenew: row.auto_renew,
    status,
    releasedAt: row.released_at === null ? null : row.released_at.toISOString(),
    lastRefund:
      row.last_refund_id === null
        ? null
        : {
            refundId: row.last_refund_id,
            reason: row.last_refund_reason as NonNullable<SubscriptionItem['lastRefund']>['reason'],
          },
    renewalHistory: orders
      .filter((order) => order.resource_id === row.resource_id && order.customer_id === row.customer_id)
      .map((order) => ({
        orderId: order.order_id,
        renewalOf: order.renewal_of,
        placedAt: order.placed_at.toISOString(),
        termEnd: order.term_end.toISOString(),
      })),
  };
}

export interface SubscriptionPageOptions {
  /**
   * Only the resources not released whose term ends before this instant (ISO-8601 with an offset, to
   * the microsecond; those whose term has already ended among them, answered `expired`).
   */
  expiringBefore?: string;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * The subscribed resources of a customer, soonest expiry first (then by resource id), one page at a
 * time; each with the orders that bought and renewed it, oldest first, and its status at `now`
 * (`subscriptionStatus`, as the partner's list judges it).
 */
export async function subscriptionsPage(
  db: ReadModelDb,
  customerId: string,
  options: SubscriptionPageOptions = {},
  now: Date = new Date(),
): Promise<Page<SubscriptionItem>> {
  const limit = pageSize(options.limit);
  let query = db
    .selectFrom('rm_subscriptions.subscriptions as s')
    .selectAll('s')
    .select([subscriptionStatus(now).as('shown_status'), termEndKey('s.term_end').as('term_end_key')])
    .where('s.customer_id', '=', customerId);
  if (options.expiringBefore) {
    query = query.where('s.term_end', '<', timestamptz(options.expiringBefore)).where('s.status', '=', 'active');
  }
  const digest = listDigest('customer-subscriptions', { customerId, expiringBefore: options.expiringBefore });
  if (options.cursor) {
    const after = subscriptionAfter(decodeCursor(options.cursor, digest));
    query = query.where(
      sql<boolean>`(s.term_end, s.resource_id) > (CAST(${after.termEnd} AS timestamptz), ${after.resourceId})`,
    );
  }
  const rows = await query
    .orderBy('s.term_end')
    .orderBy('s.resource_id')
    .limit(limit + 1)
    .execute();
  const { shown: page, nextCursor } = keysetPage(rows, limit, digest, (last) =>
    subscriptionKey(last.term_end_key, last.resource_id),
  );
  const orders =
    page.length === 0
      ? []
      : await db
          .selectFrom('rm_subscriptions.subscription_orders')
          .selectAll()
          .where('customer_id', '=', customerId)
          .where(
            'resource_id',
            'in',
            page.map((row) => row.resource_id),
          )
          .orderBy('position')
          .execute();
  return {
    items: page.map((row) => subscriptionItem(row, row.shown_status, orders)),
    nextCursor,
  };
}

export interface PartnerSubscriptionFilters {
  /** Term ends before this instant (ISO-8601 with an offset, to the microsecond). */
  expiringBefore?: string;
  /** Term ends after this instant (ISO-8601 with an offset, to the microsecond). */
  expiringAfter?: string;
  autoRenew?: boolean;
  status?: SubscriptionStatus;
  productType?: string;
  customerName?: string;
}

/** Where a partner-subscriptions cursor continues: after this term end, customer and resource. */
function partnerSubscriptionAfter(after: unknown[]): { termEnd: string; customerId: string; resourceId: string } {
  const [t, c, r] = after;
  if (after.length === 3 && typeof c === 'string' && !longerThan(c, MAX_ID_LENGTH) && textProblem(c) === undefined) {
    const { termEnd, resourceId } = subscriptionAfter([t, r]);
    return { termEnd, customerId: c, resourceId };
  }
  throw new InvalidCursorError('not-issued');
}

/**
 * The subscribed resources of a partner's customers (SPEC §6): a resource is the partner's when the
 * order that holds its current term was placed while the customer was associated with the partner
 * (so a customer's new partner does not see what it bought under the previous one). Soonest expiry
 * first; `status` as `subscriptionStatus` judges it at `now`.
 */
export async function partnerSubscriptionsPage(
  db: ReadModelDb,
  partnerId: string,
  filters: PartnerSubscriptionFilters,
  page: PageRequest,
  now: Date = new Date(),
): Promise<Page<SubscriptionItem & { customerName: string }>> {
  const limit = pageSize(page.limit);
  const digest = listDigest('partner-subscriptions', { partnerId, ...filters });
  const status = subscriptionStatus(now);
  let query = db
    .selectFrom('rm_subscriptions.subscriptions as s')
    .innerJoin('rm_subscriptions.subscription_orders as o', (join) =>
      join.onRef('o.order_id', '=', 's.order_id').onRef('o.resource_id', '=', 's.resource_id'),
    )
    .innerJoin('rm_directory.customer_associations as a', (join) =>
      join
        .onRef('a.customer_id', '=', 's.customer_id')
        .on('a.partner_id', '=', partnerId)
        .onRef('a.valid_from', '<=', 'o.placed_at')
        .on((eb) => eb.or([eb('a.valid_to', 'is', null), eb('a.valid_to', '>', eb.ref('o.placed_at'))])),
    )
    .innerJoin('rm_directory.customers as c', 'c.customer_id', 's.customer_id')
    .selectAll('s')
    .select(['c.customer_name', status.as('shown_status'), termEndKey('s.term_end').as('term_end_key')]);
  if (filters.expiringBefore) query = query.where('s.term_end', '<', timestamptz(filters.expiringBefore));
  if (filters.expiringAfter) query = query.where('s.term_end', '>', timestamptz(filters.expiringAfter));
  if (filters.autoRenew !== undefined) query = query.where('s.auto_renew', '=', filters.autoRenew);
  if (filters.status) query = query.where(status, '=', filters.status);
  if (filters.productType) query = query.where('s.product_type', '=', filters.productType);
  if (filters.customerName) {
    const pattern = containing(filters.customerName);
    query = query.where(sql<boolean>`c.customer_name ILIKE ${pattern}`);
  }
  if (page.cursor) {
    const after = partnerSubscriptionAfter(decodeCursor(page.cursor, digest));
    query = query.where(
      sql<boolean>`(s.term_end, s.customer_id COLLATE "C", s.resource_id COLLATE "C") > (CAST(${after.termEnd} AS timestamptz), ${after.customerId}, ${after.resourceId})`,
    );
  }
  const rows = await query
    .orderBy('s.term_end')
    .orderBy(sql`s.customer_id COLLATE "C"`)
    .orderBy(sql`s.resource_id COLLATE "C"`)
    .limit(limit + 1)
    .execute();
  const { shown, nextCursor } = keysetPage(rows, limit, digest, (last) => [
    last.term_end_key,
    last.customer_id,
    last.resource_id,
  ]);
  const orders =
    shown.length === 0
      ? []
      : await db
          .selectFrom('rm_subscriptions.subscription_orders')
          .selectAll()
          .where(
            'customer_id',
            'in',
            shown.map((row) => row.customer_id),
          )
          .where(
            'resource_id',
            'in',
            shown.map((row) => row.resource_id),
          )
          .orderBy('position')
          .execute();
  return {
    items: shown.map((row) => ({
      ...subscriptionItem(row, row.shown_status, orders),
      customerName: row.customer_name,
    })),
    nextCursor,
  };
}
