/**
 * The partner centre's money screens (SPEC §6 "Money of resellers"): the ledger of a reseller's
 * funds, the vouchers issued from a partner's quotas and its customers' discounts, with the queries
 * behind them, over the balances read model.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Amount, Instant, Nullable, type Page, pageSize, StringEnum } from './contract.js';
import { decodeCursor, encodeCursor, listDigest } from './cursor.js';
import type { ReadModelDb } from './db.js';
import { InvalidCursorError, money } from './format.js';

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
  /** Inclusive lower bound of the time. */
  from?: Date;
  /** Exclusive upper bound of the time. */
  to?: Date;
  kind?: FundOperationKind;
}

/** The log position a newest-first cursor continues below. */
function positionOf(after: unknown[]): number {
  const [position] = after;
  if (after.length === 1 && Number.isSafeInteger(position) && (position as number) >= 0) return position as number;
  throw new InvalidCursorError('not-issued');
}

/**
 * The ledger of a partner's funds, newest first (keyset on the log position): the rows of the
 * reseller itself and, for a distributor, those of its resellers.
 */
export async function fundOperationsPage(
  db: ReadModelDb,
  partnerId: string,
  filters: FundOperationFilters,
  page: { limit?: number; cursor?: string },
): Promise<Page<FundOperation>> {
  const limit = pageSize(page.limit);
  const digest = listDigest('fund-operations', { partnerId, ...filters });
  let query = db
    .selectFrom('rm_balances.fund_operations')
    .selectAll()
    .where((eb) => eb.or([eb('reseller_id', '=', partnerId), eb('distributor_id', '=', partnerId)]));
  if (filters.from) query = query.where('occurred_at', '>=', filters.from);
  if (filters.to) query = query.where('occurred_at', '<', filters.to);
  if (filters.kind) query = query.where('kind', '=', filters.kind);
  if (page.cursor) query = query.where('position', '<', String(positionOf(decodeCursor(page.cursor, digest))));
  const rows = await query
    .orderBy('position', 'desc')
    .limit(limit + 1)
    .execute();
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
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
    nextCursor: rows.length > limit && last ? encodeCursor([Number(last.position)], digest) : null,
  };
}
