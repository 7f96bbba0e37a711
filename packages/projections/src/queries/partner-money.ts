/**
 * The partner centre's money screens (SPEC §6 "Money of resellers"): the ledger of a reseller's
 * funds, the vouchers issued from a partner's quotas and its customers' discounts, with the queries
 * behind them, over the balances read model.
 */
import { Decimal, type DiscountState, discountAt, REFUND_REASONS, voucherUnusedOf } from '@reckon/domain';
import { type Static, Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { Amount, Instant, Nullable, type Page, type PageRequest, StringEnum } from './contract.js';
import { listDigest, pageById, pageNewestFirst } from './cursor.js';
import type { ReadModelDb } from './db.js';
import { containing, money, timestamptz } from './format.js';

export const FUND_OPERATION_KINDS = ['allocated', 'reclaimed', 'spent', 'returned'] as const;
export type FundOperationKind = (typeof FUND_OPERATION_KINDS)[number];

export const FundOperation = Type.Object({
  time: Instant('business time (occurredAt) of the event that moved the funds'),
  kind: StringEnum(FUND_OPERATION_KINDS, {
    description:
      'allocated (FundsAllocated), reclaimed (FundsReclaimed), spent (cash part of a resale order or upgrade), ' +
      'returned (cash part given back by a refund or rebate)',
  }),
  amount: Amount('what the operation moved (positive)'),
  availableAfter: Amount('the reseller’s available funds after it'),
  sourceType: StringEnum(['allocation', 'reclaim', 'order', 'spec_change', 'refund'], {
    description:
      'what moved the funds: an allocation, a reclaim, an order, a spec change (upgrade or rebate), a refund',
  }),
  sourceId: Type.String({ description: 'its id: allocationId, reclaimId, orderId, changeId or refundId' }),
  distributorId: Nullable(Type.String({ description: 'the distributor of the reseller' })),
  resellerId: Type.String(),
  currency: Type.String(),
});
export type FundOperation = Static<typeof FundOperation>;

export interface FundOperationFilters {
  /** Inclusive lower bound of the time (ISO-8601 with an offset, to the microsecond). */
  from?: string;
  /** Exclusive upper bound of the time (ISO-8601 with an offset, to the microsecond). */
  to?: string;
  kind?: FundOperationKind;
}

/**
 * The ledger of a partner's funds, newest first (keyset on the log position): a distributor's is
 * the rows of its resellers, any other partner's its own (only resellers have funds). Each reads
 * one index in position order, so a page costs its own rows, however long the ledger.
 */
export async function fundOperationsPage(
  db: ReadModelDb,
  partner: { partnerId: string; tier: string },
  filters: FundOperationFilters,
  page: PageRequest,
): Promise<Page<FundOperation>> {
  const { partnerId } = partner;
  const digest = listDigest('fund-operations', { partnerId, ...filters });
  let query = db
    .selectFrom('rm_balances.fund_operations')
    .selectAll()
    .where(partner.tier === 'distributor' ? 'distributor_id' : 'reseller_id', '=', partnerId);
  if (filters.from) query = query.where('occurred_at', '>=', timestamptz(filters.from));
  if (filters.to) query = query.where('occurred_at', '<', timestamptz(filters.to));
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  const { shown, nextCursor } = await pageNewestFirst(query, page, digest);
  return {
    items: shown.map((r) => ({
      time: r.occurred_at.toISOString(),
      kind: r.kind as FundOperationKind,
      amount: money(r.amount, r.currency),
      availableAfter: money(r.available_after, r.currency),
      sourceType: r.source_type as FundOperation['sourceType'],
      sourceId: r.source_id,
      distributorId: r.distributor_id,
      resellerId: r.reseller_id,
      currency: r.currency,
    })),
    nextCursor,
  };
}

export const VOUCHER_STATUSES = ['active', 'used', 'expired', 'revoked'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

export const VoucherItem = Type.Object({
  voucherId: Type.String(),
  quotaId: Type.String({ description: 'the quota it was issued from' }),
  customerId: Type.String(),
  customerName: Type.String({ description: 'the customer’s name as the directory knows it now' }),
  amount: Amount('issued value'),
  used: Amount('Σ voucherAmount of the orders that used it'),
  remaining: Amount('amount − used'),
  expiresAt: Instant('when it expires'),
  status: StringEnum(VOUCHER_STATUSES, {
    description:
      'revoked once revoked; used when nothing remains; expired once expiresAt has passed (judged at the request; ' +
      'its unused value does not return to the quota); else active',
  }),
  currency: Type.String(),
});
export type VoucherItem = Static<typeof VoucherItem>;

export interface VoucherFilters {
  /** Case-insensitive part of the customer name. */
  customerName?: string;
  status?: VoucherStatus;
}

/**
 * The vouchers issued from the quotas a partner holds, by voucher id, with their status judged at
 * `now`. The status is one SQL expression, so that the filter and the answer agree: `used` is
 * `used >= amount`, i.e. nothing remains by the domain's `voucherUnusedOf` (amount − used).
 */
export async function vouchersPage(
  db: ReadModelDb,
  partnerId: string,
  filters: VoucherFilters,
  page: PageRequest,
  now: Date = new Date(),
): Promise<Page<VoucherItem>> {
  const digest = listDigest('partner-vouchers', { partnerId, ...filters });
  const status = sql<VoucherStatus>`CASE WHEN v.revoked_at IS NOT NULL THEN 'revoked'
    WHEN v.used >= v.amount THEN 'used' WHEN v.expires_at <= ${now} THEN 'expired' ELSE 'active' END`;
  let query = db
    .selectFrom('rm_balances.vouchers as v')
    .innerJoin('rm_balances.voucher_quotas as q', 'q.quota_id', 'v.quota_id')
    .innerJoin('rm_directory.customers as c', 'c.customer_id', 'v.customer_id')
    .select([
      'v.voucher_id',
      'v.quota_id',
      'v.customer_id',
      'c.customer_name',
      'v.amount',
      'v.used',
      'v.expires_at',
      'q.currency',
      status.as('status'),
    ])
    .where('q.partner_id', '=', partnerId);
  if (filters.customerName)
    query = query.where(sql<boolean>`c.customer_name ILIKE ${containing(filters.customerName)}`);
  if (filters.status) query = query.where(status, '=', filters.status);
  const { shown, nextCursor } = await pageById(query, 'v.voucher_id', (row) => row.voucher_id, page, digest);
  return {
    items: shown.map((r) => ({
      voucherId: r.voucher_id,
      quotaId: r.quota_id,
      customerId: r.customer_id,
      customerName: r.customer_name,
      amount: money(r.amount, r.currency),
      used: money(r.used, r.currency),
      remaining: money(voucherUnusedOf(new Decimal(r.amount), new Decimal(r.used)).toFixed(), r.currency),
      expiresAt: r.expires_at.toISOString(),
      status: r.status,
      currency: r.currency,
    })),
    nextCursor,
  };
}

export const DiscountItem = Type.Object({
  discountId: Type.String(),
  customerId: Type.String(),
  customerName: Type.String(),
  rate: Nullable(
    Type.String({
      description:
        'the rate in force now (fraction off, as granted or changed); null before validFrom, after validTo, or from revokedFrom',
    }),
  ),
  productTypes: Type.Array(Type.String(), { description: 'the product types it covers; empty = all' }),
  validFrom: Instant('from when it is valid'),
  validTo: Nullable(Instant('until when it is valid (inclusive), null if open-ended')),
  revokedFrom: Nullable(Instant('from when it is revoked, null if not revoked')),
  changes: Type.Array(Type.Object({ rate: Type.String(), effectiveFrom: Instant('from when the rate applies') }), {
    description: 'the granted rate (effective from validFrom), then each DiscountChanged, in log order',
  }),
});
export type DiscountItem = Static<typeof DiscountItem>;

/**
 * The discounts of the customers associated with a partner now, by discount id; `rate` is the one
 * in force at `now` by the domain's `discountAt`.
 */
export async function discountsPage(
  db: ReadModelDb,
  partnerId: string,
  page: PageRequest,
  now: Date = new Date(),
): Promise<Page<DiscountItem>> {
  const digest = listDigest('partner-discounts', { partnerId });
  const query = db
    .selectFrom('rm_balances.discounts as d')
    .innerJoin('rm_directory.customers as c', 'c.customer_id', 'd.customer_id')
    .selectAll('d')
    .select('c.customer_name')
    .where('c.partner_id', '=', partnerId)
    .where('c.association_type', 'is not', null);
  const { shown, nextCursor } = await pageById(query, 'd.discount_id', (row) => row.discount_id, page, digest);
  const rates =
    shown.length === 0
      ? []
      : await db
          .selectFrom('rm_balances.discount_rates')
          .selectAll()
          .where(
            'discount_id',
            'in',
            shown.map((d) => d.discount_id),
          )
          .orderBy('position')
          .execute();
  const iso = (d: Date | null) => (d === null ? null : d.toISOString());
  return {
    items: shown.map((d) => {
      const changes = rates
        .filter((r) => r.discount_id === d.discount_id)
        .map((r) => ({ rate: r.rate, effectiveFrom: r.effective_from.toISOString() }));
      const state: DiscountState = {
        kind: 'discount',
        discountId: d.discount_id,
        customerId: d.customer_id,
        productTypes: d.product_types as string[],
        validFrom: d.valid_from.toISOString(),
        validTo: iso(d.valid_to),
        rates: changes,
        revokedFrom: iso(d.revoked_from),
      };
      const inForce = discountAt(state, now.toISOString());
      return {
        discountId: d.discount_id,
        customerId: d.customer_id,
        customerName: d.customer_name,
        rate: inForce.inEffect ? inForce.rate : null,
        productTypes: state.productTypes,
        validFrom: state.validFrom,
        validTo: state.validTo,
        revokedFrom: state.revokedFrom,
        changes,
      };
    }),
    nextCursor,
  };
}

export const RefundSource = Type.Object({
  sourceType: StringEnum(['OrderRefunded', 'SpecChanged'], {
    description: 'the event the refund or rebate came from: a refund, or a spec change with a negative amount',
  }),
  sourceId: Type.String({ description: 'its id: refundId or changeId' }),
  orderId: Type.String(),
  customerId: Type.String(),
  resourceIds: Type.Array(Type.String(), {
    description: 'the resources it names: the refund’s resourceIds, the spec change’s resourceId',
  }),
  reason: Nullable(
    StringEnum(REFUND_REASONS, { description: 'the refund’s reason; null for a spec change, which names none' }),
  ),
  amount: Amount('what was refunded (positive)'),
  cashPart: Amount('the part out of the order’s remaining cash (cash first)'),
  voucherPart: Amount('the rest, out of the order’s remaining voucher part'),
  period: Type.String({ description: 'booking period YYYY-MM (as consumption books it)' }),
  time: Instant('business time (occurredAt) of the event'),
  currency: Type.String(),
  correctsPeriod: Nullable(
    Type.String({
      description:
        'the closed period YYYY-MM the event belongs to by its time, when it was booked into the first open one (period); null when not late',
    }),
  ),
});
export type RefundSource = Static<typeof RefundSource>;

export interface RefundSourceFilters {
  period?: string;
  orderId?: string;
}

/**
 * Where a partner's refunds and rebates came from, newest first (keyset on the log position): the
 * refunds and negative spec changes of orders of customers associated with the partner at their
 * time, each split cash first.
 */
export async function refundSourcesPage(
  db: ReadModelDb,
  partnerId: string,
  filters: RefundSourceFilters,
  page: PageRequest,
): Promise<Page<RefundSource>> {
  const digest = listDigest('refund-sources', { partnerId, ...filters });
  let query = db.selectFrom('rm_balances.refund_sources').selectAll().where('partner_id', '=', partnerId);
  if (filters.period) query = query.where('period', '=', filters.period);
  if (filters.orderId) query = query.where('order_id', '=', filters.orderId);
  const { shown, nextCursor } = await pageNewestFirst(query, page, digest);
  return {
    items: shown.map((r) => ({
      sourceType: r.source_type as RefundSource['sourceType'],
      sourceId: r.source_id,
      orderId: r.order_id,
      customerId: r.customer_id,
      resourceIds: r.resource_ids as string[],
      reason: r.reason as RefundSource['reason'],
      amount: money(r.amount, r.currency),
      cashPart: money(r.cash_part, r.currency),
      voucherPart: money(r.voucher_part, r.currency),
      period: r.period,
      time: r.occurred_at.toISOString(),
      currency: r.currency,
      correctsPeriod: r.corrects_period,
    })),
    nextCursor,
  };
}
