/** The marketplace screens (SPEC §6, 云商店 商品分账 > 交易明细查询): answer schemas and queries. */
import { Decimal, formatAmount } from '@reckon/domain';
import { type Static, Type } from '@sinclair/typebox';
import { BILLING_STATUSES, SUPERVISION_STATUSES } from '../read-models/marketplace.js';
import { Amount, Instant, Nullable, type Page, type PageRequest, StringEnum } from './contract.js';
import { listDigest, pageNewestFirst } from './cursor.js';
import type { ReadModelDb } from './db.js';
import { money, timestamptz } from './format.js';

export const MarketplaceTransaction = Type.Object({
  transactionId: Type.String(),
  orderId: Type.String(),
  period: Type.String({ description: 'booking period YYYY-MM (账期)' }),
  correctsPeriod: Nullable(Type.String({ description: 'the closed period it happened in, if booked late' })),
  occurredAt: Instant('the transaction date (交易发生日)'),
  productName: Type.String(),
  customerName: Nullable(Type.String()),
  kind: StringEnum(['purchase', 'renewal', 'refund']),
  amount: Amount('negative for a refund'),
  commissionRate: Amount('the commission rate'),
  commission: Amount('round_half_up(amount × commissionRate, 2)'),
  partnerShare: Amount('amount − commission'),
  currency: Type.String(),
  billingStatus: StringEnum(BILLING_STATUSES, { description: '出账状态' }),
  supervisionStatus: StringEnum(SUPERVISION_STATUSES, {
    description: '服务监管状态: supervised, released, or none (never supervised)',
  }),
});
export type MarketplaceTransaction = Static<typeof MarketplaceTransaction>;

export const MarketplaceSummary = Type.Object({
  period: Type.String({ description: 'booking period YYYY-MM' }),
  currency: Type.String(),
  amount: Amount('Σ amount'),
  commission: Amount('Σ commission'),
  partnerShare: Amount('Σ partnerShare'),
  billed: Amount('Σ partnerShare of billed transactions'),
  unbilled: Amount('Σ partnerShare of unbilled transactions'),
  supervised: Amount('Σ partnerShare of transactions still under supervision'),
});
export type MarketplaceSummary = Static<typeof MarketplaceSummary>;

export interface MarketplaceFilters {
  period?: string;
  orderId?: string;
  /** Inclusive lower bound of occurredAt (ISO-8601 with an offset, to the microsecond). */
  from?: string;
  /** Exclusive upper bound of occurredAt (ISO-8601 with an offset, to the microsecond). */
  to?: string;
  billingStatus?: string;
  supervisionStatus?: string;
}

/** A seller's transactions, newest first (by log position), one page at a time. */
export async function marketplaceTransactionsPage(
  db: ReadModelDb,
  partnerId: string,
  filters: MarketplaceFilters,
  page: PageRequest,
): Promise<Page<MarketplaceTransaction>> {
  const digest = listDigest('marketplace-transactions', { partnerId, ...filters });
  let query = db.selectFrom('rm_marketplace.marketplace_transactions').selectAll().where('partner_id', '=', partnerId);
  if (filters.period) query = query.where('period', '=', filters.period);
  if (filters.orderId) query = query.where('order_id', '=', filters.orderId);
  if (filters.from) query = query.where('occurred_at', '>=', timestamptz(filters.from));
  if (filters.to) query = query.where('occurred_at', '<', timestamptz(filters.to));
  if (filters.billingStatus) query = query.where('billing_status', '=', filters.billingStatus);
  if (filters.supervisionStatus) query = query.where('supervision_status', '=', filters.supervisionStatus);
  const { shown, nextCursor } = await pageNewestFirst(query, page, digest);
  return {
    items: shown.map((r) => ({
      transactionId: r.transaction_id,
      orderId: r.order_id,
      period: r.period,
      correctsPeriod: r.corrects_period,
      occurredAt: r.occurred_at.toISOString(),
      productName: r.product_name,
      customerName: r.customer_name,
      kind: r.kind as MarketplaceTransaction['kind'],
      amount: money(r.amount, r.currency),
      commissionRate: formatAmount(new Decimal(r.commission_rate)),
      commission: money(r.commission, r.currency),
      partnerShare: money(r.partner_share, r.currency),
      currency: r.currency,
      billingStatus: r.billing_status as MarketplaceTransaction['billingStatus'],
      supervisionStatus: r.supervision_status as MarketplaceTransaction['supervisionStatus'],
    })),
    nextCursor,
  };
}

/** A seller's sums of a booking period (zeros when it had no transaction then). */
export async function marketplaceSummary(
  db: ReadModelDb,
  partnerId: string,
  period: string,
  currency: string,
): Promise<MarketplaceSummary> {
  const row = await db
    .selectFrom('rm_marketplace.marketplace_summary')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('period', '=', period)
    .executeTakeFirst();
  return {
    period,
    currency,
    amount: money(row?.amount, currency),
    commission: money(row?.commission, currency),
    partnerShare: money(row?.partner_share, currency),
    billed: money(row?.billed, currency),
    unbilled: money(row?.unbilled, currency),
    supervised: money(row?.supervised, currency),
  };
}
