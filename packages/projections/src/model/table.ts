import type { Column as SqlColumn, UpsertSpec } from '../sql.js';
import type { Column, Columns, Kind, SelectOf, ValueOf } from './columns.js';

/**
 * A read-model table, declared once: its columns (model/columns.ts), key and indexes. From it come
 * its DDL (`tableDdl`), the batch writer's statements (write/flush.ts), the row types of the folds
 * (`RowOf`) and of the queries (`SelectRowOf`, `KyselyTables`), and `verify`'s table list.
 */
export interface TableOptions {
  /**
   * Secondary indexes, each a column list (`'partner_id, period'`), optionally `USING hash (…)`,
   * optionally partial (`'period, status WHERE current'`).
   */
  indexes?: readonly string[];
  /** Unique indexes besides the key, by name, each a column list, optionally partial (`WHERE …`). */
  uniqueIndexes?: Readonly<Record<string, string>>;
  /**
   * A unique index over these expressions (named `<table>_key`) instead of a primary key on the key
   * columns, when a key column can be too long for a btree entry (`md5(program)`).
   */
  keyIndex?: readonly string[];
  /**
   * No fold or fact of the projection reads this table (only queries do), and its folds only insert
   * and upsert it: a rebuild journals its rows and merges them once, before the tables go durable
   * (write/journal.ts).
   */
  writeOnly?: boolean;
  /**
   * Its rows are appended: a fold inserts them (`TableChanges#insert`) and seldom changes one. A
   * rebuild keeps such a table logged while its replay fills it, as it does a write-only table
   * (merged into once, at `settle`), instead of rewriting it whole when the tables go durable
   * (`keptLogged`, docs/scaling-history.md). Changing a row stays correct, only dearer (WAL for each).
   */
  appended?: boolean;
}

export interface Table<N extends string = string, C extends Columns = Columns> {
  readonly name: N;
  readonly columns: C;
  /** The key columns, in declared order (the sort order of `verify`). */
  readonly key: readonly string[];
  /** The ON CONFLICT target of an upsert. */
  readonly conflict: readonly string[];
  readonly options: TableOptions;
}

export function table<N extends string, C extends Columns>(
  name: N,
  columns: C,
  options: TableOptions = {},
): Table<N, C> {
  const key = Object.entries(columns)
    .filter(([, c]) => c.isKey)
    .map(([n]) => n);
  if (key.length === 0) throw new Error(`table ${name} declares no key column`);
  return { name, columns, key, conflict: options.keyIndex ?? key, options };
}

/**
 * Whether a rebuild keeps this table logged while its replay fills it: appended and write-only
 * tables are filled by COPY and plain inserts, which cost little more logged than unlogged, while
 * making a table logged afterwards (`ALTER TABLE … SET LOGGED`) rewrites it and its indexes.
 */
export function keptLogged(t: Table): boolean {
  return t.options.appended === true || t.options.writeOnly === true;
}

/** A row as a fold writes it: every column (nullable ones may be left out: NULL). */
export type RowOf<T extends Table> =
  T extends Table<string, infer C>
    ? { [K in NonNullColumns<C>]: ValueOf<C[K]> } & { [K in NullableColumns<C>]?: ValueOf<C[K]> }
    : never;
type NullableColumns<C> = { [K in keyof C]: C[K] extends Column<Kind, true> ? K : never }[keyof C];
type NonNullColumns<C> = { [K in keyof C]: C[K] extends Column<Kind, true> ? never : K }[keyof C];

/** A row as a query reads it. */
export type SelectRowOf<T extends Table> =
  T extends Table<string, infer C> ? { [K in keyof C]: SelectOf<C[K]> } : never;

/** The Kysely database type of a schema's tables: `{ 'schema.table': row }`. */
export type KyselyTables<S extends string, Ts extends Readonly<Record<string, Table>>> = {
  [K in keyof Ts as `${S}.${Ts[K]['name']}`]: SelectRowOf<Ts[K]>;
};

