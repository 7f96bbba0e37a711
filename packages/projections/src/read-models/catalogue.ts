import { unitLookup, unitScale } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { CatalogueBook } from '../context/catalogue.js';
import type { KnownEvent } from '../events.js';
import { amount, json, position, text, time } from '../model/columns.js';
import { defineProjection, type EventOf, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import type { Changes } from '../write/changes.js';

export const CATALOGUE_SCHEMA = 'rm_catalogue';

/*
 * A name is free text of up to 1,024 characters (SPEC §1 "Bounds"), up to 4,096 bytes in UTF-8:
 * more than a btree entry takes (2,704 bytes). So the keys are unique indexes over md5 and the
 * filters use hash indexes (context/programmes.ts does the same for programme names).
 */
export const catalogueTables = {
  product_types: table(
    'product_types',
    {
      product_type: text().key(),
      name: text(),
      /** JSON array of the resource types. */
      resource_types: json(),
      registered_at: time(),
      position: position(),
    },
    { keyIndex: ['md5(product_type)'] },
  ),
  usage_types: table(
    'usage_types',
    {
      usage_type: text().key(),
      product_type: text(),
      unit: text(),
      registered_at: time(),
      position: position(),
    },
    { keyIndex: ['md5(usage_type)'], indexes: ['USING hash (product_type)'] },
  ),
  measure_units: table(
    'measure_units',
    {
      unit: text().key(),
      dimension: text(),
      base_unit: text(),
      factor: amount(),
      /** The dimension's root unit, where the chain of bases ends. */
      root_unit: text(),
      /** How many root units one unit is: the product of the factors along the chain (exact, as text). */
      to_root: text(),
      registered_at: time(),
      position: position(),
    },
    { keyIndex: ['md5(unit)'], indexes: ['USING hash (dimension)'] },
  ),
} as const;

/** What the catalogue's folds read: the units registered so far (for each unit's root). */
class CatalogueFacts implements Facts {
  readonly book: CatalogueBook;

  constructor(schema: string) {
    this.book = new CatalogueBook(schema);
  }

  load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    return this.book.load(
      client,
      events.some((e) => e.type === 'MeasureUnitRegistered'),
    );
  }

  evolve(e: KnownEvent): void {
    this.book.apply(e);
  }

  startFromZero(): void {
    this.book.startComplete();
  }

  committed(): void {}

  reset(): void {
    this.book.reset();
  }
}

type CatalogueOut = Changes<Pick<typeof catalogueTables, 'usage_types' | 'measure_units'>>;

/** The rows of a usage type and of a measure unit (the catalogue's, and the private copies of others). */
export const catalogueFolds = {
  usageType(e: EventOf<'UsageTypeRegistered'>, out: CatalogueOut): void {
    out.usage_types.upsert({
      usage_type: e.data.usageType,
      product_type: e.data.productType,
      unit: e.data.unit,
      registered_at: e.occurredAt,
      position: e.globalPosition,
    });
  },
  /** `book` has the unit already (facts evolve before the folds): its root follows the registered bases. */
  measureUnit(e: EventOf<'MeasureUnitRegistered'>, book: CatalogueBook, out: CatalogueOut): void {
    const scale = unitScale(e.data.unit, unitLookup(book.units));
    out.measure_units.upsert({
      unit: e.data.unit,
      dimension: e.data.dimension,
      base_unit: e.data.baseUnit,
      factor: e.data.factor,
      root_unit: scale?.root ?? e.data.unit,
      to_root: scale ? scale.toRoot.toFixed() : '1',
      registered_at: e.occurredAt,
      position: e.globalPosition,
    });
  },
};

/** The product catalogue (SPEC §6 管理产品): product types, usage types, measure units. */
export const catalogueProjection = defineProjection({
  name: 'catalogue',
  schema: CATALOGUE_SCHEMA,
  version: 1,
  tables: catalogueTables,
  facts: (context) => new CatalogueFacts(context.schema),
  on: {
    ProductTypeRegistered: (e, _facts, out) =>
      out.product_types.upsert({
        product_type: e.data.productType,
        name: e.data.name,
        resource_types: JSON.stringify(e.data.resourceTypes),
        registered_at: e.occurredAt,
        position: e.globalPosition,
      }),
    UsageTypeRegistered: (e, _facts, out) => catalogueFolds.usageType(e, out),
    // The command side registered the base first (unit-base-same-dimension): the chain is complete.
    MeasureUnitRegistered: (e, facts, out) => catalogueFolds.measureUnit(e, facts.book, out),
    PartnerRegistered: 'ignore',
    PartnerProgramEnrolled: 'ignore',
    PartnerProgramWithdrawn: 'ignore',
    CustomerAssociated: 'ignore',
    AssociationTypeSwitched: 'ignore',
    CustomerDisassociated: 'ignore',
    DiscountGranted: 'ignore',
    DiscountChanged: 'ignore',
    DiscountRevoked: 'ignore',
    OrderPlaced: 'ignore',
    OrderRefunded: 'ignore',
    SpecChanged: 'ignore',
    OnDemandCharged: 'ignore',
    AutoRenewSet: 'ignore',
    AdjustmentPosted: 'ignore',
    FundsAllocated: 'ignore',
    FundsReclaimed: 'ignore',
    VoucherQuotaGranted: 'ignore',
    VoucherQuotaReclaimed: 'ignore',
    VoucherIssued: 'ignore',
    VoucherRevoked: 'ignore',
    BillingPeriodClosed: 'ignore',
    IncentiveRulesPublished: 'ignore',
    StatementRevisionPublished: 'ignore',
    PartnerProfileChanged: 'ignore',
    MarketplaceTransactionRecorded: 'ignore',
    MarketplaceTransactionBilled: 'ignore',
    MarketplaceSupervisionReleased: 'ignore',
  },
});
