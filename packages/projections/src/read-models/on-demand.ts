import { ConversionError, convertQuantity, Decimal, unitLookup } from '@reckon/domain';
import type { PoolClient } from 'pg';
import {
  AssociationBook,
  type AssociationHistories,
  customerAssociations,
  segmentRow,
} from '../context/associations.js';
import { CatalogueBook, needsCatalogue } from '../context/catalogue.js';
import { ClosedPeriods, closedPeriods } from '../context/closed-periods.js';
import type { KnownEvent } from '../events.js';
import { amount, integer, position, quantity, text } from '../model/columns.js';
import { defineProjection, type EventOf, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import { millis, PeriodLocator } from '../time.js';
import type { Changes } from '../write/changes.js';
import { catalogueFolds, catalogueTables } from './catalogue.js';

export const ON_DEMAND_SCHEMA = 'rm_on_demand';

export const onDemandTables = {
  /**
   * On-demand usage per partner × resource × usage type × booking period (× unit): the charges of
   * customers associated with the partner at their occurredAt. A usage type and a unit are free text
   * of up to 1,024 characters: the key is a unique index over their md5.
   */
  on_demand_usage: table(
    'on_demand_usage',
    {
      partner_id: text().key(),
      period: text().key(),
      resource_id: text().key(),
      usage_type: text().key(),
      unit: text().key(),
      customer_id: text().key(),
      product_type: text().keep(),
      currency: text().keep(),
      quantity: quantity().add(),
      amount: amount().add(),
      charges: integer().add(),
      last_position: position(),
    },
    {
      keyIndex: ['partner_id', 'period', 'resource_id', 'md5(usage_type)', 'md5(unit)', 'customer_id'],
      indexes: ['partner_id, period'],
      writeOnly: true,
    },
  ),
  // Private context: the catalogue as of each charge, who each customer was with when, closed periods.
  usage_types: catalogueTables.usage_types,
  measure_units: catalogueTables.measure_units,
  customer_associations: customerAssociations,
  closed_periods: closedPeriods,
} as const;

class OnDemandFacts implements Facts {
  readonly associations: AssociationBook;
  readonly closed: ClosedPeriods;
  readonly periods: PeriodLocator;
  readonly catalogue: CatalogueBook;

  constructor(schema: string, billingTz: string, shared?: AssociationHistories) {
    this.associations = new AssociationBook(schema, shared);
    this.closed = new ClosedPeriods(schema);
    this.periods = new PeriodLocator(billingTz);
    this.catalogue = new CatalogueBook(schema);
  }

  async load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    const customerIds = new Set<string>();
    for (const e of events) {
      if ('customerId' in e.data && typeof e.data.customerId === 'string') customerIds.add(e.data.customerId);
    }
    await this.closed.load(client);
    await this.associations.load(client, customerIds);
    await this.catalogue.load(client, needsCatalogue(events));
  }

  startFromZero(): void {
    this.associations.startComplete();
    this.closed.startComplete();
    this.catalogue.startComplete();
  }

  evolve(e: KnownEvent): void {
    switch (e.type) {
      case 'CustomerAssociated':
      case 'AssociationTypeSwitched':
      case 'CustomerDisassociated':
        this.associations.apply(e);
        return;
      case 'BillingPeriodClosed':
        this.closed.apply(e);
        return;
      case 'MeasureUnitRegistered':
      case 'UsageTypeRegistered':
        this.catalogue.apply(e);
        return;
    }
  }

  committed(): void {
    this.associations.committed();
    this.closed.committed();
  }

  reset(): void {
    this.associations.reset();
    this.closed.reset();
    this.catalogue.reset();
  }
}

type Out = Changes<typeof onDemandTables>;

/**
 * The quantity of a charge in its usage type's catalogue unit, when the catalogue (as of the charge)
 * defines one it converts to; else as given, in the charge's own unit.
 */
