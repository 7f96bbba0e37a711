import type { PoolClient } from 'pg';
import type { Table } from '../model/table.js';
import type { TableChanges } from './changes.js';
import { copyRows } from './copy.js';

/**
 * The rebuild's journal of a write-only table (`writeOnly` in its options): while a projection
 * replays the log into empty scratch tables, each batch's rows of such a table (already merged
 * in memory, one per key) are appended by COPY to an unlogged journal with the batch's number,
 * instead of being merged into the table with `INSERT … ON CONFLICT`, which costs PostgreSQL about
 * twenty times as much per row as COPY (docs/scaling-history.md). Before the tables go durable, `settle`
 * folds the journal into the table in one `INSERT … SELECT … GROUP BY` by the columns' merge modes,
 * the same rule the conflict clause applies batch after batch (model/table.ts, `conflictClause`):
 * `add` summed, `keep` the first batch's value, `set` the last batch's. Nothing reads the table
 * meanwhile: no fold or fact does (that is what `writeOnly` declares), and queries read the live
 * schema, not the scratch copy.
 */
const BATCH = 'journal_batch';

function journalName(t: Table): string {
  return `journal_${t.name}`;
}

/** The journal's DDL: the table's columns with their types, the batch number, no constraint. */
export function journalDdl(schema: string, t: Table): string {
  const columns = Object.entries(t.columns).map(([name, c]) => `${name} ${c.sqlType}`);
  return `CREATE UNLOGGED TABLE IF NOT EXISTS ${schema}.${journalName(t)} (${columns.join(', ')}, ${BATCH} integer NOT NULL)`;
}

/** Appends one batch's rows of a write-only table to its journal, in the caller's transaction. */
export async function appendJournal(
  client: PoolClient,
  schema: string,
  changes: TableChanges,
  batch: number,
): Promise<void> {
  const t = changes.table;
  if (changes.patches.size > 0) {
    // A patch needs the stored row: a write-only table's folds only insert and upsert.
    throw new Error(`${t.name} is declared writeOnly but a fold patched it`);
  }
  const names = Object.keys(t.columns);
  const rows = changes.upserts.size > 0 ? [...changes.inserts, ...changes.upserts.values()] : changes.inserts;
  if (rows.length === 0) return;
  const fields = new Array<unknown>(names.length + 1);
  fields[names.length] = batch;
  await copyRows(client, `${schema}.${journalName(t)}`, [...names, BATCH], rows.length, (i) => {
    const row = rows[i]!;
    for (let c = 0; c < names.length; c++) fields[c] = row[names[c]!];
    return fields;
  });
}

/**
 * The journal folded into the table by the columns' merge modes, then dropped, and the table
 * analysed: the replay's rounds of statistics (statistics.ts) saw it empty.
 */
export function settleSql(schema: string, t: Table): string {
  const names = Object.keys(t.columns);
  const values = names.map((name) => {
    const c = t.columns[name]!;
    if (c.isKey) return name;
    switch (c.merge) {
      case 'add':
        return `sum(${name})`;
      case 'keep':
        return `(array_agg(${name} ORDER BY ${BATCH}))[1]`;
      default:
        return `(array_agg(${name} ORDER BY ${BATCH} DESC))[1]`;
    }
  });
  const journal = `${schema}.${journalName(t)}`;
  return `INSERT INTO ${schema}.${t.name} (${names.join(', ')})
      SELECT ${values.join(', ')} FROM ${journal} GROUP BY ${t.key.join(', ')};
    DROP TABLE ${journal};
    ANALYZE ${schema}.${t.name}`;
}
