import { sql } from 'kysely';
import type { Pool } from 'pg';
import { waitForPosition } from '../wait';
import { type ReadModelDb, readModelDb } from './db';
import { decodeCursor, encodeCursor, money } from './format';

export interface ConsumptionFigures {
  consumption: string;
  refunds: { refundOrders: string; specChangeRebates: string; total: string };
  adjustments: string;
  vouchersUsed: string;
  net: string;
}

export interface PartnerConsumption extends ConsumptionFigures {
  partnerId: string;
  period: string;
  currency: string;
  customers: (ConsumptionFigures & { customerId: string; customerName: string | null })[];
}

export interface PartnerBalance {
  partnerId: string;
  currency: string;
  funds: { allocated: string; reclaimed: string; spent: string; returned: string; available: string };
  voucherQuota: { granted: string; issued: string; reclaimed: string; returned: string; available: string };
}

export interface VoucherQuotaOperation {
  /** Business time of the event (ISO-8601, UTC). */
  time: string;
  quotaId: string;
  kind: 'granted' | 'issued' | 'reclaimed' | 'revoked';
  customerId: string | null;
  customerName: string | null;
  voucherId: string | null;
  amount: string;
  quotaLeftAfter: string;
  actor: string | null;
  position: number;
}

export interface VoucherQuotaOperationFilter {
  /** Inclusive lower bound of the operation time (ISO-8601). */
  from?: string;
  /** Exclusive upper bound of the operation time (ISO-8601). */
  to?: string;
  /** Case-insensitive part of the customer name. */
  customerName?: string;
  voucherId?: string;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface VoucherQuotaInfo {
  quotaId: string;
  partnerId: string;
  grantorId: string;
  currency: string;
  granted: string;
  issued: string;
  reclaimed: string;
  returned: string;
  available: string;
  expiresAt: string | null;
}

export interface SubscriptionItem {
  resourceId: string;
  customerId: string;
  orderId: string;
  productType: string;
  spec: unknown;
  termEnd: string;
  autoRenew: boolean;
  /** `active`, or `released` after an unsubscribe refund. */
  status: string;
  releasedAt: string | null;
  lastRefund: { refundId: string; reason: string } | null;
  /** The orders of the resource, oldest first: the first purchase, then each renewal. */
  renewalHistory: { orderId: string; renewalOf: string | null; placedAt: string; termEnd: string }[];
}

export interface PartnerInfo {
  partnerId: string;
  name: string;
  tier: string;
  parentId: string | null;
  level: string;
  timeZone: string;
  currency: string;
}

export interface CustomerInfo {
  customerId: string;
  customerName: string;
  partnerId: string | null;
  associationType: string | null;
  accountManager: string | null;
}

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

function figures(
  row: {
    consumption: string | null;
    refund_orders: string | null;
    spec_change_rebates: string | null;
    refunds_total: string | null;
    adjustments: string | null;
    vouchers_used: string | null;
    net: string | null;
  },
  currency: string,
): ConsumptionFigures {
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

/** A partner from the directory, or null if it never registered. */
export async function getPartner(db: ReadModelDb, partnerId: string): Promise<PartnerInfo | null> {
  const row = await db
    .selectFrom('rm_directory.partners')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    partnerId: row.partner_id,
    name: row.name,
    tier: row.tier,
    parentId: row.parent_id,
    level: row.level,
    timeZone: row.time_zone,
    currency: row.currency,
  };
}

/** A customer with its current association, or null if it never was associated. */
export async function getCustomer(db: ReadModelDb, customerId: string): Promise<CustomerInfo | null> {
  const row = await db
    .selectFrom('rm_directory.customers')
    .selectAll()
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    customerId: row.customer_id,
    customerName: row.customer_name,
    partnerId: row.partner_id,
    associationType: row.association_type,
    accountManager: row.account_manager,
  };
}

/**
 * Consumption of a partner in a booking period (SPEC §4), per customer and summed; rows that
 * correct closed periods count in the period they are booked into. Null if the partner is unknown.
 */