export function chargeQuantity(
  e: EventOf<'OnDemandCharged'>,
  catalogue: CatalogueBook,
): { unit: string; quantity: Decimal } {
  const given = new Decimal(e.data.quantity);
  const usage = catalogue.usageType(e.data.usageType);
  if (!usage) return { unit: e.data.unit, quantity: given };
  try {
    return { unit: usage.unit, quantity: convertQuantity(given, e.data.unit, usage.unit, unitLookup(catalogue.units)) };
  } catch (error) {
    // Only a charge appended before its usage type was registered can fail (the command side checks the later ones).
    if (error instanceof ConversionError) return { unit: e.data.unit, quantity: given };
    throw error;
  }
}

function foldCharge(e: EventOf<'OnDemandCharged'>, facts: OnDemandFacts, out: Out): void {
  const d = e.data;
  const partnerId = facts.associations.at(d.customerId, millis(e.occurredAt))?.partnerId;
  // A charge of a customer with no partner at the time is on no partner's list.
  if (partnerId === undefined) return;
  const { unit, quantity } = chargeQuantity(e, facts.catalogue);
  out.on_demand_usage.upsert({
    partner_id: partnerId,
    period: facts.periods.booking(e.occurredAt, facts.closed.set).period,
    resource_id: d.resourceId,
    usage_type: d.usageType,
    unit,
    customer_id: d.customerId,
    product_type: d.productType,
    currency: d.currency,
    quantity,
    amount: d.amount,
    charges: 1,
    last_position: e.globalPosition,
  });
}

function foldAssociation(e: KnownEvent & { data: { customerId: string } }, facts: OnDemandFacts, out: Out): void {
  for (const s of facts.associations.touched) out.customer_associations.upsert(segmentRow(e.data.customerId, s));
}

/** On-demand usage (按需) per partner × resource × usage type × booking period, in catalogue units (SPEC §6). */
export const onDemandProjection = defineProjection({
  name: 'on_demand',
  schema: ON_DEMAND_SCHEMA,
  version: 1,
  tables: onDemandTables,
  facts: (context) => new OnDemandFacts(context.schema, context.billingTz, context.associations),
  on: {
    OnDemandCharged: foldCharge,
    CustomerAssociated: foldAssociation,
    AssociationTypeSwitched: foldAssociation,
    CustomerDisassociated: foldAssociation,
    BillingPeriodClosed: (e, _facts, out) =>
      out.closed_periods.upsert({ period: e.data.period, closed_at: e.occurredAt, position: e.globalPosition }),
    UsageTypeRegistered: (e, _facts, out) => catalogueFolds.usageType(e, out),
    MeasureUnitRegistered: (e, facts, out) => catalogueFolds.measureUnit(e, facts.catalogue, out),
    ProductTypeRegistered: 'ignore',
    PartnerRegistered: 'ignore',
    PartnerProgramEnrolled: 'ignore',
    PartnerProgramWithdrawn: 'ignore',
    DiscountGranted: 'ignore',
    DiscountChanged: 'ignore',
    DiscountRevoked: 'ignore',
    OrderPlaced: 'ignore',
    OrderRefunded: 'ignore',
    SpecChanged: 'ignore',
    AutoRenewSet: 'ignore',
    AdjustmentPosted: 'ignore',
    FundsAllocated: 'ignore',
    FundsReclaimed: 'ignore',
    VoucherQuotaGranted: 'ignore',
    VoucherQuotaReclaimed: 'ignore',
    VoucherIssued: 'ignore',
    VoucherRevoked: 'ignore',
    IncentiveRulesPublished: 'ignore',
    StatementRevisionPublished: 'ignore',
    PartnerProfileChanged: 'ignore',
    MarketplaceTransactionRecorded: 'ignore',
    MarketplaceTransactionBilled: 'ignore',
    MarketplaceSupervisionReleased: 'ignore',
  },
});
