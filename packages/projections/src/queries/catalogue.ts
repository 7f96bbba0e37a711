/**
 * The product catalogue (SPEC §6 管理产品): answer schemas and the queries behind them, over the
 * catalogue read model. Every list is by name (byte order), keyset-paged.
 */

import { Decimal, formatAmount } from '@reckon/domain';
import { type Static, Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import { Amount, Instant, type Page, type PageRequest, pageSize } from './contract.js';
import { decodeCursor, keysetPage, listDigest, pageById } from './cursor.js';
import type { ReadModelDb } from './db.js';
import { InvalidCursorError, money } from './format.js';

export const ProductTypeItem = Type.Object({
  productType: Type.String(),
  name: Type.String(),
  resourceTypes: Type.Array(Type.String(), { description: 'the resource types the product provisions' }),
  registeredAt: Instant('when it was registered'),
});
export type ProductTypeItem = Static<typeof ProductTypeItem>;

export const UsageTypeItem = Type.Object({
  usageType: Type.String(),
  productType: Type.String(),
  unit: Type.String({ description: 'the unit its usage is counted in (on-demand quantities are shown in it)' }),
  dimension: Type.String({ description: 'what the unit measures' }),
  registeredAt: Instant('when it was registered'),
});
export type UsageTypeItem = Static<typeof UsageTypeItem>;

export const MeasureUnitItem = Type.Object({
  unit: Type.String(),
  dimension: Type.String(),
  baseUnit: Type.String({ description: 'one unit = factor × baseUnit; the root unit is its own base' }),
  factor: Amount('how many base units one unit is'),
  rootUnit: Type.String({ description: 'the root unit of the dimension, where the chain of bases ends' }),
  toRoot: Amount('how many root units one unit is (exact; may have more than 8 fraction digits)'),
  registeredAt: Instant('when it was registered'),
});
export type MeasureUnitItem = Static<typeof MeasureUnitItem>;

export async function productTypesPage(db: ReadModelDb, page: PageRequest): Promise<Page<ProductTypeItem>> {
  const digest = listDigest('catalogue-product-types', {});
  const query = db.selectFrom('rm_catalogue.product_types').selectAll();
  const { shown, nextCursor } = await pageById(query, 'product_type', (row) => row.product_type, page, digest);
  return {
    items: shown.map((row) => ({
      productType: row.product_type,
      name: row.name,
      resourceTypes: row.resource_types as string[],
      registeredAt: row.registered_at.toISOString(),
    })),
    nextCursor,
  };
}

export async function usageTypesPage(
  db: ReadModelDb,
  filters: { productType?: string },
  page: PageRequest,
): Promise<Page<UsageTypeItem>> {
  const digest = listDigest('catalogue-usage-types', filters);
  let query = db
    .selectFrom('rm_catalogue.usage_types as u')
    .leftJoin('rm_catalogue.measure_units as m', 'm.unit', 'u.unit')
    .select(['u.usage_type', 'u.product_type', 'u.unit', 'u.registered_at', 'm.dimension']);
  if (filters.productType !== undefined) query = query.where('u.product_type', '=', filters.productType);
  const { shown, nextCursor } = await pageById(query, 'u.usage_type', (row) => row.usage_type, page, digest);
  return {
    items: shown.map((row) => ({
      usageType: row.usage_type,
      productType: row.product_type,
      unit: row.unit,
      // A usage type names a registered unit (referenced-id-exists): the join always finds it.
      dimension: row.dimension ?? '',
      registeredAt: row.registered_at.toISOString(),
    })),
    nextCursor,
  };
}

export async function measureUnitsPage(
  db: ReadModelDb,
  filters: { dimension?: string },
  page: PageRequest,
): Promise<Page<MeasureUnitItem>> {
  const digest = listDigest('catalogue-units', filters);
  let query = db.selectFrom('rm_catalogue.measure_units').selectAll();
  if (filters.dimension !== undefined) query = query.where('dimension', '=', filters.dimension);
  const { shown, nextCursor } = await pageById(query, 'unit', (row) => row.unit, page, digest);
  return {
    items: shown.map((row) => ({
      unit: row.unit,
      dimension: row.dimension,
      baseUnit: row.base_unit,
      factor: formatAmount(new Decimal(row.factor)),
      rootUnit: row.root_unit,
      toRoot: row.to_root,
      registeredAt: row.registered_at.toISOString(),
    })),
    nextCursor,
  };
}

export const OnDemandItem = Type.Object({
  period: Type.String({ description: 'the booking period (YYYY-MM)' }),
  resourceId: Type.String(),
  customerId: Type.String(),
  productType: Type.String(),
  usageType: Type.String(),
  unit: Type.String({
    description: "the usage type's catalogue unit when the catalogue defines one, else the charges' own",
  }),
  quantity: Amount('the usage in unit, summed and converted exactly (may have more than 8 fraction digits)'),
  amount: Amount('what the charges cost'),
  currency: Type.String(),
  charges: Type.Integer({ description: 'how many OnDemandCharged events are summed here' }),
});
export type OnDemandItem = Static<typeof OnDemandItem>;

export interface OnDemandFilters {
  period?: string;
  productType?: string;
  usageType?: string;
  resourceId?: string;
}

/**
 * A partner's on-demand usage per resource × usage type × booking period, by period, resource,
 * usage type, unit and customer (byte order).
 */
export async function onDemandPage(
  db: ReadModelDb,
  partnerId: string,
  filters: OnDemandFilters,
  page: PageRequest,
): Promise<Page<OnDemandItem>> {
  const limit = pageSize(page.limit);
  const digest = listDigest('partner-on-demand', { partnerId, ...filters });
  let query = db.selectFrom('rm_on_demand.on_demand_usage').selectAll().where('partner_id', '=', partnerId);
  if (filters.period !== undefined) query = query.where('period', '=', filters.period);
  if (filters.productType !== undefined) query = query.where('product_type', '=', filters.productType);
  if (filters.usageType !== undefined) query = query.where('usage_type', '=', filters.usageType);
  if (filters.resourceId !== undefined) query = query.where('resource_id', '=', filters.resourceId);
  if (page.cursor) {
    const key = decodeCursor(page.cursor, digest).map(String);
    if (key.length !== 5) throw new InvalidCursorError('not-issued');
    const [period, resourceId, usageType, unit, customerId] = key;
    query = query.where(
      sql<boolean>`(period COLLATE "C", resource_id COLLATE "C", usage_type COLLATE "C", unit COLLATE "C", customer_id COLLATE "C")
        > (${period}, ${resourceId}, ${usageType}, ${unit}, ${customerId})`,
    );
  }
  const rows = await query
    .orderBy(
      sql`period COLLATE "C", resource_id COLLATE "C", usage_type COLLATE "C", unit COLLATE "C", customer_id COLLATE "C"`,
    )
    .limit(limit + 1)
    .execute();
  const { shown, nextCursor } = keysetPage(rows, limit, digest, (last) => [
    last.period,
    last.resource_id,
    last.usage_type,
    last.unit,
    last.customer_id,
  ]);
  return {
    items: shown.map((row) => ({
      period: row.period,
      resourceId: row.resource_id,
      customerId: row.customer_id,
      productType: row.product_type,
      usageType: row.usage_type,
      unit: row.unit,
      quantity: formatAmount(new Decimal(row.quantity)),
      amount: money(row.amount, row.currency),
      currency: row.currency,
      charges: row.charges,
    })),
    nextCursor,
  };
}