/** CREATE TABLE and its indexes (with `unlogged`: the scratch copy of a rebuild, no secondary indexes). */
export function tableDdl(schema: string, t: Table, options: { unlogged?: boolean; indexes?: boolean } = {}): string {
  const columns = Object.entries(t.columns).map(([name, c]) => `${name} ${c.sqlType}${c.nullable ? '' : ' NOT NULL'}`);
  const keyNullable = t.key.some((k) => t.columns[k]!.nullable);
  if (!t.options.keyIndex) {
    columns.push(
      keyNullable
        ? `CONSTRAINT ${t.name}_key UNIQUE NULLS NOT DISTINCT (${t.key.join(', ')})`
        : `PRIMARY KEY (${t.key.join(', ')})`,
    );
  }
  const statements = [
    `CREATE ${options.unlogged ? 'UNLOGGED ' : ''}TABLE ${schema}.${t.name} (\n  ${columns.join(',\n  ')}\n);`,
  ];
  if (t.options.keyIndex) {
    statements.push(`CREATE UNIQUE INDEX ${t.name}_key ON ${schema}.${t.name} (${t.options.keyIndex.join(', ')});`);
  }
  if (options.indexes !== false) statements.push(...indexDdl(schema, t));
  return statements.join('\n');
}

/** The secondary indexes of a table (its unique ones besides the key included). */
export function indexDdl(schema: string, t: Table): string[] {
  const secondary = (t.options.indexes ?? []).map((spec) => {
    const [index, where] = partial(spec);
    const hash = /^USING hash \((.*)\)$/.exec(index);
    // Named as PostgreSQL names `CREATE INDEX ON t (a, b)`: t_a_b_idx.
    const columns = (hash ? hash[1]! : index).split(',').map((c) => c.trim().split(/\s+/)[0]!);
    const name = `${t.name}_${columns.join('_')}_idx`;
    return `CREATE INDEX ${name} ON ${schema}.${t.name} ${hash ? `USING hash (${hash[1]})` : `(${index})`}${where};`;
  });
  const unique = Object.entries(t.options.uniqueIndexes ?? {}).map(([name, spec]) => {
    const [index, where] = partial(spec);
    return `CREATE UNIQUE INDEX ${name} ON ${schema}.${t.name} (${index})${where};`;
  });
  return [...unique, ...secondary];
}

/** An index's column list and its ` WHERE …` predicate (or ''). */
function partial(spec: string): [string, string] {
  const at = spec.indexOf(' WHERE ');
  return at < 0 ? [spec, ''] : [spec.slice(0, at), spec.slice(at)];
}

/** The upsert's conflict clause, from each column's merge mode (the target aliased `t`). */
export function conflictClause(t: Table): string {
  const updates = Object.entries(t.columns)
    .filter(([name, c]) => !t.key.includes(name) && c.merge !== 'keep')
    .map(([name, c]) => (c.merge === 'add' ? `${name} = t.${name} + excluded.${name}` : `${name} = excluded.${name}`));
  return `ON CONFLICT (${t.conflict.join(', ')}) ${updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING'}`;
}

/** Columns of the table as the multi-row writers take them (sql.ts `upsertRows`): all in declared order, or `names` in theirs. */
export function columnsOf(t: Table, names: readonly string[] = Object.keys(t.columns)): SqlColumn[] {
  return names.map((name) => ({ name, type: t.columns[name]!.sqlType as SqlColumn['type'] }));
}

/**
 * What `upsertRows` needs to write rows of `t` in `schema`: every column in declared order, and,
 * when the rows may merge with stored ones (`merge`), the conflict clause the declared writer uses
 * (`conflictClause`); else plain inserts.
 */
export function writeSpec(schema: string, t: Table, how: 'insert' | 'merge'): UpsertSpec {
  return {
    table: `${schema}.${t.name}`,
    columns: columnsOf(t),
    ...(how === 'merge' ? { conflict: conflictClause(t) } : {}),
  };
}

/**
 * A positional row of a table (declared column order, as `writeSpec` writes it) from named fields:
 * one function per column, so that a column added to the table does not compile until its writer
 * says what goes in it. `A` are the arguments a row is made from:
 * `rowMaker<[SourceLine]>()(sourceLines, { partner_id: (l) => l.partnerId, … })`.
 */
export function rowMaker<A extends [unknown?, unknown?, unknown?, unknown?]>() {
  return <C extends Columns>(
    t: Table<string, C>,
    fields: { readonly [K in keyof C]: (...args: A) => ValueOf<C[K]> },
  ): ((...args: A) => unknown[]) => {
    const getters = Object.keys(t.columns).map((name) => fields[name as keyof C]) as unknown as Array<
      (a: unknown, b: unknown, c: unknown, d: unknown) => unknown
    >;
    const n = getters.length;
    // Up to four arguments, passed on as they are: no rest array per row (a replay makes millions).
    const make = (a: unknown, b: unknown, c: unknown, d: unknown) => {
      const row = new Array<unknown>(n);
      for (let i = 0; i < n; i++) row[i] = getters[i]!(a, b, c, d);
      return row;
    };
    return make as unknown as (...args: A) => unknown[];
  };
}
