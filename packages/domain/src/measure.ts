/**
 * Measure units of the product catalogue (SPEC §6 "Product catalogue") and exact conversion of a
 * quantity between two units of one dimension. One `unit` = `factor` × `baseUnit`; following the
 * bases ends at a root unit (its own base), so every unit is some exact multiple of its root.
 */
import { Decimal, formatAmount } from './money.js';

/** A registered measure unit, as `MeasureUnitRegistered` gives it. */
export interface MeasureUnit {
  unit: string;
  dimension: string;
  baseUnit: string;
  /** One `unit` is `factor` × `baseUnit` (a positive decimal string; "1" for a root unit). */
  factor: string;
}

/** The registered unit of that name, or undefined. */
export type UnitLookup = (unit: string) => MeasureUnit | undefined;

/** A lookup over a record of units by name (own properties only: "toString" is no unit). */
export function unitLookup(units: Readonly<Record<string, MeasureUnit>>): UnitLookup {
  return (unit) => (Object.hasOwn(units, unit) ? units[unit] : undefined);
}

/** Why a quantity does not convert. */
export type ConversionProblem = 'unknown-unit' | 'other-dimension' | 'inexact';

export class ConversionError extends Error {
  override name = 'ConversionError';
  constructor(
    readonly problem: ConversionProblem,
    detail: string,
  ) {
    super(detail);
  }
}

/** Room for every digit of the products checked (operands of at most a few hundred digits): they are exact. */
const Wide = Decimal.clone({ precision: 1000 });

/** Longest chain of bases followed (the command side makes cycles impossible; this guards a bad lookup). */
const MAX_CHAIN = 64;

/**
 * Bases a registered unit may be away from its root: a factor has up to 23 significant digits, so
 * a unit's multiple of its root keeps at most 368, and every product `convertQuantity` checks stays
 * exact within `Wide`'s 1,000 (real chains — B, KB, MB, GB, TB, PB — are a handful of steps).
 */
export const MAX_UNIT_STEPS = 16;

/**
 * A unit as a multiple of its root unit: `1 unit = toRoot × root`, `steps` bases away from it (0 for
 * the root). Undefined when it is not registered.
 */
export function unitScale(
  unit: string,
  lookup: UnitLookup,
): { root: string; dimension: string; toRoot: Decimal; steps: number } | undefined {
  let spec = lookup(unit);
  if (!spec) return undefined;
  const dimension = spec.dimension;
  let toRoot: Decimal = new Wide(1);
  for (let steps = 0; steps < MAX_CHAIN; steps++) {
    if (spec.baseUnit === spec.unit) return { root: spec.unit, dimension, toRoot, steps };
    toRoot = toRoot.times(spec.factor);
    const base = lookup(spec.baseUnit);
    if (!base) return undefined;
    spec = base;
  }
  return undefined;
}

/**
 * `quantity` given in `from`, in `to`: exact (`quantity × from.toRoot ÷ to.toRoot`, checked by
 * multiplying back). Throws ConversionError when either unit is not registered, the dimensions
 * differ, or the result has no exact decimal of at most 60 significant digits (e.g. 1 minute in
 * hours = 1/60).
 */
export function convertQuantity(
  quantity: Decimal | string | number,
  from: string,
  to: string,
  lookup: UnitLookup,
): Decimal {
  const q = new Decimal(quantity);
  if (from === to && lookup(from)) return q;
  const a = unitScale(from, lookup);
  const b = unitScale(to, lookup);
  if (!a) throw new ConversionError('unknown-unit', `unit ${JSON.stringify(from)} is not registered`);
  if (!b) throw new ConversionError('unknown-unit', `unit ${JSON.stringify(to)} is not registered`);
  if (a.dimension !== b.dimension || a.root !== b.root) {
    throw new ConversionError(
      'other-dimension',
      `unit ${JSON.stringify(from)} measures ${JSON.stringify(a.dimension)}, not ${JSON.stringify(b.dimension)} like ${JSON.stringify(to)}`,
    );
  }
  const inRoot = new Wide(q).times(a.toRoot);
  const result = new Decimal(inRoot.dividedBy(b.toRoot).toSignificantDigits(60));
  if (!new Wide(result).times(b.toRoot).eq(inRoot)) {
    throw new ConversionError(
      'inexact',
      `${formatAmount(q)} ${from} has no exact decimal in ${to} (1 ${to} = ${formatAmount(b.toRoot.dividedBy(a.toRoot))} ${from})`,
    );
  }
  return result;
}
