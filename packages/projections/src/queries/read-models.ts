import type { Pool } from 'pg';
import { waitForPosition } from '../wait.js';
import { consumptionOfPartner, subscriptionsPage } from './api-views.js';
import { type Page, type PartnerBalance, pageSize, type VoucherQuotaOperation } from './contract.js';
import { decodeCursor, keysetPage, listDigest, positionOf } from './cursor.js';
import { type ReadModelDb, readModelDb } from './db.js';
import { actorFromText, containing, money, timestamptz } from './format.js';

export interface VoucherQuotaOperationFilter {
  /** Inclusive lower bound of the operation time (ISO-8601 with an offset, to the microsecond). */
  from?: string;
  /** Exclusive upper bound of the operation time (ISO-8601 with an offset, to the microsecond). */
  to?: string;
  /** Case-insensitive part of the customer name. */
  customerName?: string;
  voucherId?: string;
  /** Page size, 1..1000 (default 100). */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
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

export interface PartnerInfo {
  partnerId: string;
  name: string;
  tier: string;
  parentId: string | null;
  /** Null when `PartnerRegistered` gave none. */
  level: string | null;
  timeZone: string;
  /** BCP 47, null until `PartnerProfileChanged` gives one. */
  language: string | null;
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
    language: row.language,
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
  const limit = pageSize(filter.limit);
  const currency =
    (
      await db
        .selectFrom('rm_balances.voucher_quotas')
        .select('currency')
        .where('quota_id', '=', quotaId)
        .executeTakeFirst()
    )?.currency ?? 'XXX';
  let query = db.selectFrom('rm_balances.voucher_quota_operations').selectAll().where('quota_id', '=', quotaId);
  if (filter.from) query = query.where('occurred_at', '>=', timestamptz(filter.from));
  if (filter.to) query = query.where('occurred_at', '<', timestamptz(filter.to));
  if (filter.voucherId) query = query.where('voucher_id', '=', filter.voucherId);
  if (filter.customerName) {
    const pattern = containing(filter.customerName);
    query = query.where('customer_name', 'ilike', pattern);
  }
  const digest = listDigest('voucher-quota-operations', {
    quotaId,
    from: filter.from,
    to: filter.to,
    customerName: filter.customerName,
    voucherId: filter.voucherId,
  });
  if (filter.cursor) query = query.where('position', '<', String(positionOf(decodeCursor(filter.cursor, digest))));
  const rows = await query
    .orderBy('position', 'desc')
    .limit(limit + 1)
    .execute();
  const { shown: page, nextCursor } = keysetPage(rows, limit, digest, (last) => [Number(last.position)]);
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
      actor: actorFromText(r.actor),
      position: Number(r.position),
      currency,
    })),
    nextCursor,
  };
}

/**
 * The query functions bound to one pool, for tests (the test harness's `rm`). Consumption and
 * subscriptions go through the same views as the HTTP routes (./api-views).
 */
export function createReadModels(pool: Pool) {
  const db = readModelDb(pool);
  return {
    db,
    getPartner: (partnerId: string) => getPartner(db, partnerId),
    getCustomer: (customerId: string) => getCustomer(db, customerId),
    /** Null if the partner never registered. */
    partnerConsumption: async (partnerId: string, period: string) => {
      const partner = await getPartner(db, partnerId);
      return partner ? consumptionOfPartner(db, partner, period) : null;
    },
    partnerBalance: (partnerId: string) => partnerBalance(db, partnerId),
    getVoucherQuota: (quotaId: string) => getVoucherQuota(db, quotaId),
    voucherQuotaOperations: (quotaId: string, filter?: VoucherQuotaOperationFilter) =>
      voucherQuotaOperations(db, quotaId, filter),
    /** The first page (up to 1000) of a customer's subscriptions. */
    customerSubscriptions: async (customerId: string, options: { expiringBefore?: string } = {}) =>
      (
        await subscriptionsPage(db, customerId, {
          limit: 1000,
          ...(options.expiringBefore ? { expiringBefore: options.expiringBefore } : {}),
        })
      ).items,
    /** True once every projection has processed `position` (false after `timeoutMs`). */
    waitForPosition: (position: number, timeoutMs: number) => waitForPosition(pool, position, timeoutMs),
  };
}

export type ReadModels = ReturnType<typeof createReadModels>;
