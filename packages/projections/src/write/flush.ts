import type { PoolClient } from 'pg';
import { columnsOf, writeSpec } from '../model/table.js';
import { type RowSource, unnestOf, upsertRows } from '../sql.js';
import type { TableChanges } from './changes.js';

type Row = Record<string, unknown>;

/**
 * The fields `names` of `rows`, in that order, in one array reused for every row (the writers read
 * each row's fields before asking for the next).
 */
function fieldsOf(rows: readonly Row[], names: readonly string[]): RowSource {
  const buffer = new Array<unknown>(names.length);
  return {
    count: rows.length,
    row: (i) => {
      const row = rows[i]!;
      for (let c = 0; c < names.length; c++) buffer[c] = row[names[c]!];
      return buffer;
    },
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
  if (changes.inserts.length > 0) {
    await upsertRows(client, writeSpec(schema, t, 'insert'), fieldsOf(changes.inserts, names));
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
      const u = unnestOf(columnsOf(t, columns), fieldsOf(rows, columns));
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
    await upsertRows(client, writeSpec(schema, t, 'merge'), fieldsOf([...changes.upserts.values()], names));
    statements++;
  }
  return statements;
}
