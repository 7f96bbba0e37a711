import { addValues, type Kind } from '../model/columns.js';
import type { RowOf, Table } from '../model/table.js';

type Row = Record<string, unknown>;

/** The key columns of a table's row, to name a row to patch. */
export type KeyOf<T extends Table> = Pick<RowOf<T>, Extract<T['key'][number], keyof RowOf<T>>>;

const NULL_KEY = '\u0001';

/**
 * The row changes one batch makes to one table, keyed by the table's key: each touched row is
 * written once however many events touch it. `insert` is for rows new to the table (append-only
 * tables: written without a conflict clause); `upsert` writes a whole row and merges it with the
 * batch's earlier upsert of the same key (`add` columns summed, `keep` columns keep the first value,
 * the others take the new one) and, in the database, with the stored row the same way; `patch`
 * sets some columns of a stored row (or of the batch's upsert of it). Changes apply in the order
 * they were made: a patch made before the batch upserts its row is written before the upsert.
 */
export class TableChanges<T extends Table = Table> {
  readonly inserts: Row[] = [];
  readonly upserts = new Map<string, Row>();
  readonly patches = new Map<string, Row>();
  /** The columns a second upsert of a key adds to, and those it sets (by kind, for the sums). */
  private readonly added: { name: string; kind: Kind }[] = [];
  private readonly set: string[] = [];

  constructor(readonly table: T) {
    for (const [name, column] of Object.entries(table.columns)) {
      if (column.merge === 'add') this.added.push({ name, kind: column.kind });
      else if (column.merge === 'set' && !column.isKey) this.set.push(name);
    }
  }

  get size(): number {
    return this.inserts.length + this.upserts.size + this.patches.size;
  }

  private keyString(row: Row): string {
    const key = this.table.key;
    if (key.length === 1) {
      const v = row[key[0]!];
      return v === null || v === undefined ? NULL_KEY : String(v);
    }
    let s = '';
    for (const k of key) {
      const v = row[k];
      s += `${v === null || v === undefined ? NULL_KEY : String(v)}\u0000`;
    }
    return s;
  }

  insert(row: RowOf<T>): void {
    this.inserts.push(row as Row);
  }

  /** Writes a whole row (the writer keeps the object: pass a fresh one). */
  upsert(row: RowOf<T>): void {
    const r = row as Row;
    const k = this.keyString(r);
    const earlier = this.upserts.get(k);
    if (!earlier) {
      this.upserts.set(k, r);
      return;
    }
    for (const { name, kind } of this.added) earlier[name] = addValues(kind, earlier[name], r[name]);
    for (const name of this.set) earlier[name] = r[name] ?? null;
  }

  /** Sets `values` on the row of `key` (stored already, or upserted earlier in the batch). */
  patch(key: KeyOf<T>, values: Partial<RowOf<T>>): void {
    const k = this.keyString(key as Row);
    const target = this.upserts.get(k);
    if (target) {
      Object.assign(target, values);
      return;
    }
    const earlier = this.patches.get(k);
    if (earlier) Object.assign(earlier, values);
    else this.patches.set(k, { ...(key as Row), ...(values as Row) });
  }
}

/** The changes of one batch to every table of a projection. */
export type Changes<Ts extends Readonly<Record<string, Table>>> = { readonly [K in keyof Ts]: TableChanges<Ts[K]> };

export function emptyChanges<Ts extends Readonly<Record<string, Table>>>(tables: Ts): Changes<Ts> {
  const changes: Record<string, TableChanges> = {};
  for (const [name, t] of Object.entries(tables)) changes[name] = new TableChanges(t);
  return changes as Changes<Ts>;
}
