/**
 * The product catalogue as a projection's context: measure units and usage types (a handful, all
 * kept in memory once read), read back from the projection's own `measure_units` and `usage_types`
 * tables (`catalogueTables`), for the unit chains and the conversion of on-demand quantities.
 */
import type { MeasureUnit } from '@reckon/domain';
import type { PoolClient } from 'pg';
import type { KnownEvent } from '../events.js';

export interface UsageTypeEntry {
  usageType: string;
  productType: string;
  unit: string;
}

export class CatalogueBook {
  readonly units: Record<string, MeasureUnit> = {};
  readonly usageTypes: Record<string, UsageTypeEntry> = {};
  private loaded = false;

  constructor(private readonly schema: string) {}

  /** Reads the catalogue once, when a batch needs it (`needed`: it holds a catalogue event or a charge). */
  async load(client: PoolClient, needed: boolean): Promise<void> {
    if (this.loaded || !needed) return;
    const units = await client.query(
      `SELECT unit, dimension, base_unit, factor::text AS factor FROM ${this.schema}.measure_units`,
    );
    for (const r of units.rows) {
      this.units[r.unit] = { unit: r.unit, dimension: r.dimension, baseUnit: r.base_unit, factor: r.factor };
    }
    const usageTypes = await client.query(`SELECT usage_type, product_type, unit FROM ${this.schema}.usage_types`);
    for (const r of usageTypes.rows) {
      this.usageTypes[r.usage_type] = { usageType: r.usage_type, productType: r.product_type, unit: r.unit };
    }
    this.loaded = true;
  }

  apply(e: KnownEvent): void {
    if (e.type === 'MeasureUnitRegistered') {
      const { unit, dimension, baseUnit, factor } = e.data;
      this.units[unit] = { unit, dimension, baseUnit, factor };
    } else if (e.type === 'UsageTypeRegistered') {
      const { usageType, productType, unit } = e.data;
      this.usageTypes[usageType] = { usageType, productType, unit };
    }
  }

  /** The usage type of that name, if registered (own keys only: "toString" is none). */
  usageType(name: string): UsageTypeEntry | undefined {
    return Object.hasOwn(this.usageTypes, name) ? this.usageTypes[name] : undefined;
  }

  /** The tables are empty: so is the catalogue. */
  startComplete(): void {
    this.reset();
    this.loaded = true;
  }

  reset(): void {
    for (const unit of Object.keys(this.units)) delete this.units[unit];
    for (const usageType of Object.keys(this.usageTypes)) delete this.usageTypes[usageType];
    this.loaded = false;
  }
}

/** Whether folding `events` needs the catalogue. */
export function needsCatalogue(events: readonly KnownEvent[]): boolean {
  return events.some(
    (e) => e.type === 'MeasureUnitRegistered' || e.type === 'UsageTypeRegistered' || e.type === 'OnDemandCharged',
  );
}
