import type { Period } from '@reckon/domain';
import type { StoredEvent } from '@reckon/event-store';
import type { PoolClient } from 'pg';
import { position, text, time } from '../model/columns.js';
import { rowMaker, table, writeSpec } from '../model/table.js';
import { type UpsertSpec, upsertRows } from '../sql.js';

/** The periods closed so far (SPEC §4 booking): kept by every projection that books by period. */
export const closedPeriods = table('closed_periods', { period: text().key(), closed_at: time(), position: position() });

/** A row of the table. */
const closedPeriodRow = rowMaker<[period: string, closedAt: string, position: number]>()(closedPeriods, {
  period: (period) => period,
  closed_at: (_, closedAt) => closedAt,
  position: (_, __, position) => position,
});

export function closedPeriodsDdl(table: string): string {
  return `CREATE TABLE ${table} (
    period text PRIMARY KEY,
    closed_at timestamptz NOT NULL,
    position bigint NOT NULL
  );`;
}

/**
 * The periods closed so far in the log (a handful per year, so all of them stay in memory): an
 * event is booked by the closed periods as of its own position in the log.
 */
export class ClosedPeriods {
  private periods: Set<Period> | undefined;
  private readonly pending: unknown[][] = [];

  /** Its table and how its rows are written: merged on the period. */
  private readonly spec: UpsertSpec;

  /** The table `closed_periods` of the projection's `schema`. */
  constructor(schema: string) {
    this.spec = writeSpec(schema, closedPeriods, 'merge');
  }

  /** The table is empty (a build from position 0): nothing to read. */
  startComplete(): void {
    this.periods ??= new Set();
  }

  async load(client: PoolClient): Promise<void> {
    if (this.periods) return;
    const result = await client.query<{ period: string }>(`SELECT period FROM ${this.spec.table}`);
    this.periods = new Set(result.rows.map((r) => r.period));
  }

  get set(): ReadonlySet<Period> {
    if (!this.periods) throw new Error('closed periods read before load()');
    return this.periods;
  }

  apply(event: StoredEvent): void {
    if (event.type !== 'BillingPeriodClosed') return;
    const period = (event.data as { period: string }).period;
    this.periods?.add(period);
    this.pending.push(closedPeriodRow(period, event.occurredAt, event.globalPosition));
  }

  async flush(client: PoolClient): Promise<void> {
    await upsertRows(client, this.spec, this.pending);
  }

  committed(): void {
    this.pending.length = 0;
  }

  reset(): void {
    this.periods = undefined;
    this.pending.length = 0;
  }
}
