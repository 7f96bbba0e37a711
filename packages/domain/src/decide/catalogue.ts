/** Decisions on the product catalogue (SPEC §6 "Product catalogue"): product types, usage types, units. */
import type { CatalogueState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import type { EventOf } from '../events/catalogue.js';
import { ConversionError, convertQuantity, MAX_UNIT_STEPS, unitLookup, unitScale } from '../measure.js';
import { parseAmount } from '../money.js';
import { refuse } from '../rules.js';
import { type Decision, type DecisionContext, q } from './context.js';

const has = (record: Readonly<Record<string, unknown>> | undefined, key: string) =>
  record !== undefined && Object.hasOwn(record, key);

export const productTypeRegistered: Decision<'ProductTypeRegistered'> = (e, ctx) => {
  const cat = ctx.read<CatalogueState>(S.catalogue());
  if (has(cat?.productTypes, e.data.productType)) {
    refuse('created-id-is-new', `product type ${q(e.data.productType)} is already registered`);
  }
  ctx.append(S.catalogue(), e);
};

export const usageTypeRegistered: Decision<'UsageTypeRegistered'> = (e, ctx) => {
  const d = e.data;
  const cat = ctx.read<CatalogueState>(S.catalogue());
  if (has(cat?.usageTypes, d.usageType))
    refuse('created-id-is-new', `usage type ${q(d.usageType)} is already registered`);
  if (!has(cat?.productTypes, d.productType)) {
    refuse('referenced-id-exists', `product type ${q(d.productType)} is not registered`);
  }
  if (!has(cat?.units, d.unit)) refuse('referenced-id-exists', `measure unit ${q(d.unit)} is not registered`);
  ctx.append(S.catalogue(), e);
};

export const measureUnitRegistered: Decision<'MeasureUnitRegistered'> = (e, ctx) => {
  const d = e.data;
  const cat = ctx.read<CatalogueState>(S.catalogue());
  const units = cat?.units ?? {};
  if (has(units, d.unit)) refuse('created-id-is-new', `measure unit ${q(d.unit)} is already registered`);
  if (d.baseUnit === d.unit) {
    if (!parseAmount(d.factor).eq(1)) {
      refuse(
        'unit-base-same-dimension',
        `unit ${q(d.unit)} is its own base, so its factor must be 1 (got ${d.factor})`,
      );
    }
    const root = Object.values(units).find((u) => u.dimension === d.dimension && u.baseUnit === u.unit);
    if (root) {
      refuse(
        'unit-base-same-dimension',
        `dimension ${q(d.dimension)} has its root unit ${q(root.unit)} already; give baseUnit ${q(root.unit)} or a unit of it`,
      );
    }
  } else {
    const base = has(units, d.baseUnit) ? units[d.baseUnit] : undefined;
    if (!base) refuse('referenced-id-exists', `base unit ${q(d.baseUnit)} is not registered`);
    if (base.dimension !== d.dimension) {
      refuse(
        'unit-base-same-dimension',
        `base unit ${q(d.baseUnit)} measures ${q(base.dimension)}, not ${q(d.dimension)}`,
      );
    }
    const steps = (unitScale(d.baseUnit, unitLookup(units))?.steps ?? MAX_UNIT_STEPS) + 1;
    if (steps > MAX_UNIT_STEPS) {
      refuse(
        'unit-chain-within-bound',
        `unit ${q(d.unit)} would be ${steps} bases away from its root; at most ${MAX_UNIT_STEPS} are allowed`,
      );
    }
  }
  ctx.append(S.catalogue(), e);
};

/**
 * The catalogue's rule for an on-demand charge: once its usage type is registered, the charge's
 * unit is of the same dimension as the usage type's unit and its quantity converts exactly into it.
 * A charge of an unregistered usage type is not checked (the catalogue may be filled in later).
 */
export function checkChargeUnit(e: EventOf<'OnDemandCharged'>, ctx: DecisionContext): void {
  const d = e.data;
  const cat = ctx.read<CatalogueState>(S.catalogue());
  if (!cat || !has(cat.usageTypes, d.usageType)) return;
  const usage = cat.usageTypes[d.usageType]!;
  try {
    convertQuantity(d.quantity, d.unit, usage.unit, unitLookup(cat.units));
  } catch (error) {
    if (!(error instanceof ConversionError)) throw error;
    refuse(
      'charge-unit-matches-usage-type',
      `usage type ${q(d.usageType)} is measured in ${q(usage.unit)}: ${error.message}`,
    );
  }
}