export async function partnerConsumption(
  db: ReadModelDb,
  partnerId: string,
  period: string,
): Promise<PartnerConsumption | null> {
  const partner = await getPartner(db, partnerId);
  if (!partner) return null;
  const sum = <C extends string>(column: C) => sql<string>`sum(${sql.ref(`s.${column}`)})`;
  const rows = await db
    .selectFrom('rm_consumption.consumption_summary as s')
    .leftJoin('rm_directory.customers as c', 'c.customer_id', 's.customer_id')
    .select([
      's.customer_id',
      'c.customer_name',
      sum('consumption').as('consumption'),
      sum('refund_orders').as('refund_orders'),
      sum('spec_change_rebates').as('spec_change_rebates'),
      sum('refunds_total').as('refunds_total'),
      sum('adjustments').as('adjustments'),
      sum('vouchers_used').as('vouchers_used'),
      sum('net').as('net'),
    ])
    .where('s.partner_id', '=', partnerId)
    .where('s.period', '=', period)
    .groupBy(['s.customer_id', 'c.customer_name'])
    .orderBy('s.customer_id')
    .execute();
  const { currency } = partner;
  const total = {
    consumption: '0',
    refund_orders: '0',
    spec_change_rebates: '0',
    refunds_total: '0',
    adjustments: '0',
    vouchers_used: '0',
    net: '0',
  };
  const totals = await db
    .selectFrom('rm_consumption.consumption_summary as s')
    .select([
      sum('consumption').as('consumption'),
      sum('refund_orders').as('refund_orders'),
      sum('spec_change_rebates').as('spec_change_rebates'),
      sum('refunds_total').as('refunds_total'),
      sum('adjustments').as('adjustments'),
      sum('vouchers_used').as('vouchers_used'),
      sum('net').as('net'),
    ])
    .where('s.partner_id', '=', partnerId)
    .where('s.period', '=', period)
    .executeTakeFirst();
  return {
    partnerId,
    period,
    currency,
    ...figures(totals ?? total, currency),
    customers: rows.map((r) => ({
      customerId: r.customer_id,
      customerName: r.customer_name,
      ...figures(r, currency),
    })),
  };
}

/** Funds and voucher quota of a partner (zeros where nothing happened); null if unknown. */
export async function partnerBalance(db: ReadModelDb, partnerId: string): Promise<PartnerBalance | null> {
  const partner = await getPartner(db, partnerId);
  if (!partner) return null;
  const [funds, quota] = await Promise.all([
    db.selectFrom('rm_balances.reseller_funds').selectAll().where('partner_id', '=', partnerId).executeTakeFirst(),
    db
      .selectFrom('rm_balances.voucher_quota_balances')
      .selectAll()
      .where('partner_id', '=', partnerId)
      .executeTakeFirst(),
  ]);
  const c = partner.currency;
  return {
    partnerId,
    currency: c,
    funds: {
      allocated: money(funds?.allocated, c),
      reclaimed: money(funds?.reclaimed, c),
      spent: money(funds?.spent, c),
      returned: money(funds?.returned, c),
      available: money(funds?.available, c),
    },
    voucherQuota: {
      granted: money(quota?.granted, c),
      issued: money(quota?.issued, c),
      reclaimed: money(quota?.reclaimed, c),
      returned: money(quota?.returned, c),
      available: money(quota?.available, c),
    },
  };
}

/** A voucher quota and what is left of it, or null if it was never granted. */
export async function getVoucherQuota(db: ReadModelDb, quotaId: string): Promise<VoucherQuotaInfo | null> {
  const q = await db
    .selectFrom('rm_balances.voucher_quotas')
    .selectAll()
    .where('quota_id', '=', quotaId)
    .executeTakeFirst();
  if (!q) return null;
  return {
    quotaId: q.quota_id,
    partnerId: q.partner_id,
    grantorId: q.grantor_id,
    currency: q.currency,
    granted: money(q.granted, q.currency),
    issued: money(q.issued, q.currency),
    reclaimed: money(q.reclaimed, q.currency),
    returned: money(q.returned, q.currency),
    available: money(q.available, q.currency),
    expiresAt: iso(q.expires_at),
  };
}

