/**
 * The partner centre's "who and what" and customer lists (SPEC §6): answer schemas and the queries
 * behind them, over the directory read model.
 */
import { ASSOCIATION_TYPES, PARTNER_TIERS } from '@reckon/domain';
import { type Static, Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import {
  Actor,
  Amount,
  Instant,
  Nullable,
  type Page,
  type PageRequest,
  PartnerBalance,
  StringEnum,
  SubscriptionItem,
} from './contract.js';
import { listDigest, pageById, pageNewestFirst } from './cursor.js';
import type { ReadModelDb } from './db.js';
import { actorFromText, containing, money, timestamptz } from './format.js';
import { partnerBalance } from './read-models.js';

export const PartnerItem = Type.Object({
  partnerId: Type.String(),
  name: Type.String(),
  tier: StringEnum(PARTNER_TIERS),
  parentId: Nullable(Type.String({ description: 'the distributor of a reseller' })),
  level: Nullable(Type.String({ description: 'the level rules match on, null when none was given' })),
  timeZone: Type.String({ description: 'IANA zone, used for ?tz=partner' }),
  language: Nullable(Type.String({ description: 'BCP 47 language of the partner centre, null when not chosen' })),
  currency: Type.String(),
  programs: Type.Array(Type.String(), { description: 'programmes the partner is enrolled in now' }),
});
export type PartnerItem = Static<typeof PartnerItem>;

export const Me = Type.Object({
  role: StringEnum(['admin', 'finance', 'partner']),
  partnerId: Type.Optional(Type.String()),
  partnerName: Type.Optional(Type.String()),
  tier: Type.Optional(StringEnum(PARTNER_TIERS)),
  timeZone: Type.Optional(Type.String()),
  language: Type.Optional(Type.String()),
  resellers: Type.Optional(Type.Array(Type.String(), { description: 'a distributor’s resellers' })),
});
export type Me = Static<typeof Me>;

export const CustomerItem = Type.Object({
  customerId: Type.String(),
  customerName: Type.String(),
  accountName: Nullable(Type.String({ description: 'the customer’s cloud account name (客户账号名)' })),
  associationType: StringEnum(ASSOCIATION_TYPES),
  accountManager: Nullable(Type.String()),
  associatedAt: Instant('since when the customer is associated with the partner'),
});
export type CustomerItem = Static<typeof CustomerItem>;

export interface PartnerFilters {
  tier?: string;
  parentId?: string;
  name?: string;
}

/**
 * The directory, by partner id. `visible` limits it to the partners a key may read (undefined:
 * every partner).
 */
export async function partnersPage(
  db: ReadModelDb,
  visible: readonly string[] | undefined,
  filters: PartnerFilters,
  page: PageRequest,
): Promise<Page<PartnerItem>> {
  const digest = listDigest('partners', { visible, ...filters });
  let query = db.selectFrom('rm_directory.partners').selectAll();
  if (visible) query = query.where('partner_id', 'in', visible.length > 0 ? visible : ['']);
  if (filters.tier) query = query.where('tier', '=', filters.tier);
  if (filters.parentId) query = query.where('parent_id', '=', filters.parentId);
  if (filters.name) query = query.where(sql<boolean>`name ILIKE ${containing(filters.name)}`);
  const { shown, nextCursor } = await pageById(query, 'partner_id', (row) => row.partner_id, page, digest);
  const programs = await currentPrograms(
    db,
    shown.map((row) => row.partner_id),
  );
  return {
    items: shown.map((row) => ({
      partnerId: row.partner_id,
      name: row.name,
      tier: row.tier as PartnerItem['tier'],
      parentId: row.parent_id,
      level: row.level,
      timeZone: row.time_zone,
      language: row.language,
      currency: row.currency,
      programs: programs.get(row.partner_id) ?? [],
    })),
    nextCursor,
  };
}

/** The programmes each partner is enrolled in now. */
async function currentPrograms(db: ReadModelDb, partnerIds: string[]): Promise<Map<string, string[]>> {
  const programs = new Map<string, string[]>();
  if (partnerIds.length === 0) return programs;
  const rows = await db
    .selectFrom('rm_directory.partner_programs')
    .select(['partner_id', 'program'])
    .where('partner_id', 'in', partnerIds)
    .where('withdrawn_at', 'is', null)
    .orderBy('program')
    .execute();
  for (const row of rows) {
    const list = programs.get(row.partner_id) ?? [];
    if (!list.includes(row.program)) list.push(row.program);
    programs.set(row.partner_id, list);
  }
  return programs;
}

/** The resellers registered under a distributor, by id. */
export async function resellerIds(db: ReadModelDb, distributorId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('rm_directory.partners')
    .select('partner_id')
    .where('parent_id', '=', distributorId)
    .orderBy(sql`partner_id COLLATE "C"`)
    .execute();
  return rows.map((row) => row.partner_id);
}

export interface CustomerFilters {
  associationType?: string;
  customerName?: string;
  accountName?: string;
}

/** The customers associated with a partner now, by customer id. */
export async function customersPage(
  db: ReadModelDb,
  partnerId: string,
  filters: CustomerFilters,
  page: PageRequest,
): Promise<Page<CustomerItem>> {
  const digest = listDigest('partner-customers', { partnerId, ...filters });
  let query = db
    .selectFrom('rm_directory.customers')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .where('association_type', 'is not', null);
  if (filters.associationType) query = query.where('association_type', '=', filters.associationType);
  if (filters.customerName) query = query.where(sql<boolean>`customer_name ILIKE ${containing(filters.customerName)}`);
  if (filters.accountName) query = query.where(sql<boolean>`account_name ILIKE ${containing(filters.accountName)}`);
  const { shown, nextCursor } = await pageById(query, 'customer_id', (row) => row.customer_id, page, digest);
  return {
    items: shown.map((row) => ({
      customerId: row.customer_id,
      customerName: row.customer_name,
      accountName: row.account_name,
      associationType: row.association_type as CustomerItem['associationType'],
      accountManager: row.account_manager,
      associatedAt: (row.associated_since ?? new Date(0)).toISOString(),
    })),
    nextCursor,
  };
}

export const ASSOCIATION_RECORD_KINDS = ['associated', 'switched', 'disassociated'] as const;

export const AssociationRecord = Type.Object({
  time: Instant('when the association event happened'),
  kind: StringEnum([...ASSOCIATION_RECORD_KINDS]),
  customerId: Type.String(),
  customerName: Type.String(),
  associationType: StringEnum(ASSOCIATION_TYPES, {
    description: 'the new one for a switch, the ended one for a disassociation',
  }),
  actor: Nullable(Actor, 'who recorded it (the event’s metadata.actor, as the audit view gives it); null when none'),
});
export type AssociationRecord = Static<typeof AssociationRecord>;

export interface AssociationRecordFilters {
  /** Inclusive lower bound of the time (ISO-8601 with an offset, to the microsecond). */
  from?: string;
  /** Exclusive upper bound of the time (ISO-8601 with an offset, to the microsecond). */
  to?: string;
  customerName?: string;
}

/** The association events that name a partner, newest first (keyset on the log position). */
export async function associationRecordsPage(
  db: ReadModelDb,
  partnerId: string,
  filters: AssociationRecordFilters,
  page: PageRequest,
): Promise<Page<AssociationRecord>> {
  const digest = listDigest('association-records', { partnerId, ...filters });
  let query = db.selectFrom('rm_directory.association_records').selectAll().where('partner_id', '=', partnerId);
  if (filters.from) query = query.where('time', '>=', timestamptz(filters.from));
  if (filters.to) query = query.where('time', '<', timestamptz(filters.to));
  if (filters.customerName) query = query.where(sql<boolean>`customer_name ILIKE ${containing(filters.customerName)}`);
  const { shown, nextCursor } = await pageNewestFirst(query, page, digest);
  return {
    items: shown.map((r) => ({
      time: r.time.toISOString(),
      kind: r.kind as AssociationRecord['kind'],
      customerId: r.customer_id,
      customerName: r.customer_name,
      associationType: r.association_type as AssociationRecord['associationType'],
      actor: actorFromText(r.actor),
    })),
    nextCursor,
  };
}

export const ResellerItem = Type.Object({
  partnerId: Type.String(),
  name: Type.String(),
  ...Type.Omit(PartnerBalance, ['partnerId']).properties,
});
export type ResellerItem = Static<typeof ResellerItem>;

/** A distributor's resellers with their funds and voucher quota (SPEC §4 figures), by partner id. */
export async function resellersPage(
  db: ReadModelDb,
  distributorId: string,
  page: PageRequest,
): Promise<Page<ResellerItem>> {
  const digest = listDigest('resellers', { distributorId });
  const query = db
    .selectFrom('rm_directory.partners')
    .select(['partner_id', 'name'])
    .where('parent_id', '=', distributorId);
  const { shown, nextCursor } = await pageById(query, 'partner_id', (row) => row.partner_id, page, digest);
  const items: ResellerItem[] = [];
  for (const row of shown) {
    const balance = await partnerBalance(db, row.partner_id);
    if (balance)
      items.push({
        partnerId: row.partner_id,
        name: row.name,
        currency: balance.currency,
        funds: balance.funds,
        voucherQuota: balance.voucherQuota,
      });
  }
  return { items, nextCursor };
}

export const HeldVoucherQuota = Type.Object({
  quotaId: Type.String(),
  grantorId: Type.String({ description: 'who granted it (a distributor, or the cloud)' }),
  currency: Type.String(),
  granted: Amount('granted'),
  issued: Amount('issued as vouchers'),
  reclaimed: Amount('taken back by the grantor'),
  returned: Amount('returned by revoked vouchers'),
  available: Amount('granted − issued − reclaimed + returned'),
  expiresAt: Nullable(Instant('when the quota expires, null if never')),
  grantedAt: Instant('when it was granted'),
});
export type HeldVoucherQuota = Static<typeof HeldVoucherQuota>;

/** The voucher quotas a partner holds, by quota id. */
export async function heldVoucherQuotasPage(
  db: ReadModelDb,
  partnerId: string,
  page: PageRequest,
): Promise<Page<HeldVoucherQuota>> {
  const digest = listDigest('held-voucher-quotas', { partnerId });
  const query = db.selectFrom('rm_balances.voucher_quotas').selectAll().where('partner_id', '=', partnerId);
  const { shown, nextCursor } = await pageById(query, 'quota_id', (row) => row.quota_id, page, digest);
  return {
    items: shown.map((q) => ({
      quotaId: q.quota_id,
      grantorId: q.grantor_id,
      currency: q.currency,
      granted: money(q.granted, q.currency),
      issued: money(q.issued, q.currency),
      reclaimed: money(q.reclaimed, q.currency),
      returned: money(q.returned, q.currency),
      available: money(q.available, q.currency),
      expiresAt: q.expires_at === null ? null : q.expires_at.toISOString(),
      grantedAt: q.granted_at.toISOString(),
    })),
    nextCursor,
  };
}

export const PartnerSubscriptionItem = Type.Object({
  ...SubscriptionItem.properties,
  customerName: Type.String(),
});
export type PartnerSubscriptionItem = Static<typeof PartnerSubscriptionItem>;
