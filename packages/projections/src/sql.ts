import { arrayLiteralOf, arrayElement as databaseArrayElement } from '@reckon/database';
import { Decimal } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { COPY_MIN_ROWS, copyMerge, copyRows, MERGE_MIN_ROWS } from './write/copy.js';

/** A column of a multi-row write: its name and the PostgreSQL type of its unnest() array. */
export interface Column {
  name: string;
  type: 'text' | 'numeric' | typeof AMOUNT_TYPE | 'bigint' | 'integer' | 'boolean' | 'timestamptz' | 'jsonb';
}

/**
 * The type of every amount column (sums, rates, bases): exact, 8 fraction digits like the events,
 * and 30 integer digits. An event amount has at most 15 (SPEC §1 "Bounds"), so a sum overflows
 * only after 10^15 events of the largest amount, and a rate times an amount stays far inside.
 * `numeric(38,8)` rather than unbounded `numeric`: values keep printing with 8 fraction digits
 * (docs/read-models.md), and the type stays what it was, only wider.
 */
export const AMOUNT_TYPE = 'numeric(38,8)';

/**
 * DDL that widens amount columns of existing tables (created `numeric(30,8)`, 22 integer digits) to
 * `AMOUNT_TYPE`. Same scale, more precision: PostgreSQL changes only the catalogue, without
 * rewriting the table or its indexes.
 */
export function widenAmounts(schema: string, columns: Readonly<Record<string, readonly string[]>>): string {
  return Object.entries(columns)
    .map(
      ([table, names]) =>
        `ALTER TABLE ${schema}.${table} ${names.map((n) => `ALTER COLUMN ${n} TYPE ${AMOUNT_TYPE}`).join(', ')};`,
    )
    .join('\n');
}

export interface UpsertSpec {
  /** Schema-qualified table name. */
  table: string;
  columns: readonly Column[];
  /**
   * The ON CONFLICT clause merging the rows with stored ones (the target aliased `t`): a declared
   * table's, from its columns' merge modes (`conflictClause`, model/table.ts). Omit for plain inserts.
   */
  conflict?: string;
}

/**
 * Rows made one at a time as they are written (COPY reads each row's fields before asking for the
 * next, so `row` may reuse one array): rows that already live in memory in another shape need not be
 * copied into arrays first.
 */
export interface RowSource {
  count: number;
  row(i: number): readonly unknown[];
}

/**
 * Writes many rows in one statement: `INSERT … SELECT * FROM unnest($1::t1[], $2::t2[], …)` with
 * the spec's conflict clause; from `COPY_MIN_ROWS` new or `MERGE_MIN_ROWS` merged rows on, through COPY instead (write/copy.ts: straight into the table
 * without a conflict clause, else into a temporary table merged with the same clause). A few
 * statements per table per batch, never one per event. Its statements are issued at the call, so it
 * may be queued behind others without being awaited at once (write/queued.ts).
 */
export async function upsertRows(
  client: PoolClient,
  spec: UpsertSpec,
  source: readonly (readonly unknown[])[] | RowSource,
): Promise<void> {
  const rows = sourceOf(source);
  if (rows.count === 0) return;
  const { table, columns } = spec;
  const conflict = spec.conflict ?? '';
  if (rows.count >= (conflict === '' ? COPY_MIN_ROWS : MERGE_MIN_ROWS)) {
    // Many rows: COPY (write/copy.ts), straight in when there is no conflict clause.
    const names = columns.map((c) => c.name);
    if (conflict === '') await copyRows(client, table, names, rows.count, rows.row);
    else await copyMerge(client, table, names, conflict, rows.count, rows.row);
    return;
  }
  const u = unnestOf(columns, rows);
  const names = columns.map((c) => c.name).join(', ');
  await client.query(`INSERT INTO ${table} AS t (${names}) SELECT * FROM ${u.sql} ${conflict}`, u.values);
}

function sourceOf(rows: readonly (readonly unknown[])[] | RowSource): RowSource {
  return Array.isArray(rows) ? { count: rows.length, row: (i) => rows[i]! } : (rows as RowSource);
}

/** One element of a PostgreSQL array literal (null → NULL): decimal.js values as their plain digits. */
function arrayElement(value: unknown): string {
  return value instanceof Decimal ? value.toFixed() : databaseArrayElement(value);
}

/**
 * `unnest($1::t1[], $2::t2[], …)` of `columns` and its parameters: each column as one array literal
 * built here (cheaper than the driver's generic encoding), the rows read once each, in order (a
 * source may reuse one array).
 */
export function unnestOf(columns: readonly Column[], { count, row }: RowSource): { sql: string; values: string[] } {
  const elements = columns.map(() => new Array<string>(count));
  for (let i = 0; i < count; i++) {
    const fields = row(i);
    for (let c = 0; c < columns.length; c++) elements[c]![i] = arrayElement(fields[c]);
  }
  return {
    sql: `unnest(${columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')})`,
    values: elements.map((column) => arrayLiteralOf(count, (i) => column[i]!)),
  };
}
