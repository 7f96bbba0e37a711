import { arrayLiteralOf } from '@reckon/database';
import type { PoolClient } from 'pg';
import { type Table, writeSpec } from '../model/table.js';
import { arrayElement, type RowSource, upsertRows } from '../sql.js';
import type { TableChanges } from './changes.js';

type Row = Record<string, unknown>;

/** Column `name` of `rows` as one PostgreSQL array literal (cheaper than the driver's encoding). */
function arrayLiteral(name: string, rows: readonly Row[]): string {
  return arrayLiteralOf(rows.length, (r) => arrayElement(rows[r]![name]));
}

function unnest(t: Table, names: readonly string[], rows: readonly Row[]): { sql: string; values: string[] } {
  return {
    sql: `unnest(${names.map((n, i) => `$${i + 1}::${t.columns[n]!.sqlType}[]`).join(', ')})`,
    values: names.map((n) => arrayLiteral(n, rows)),
  };
}

/**
 * Writes one table's changes of a batch, in the caller's transaction, in the order they apply: the
 * new rows and then the upserts (each key once: merged in memory) by the multi-row writer every
 * table shares (sql.ts `upsertRows`: COPY when many, one `INSERT … SELECT FROM unnest(…)` when
 * few; the upserts with the table's conflict clause), the patches between them with one `UPDATE …
 * FROM unnest(…)` per set of columns patched. At most a few statements per table per batch, never
 * one per event.
 */
export async function flushTable(client: PoolClient, schema: string, changes: TableChanges): Promise<number> {
  const t = changes.table;
  const names = Object.keys(t.columns);
  const target = `${schema}.${t.name}`;
  let statements = 0;
  // The rows' fields in declared order, one array reused for every row (the writer reads each row's
  // fields before asking for the next).
  const buffer = new Array<unknown>(names.length);
  const fields = (rows: readonly Row[]): RowSource => ({
    count: rows.length,
    row: (i) => {
      const row = rows[i]!;
      for (let c = 0; c < names.length; c++) buffer[c] = row[names[c]!];
      return buffer;
    },
  });
  if (changes.inserts.length > 0) {
    await upsertRows(client, writeSpec(schema, t, 'insert'), fields(changes.inserts));
    statements++;
  }
  if (changes.patches.size > 0) {
    // One statement per set of patched columns. Before the upserts: a patch the batch keeps apart
    // came before any upsert of its row (a later patch merges into the upsert), so it applies first.
    const groups = new Map<string, Row[]>();
    for (const row of changes.patches.values()) {
      const set = Object.keys(row)
        .filter((n) => !t.key.includes(n))
        .sort()
        .join(',');
      const group = groups.get(set) ?? [];
      groups.set(set, group);
      group.push(row);
    }
    for (const [set, rows] of groups) {
      const columns = [...t.key, ...set.split(',').filter((n) => n !== '')];
      const u = unnest(t, columns, rows);
      const match = t.key
        .map((k) => (t.columns[k]!.nullable ? `t.${k} IS NOT DISTINCT FROM u.${k}` : `t.${k} = u.${k}`))
        .join(' AND ');
      const assignments = columns.filter((n) => !t.key.includes(n)).map((n) => `${n} = u.${n}`);
      if (assignments.length === 0) continue;
      await client.query(
        `UPDATE ${target} AS t SET ${assignments.join(', ')} FROM ${u.sql} AS u(${columns.join(', ')}) WHERE ${match}`,
        u.values,
      );
      statements++;
    }
  }
  if (changes.upserts.size > 0) {
    await upsertRows(client, writeSpec(schema, t, 'merge'), fields([...changes.upserts.values()]));
    statements++;
  }
  return statements;
}