/** Operation records of a quota, newest first, keyset-paged by log position. */
export async function voucherQuotaOperations(
  db: ReadModelDb,
  quotaId: string,
  filter: VoucherQuotaOperationFilter = {},
): Promise<Page<VoucherQuotaOperation>> {
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const currency =
    (
      await db
        .selectFrom('rm_balances.voucher_quotas')
        .select('currency')
        .where('quota_id', '=', quotaId)
        .executeTakeFirst()
    )?.currency ?? 'XXX';
  let query = db.selectFrom('rm_balances.voucher_quota_operations').selectAll().where('quota_id', '=', quotaId);
  if (filter.from) query = query.where('occurred_at', '>=', new Date(filter.from));
  if (filter.to) query = query.where('occurred_at', '<', new Date(filter.to));
  if (filter.voucherId) query = query.where('voucher_id', '=', filter.voucherId);
  if (filter.customerName) {
    const pattern = `%${filter.customerName.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where('customer_name', 'ilike', pattern);
  }
  if (filter.cursor) query = query.where('position', '<', decodeCursor(filter.cursor));
  const rows = await query
    .orderBy('position', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      time: r.occurred_at.toISOString(),
      quotaId: r.quota_id,
      kind: r.kind as VoucherQuotaOperation['kind'],
      customerId: r.customer_id,
      customerName: r.customer_name,
      voucherId: r.voucher_id,
      amount: money(r.amount, currency),
      quotaLeftAfter: money(r.quota_left_after, currency),
      actor: r.actor,
      position: Number(r.position),
    })),
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.position) : null,
  };
}

/**
 * The subscribed resources of a customer, soonest expiry first. With `expiringBefore`, only active
 * ones whose term ends before that instant.
 */
export async function customerSubscriptions(
  db: ReadModelDb,
  customerId: string,
  options: { expiringBefore?: string } = {},
): Promise<SubscriptionItem[]> {
  let query = db.selectFrom('rm_subscriptions.subscriptions').selectAll().where('customer_id', '=', customerId);
  if (options.expiringBefore) {
    query = query.where('term_end', '<', new Date(options.expiringBefore)).where('status', '=', 'active');
  }
  const rows = await query.orderBy('term_end').orderBy('resource_id').execute();
  if (rows.length === 0) return [];
  const orders = await db
    .selectFrom('rm_subscriptions.subscription_orders')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where(
      'resource_id',
      'in',
      rows.map((r) => r.resource_id),
    )
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    resourceId: r.resource_id,
    customerId: r.customer_id,
    orderId: r.order_id,
    productType: r.product_type,
    spec: r.spec,
    termEnd: r.term_end.toISOString(),
    autoRenew: r.auto_renew,
    status: r.status,
    releasedAt: iso(r.released_at),
    lastRefund: r.last_refund_id === null ? null : { refundId: r.last_refund_id, reason: r.last_refund_reason ?? '' },
    renewalHistory: orders
      .filter((o) => o.resource_id === r.resource_id)
      .map((o) => ({
        orderId: o.order_id,
        renewalOf: o.renewal_of,
        placedAt: o.placed_at.toISOString(),
        termEnd: o.term_end.toISOString(),
      })),
  }));
}

/** The query functions bound to one pool: what the HTTP layer calls. */
export function createReadModels(pool: Pool) {
  const db = readModelDb(pool);
  return {
    db,
    getPartner: (partnerId: string) => getPartner(db, partnerId),
    getCustomer: (customerId: string) => getCustomer(db, customerId),
    partnerConsumption: (partnerId: string, period: string) => partnerConsumption(db, partnerId, period),
    partnerBalance: (partnerId: string) => partnerBalance(db, partnerId),
    getVoucherQuota: (quotaId: string) => getVoucherQuota(db, quotaId),
    voucherQuotaOperations: (quotaId: string, filter?: VoucherQuotaOperationFilter) =>
      voucherQuotaOperations(db, quotaId, filter),
    customerSubscriptions: (customerId: string, options?: { expiringBefore?: string }) =>
      customerSubscriptions(db, customerId, options),
    /** True once every projection has processed `position` (false after `timeoutMs`). */
    waitForPosition: (position: number, timeoutMs: number) => waitForPosition(pool, position, timeoutMs),
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;
