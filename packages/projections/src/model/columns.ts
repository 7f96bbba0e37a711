import { add, Decimal } from '@reckon/domain';
import { AMOUNT_TYPE } from '../sql.js';

/**
 * The column builders of a declared projection's tables (model/table.ts). A column says once what
 * it is: its PostgreSQL type (and so the Kysely type the queries see, and the array type of the
 * batch writer), whether it may be NULL, whether it is part of the key, and how a second write of
 * the same row merges into it: `set` (the default: the new value), `add` (summed, in memory within
 * a batch and in the ON CONFLICT clause across batches) or `keep` (the first value stays).
 */

/** How a write of a row that exists already merges into this column. */
export type Merge = 'set' | 'add' | 'keep';

/** What each kind of column is in PostgreSQL, in a fold's rows, and in a Kysely select. */
interface Kinds {
  text: { sql: 'text'; value: string; select: string };
  /** Exact money: numeric(38,8); decimal.js (or its text) in memory, text when read. */
  amount: { sql: typeof AMOUNT_TYPE; value: Decimal | string; select: string };
  /** An exact decimal of any scale (numeric): a quantity converted between units may need more than 8 fraction digits. */
  quantity: { sql: 'numeric'; value: Decimal | string; select: string };
  integer: { sql: 'integer'; value: number; select: number };
  /** A log position (bigint): a number in memory, text when read (pg's bigint). */
  position: { sql: 'bigint'; value: number; select: string };
  boolean: { sql: 'boolean'; value: boolean; select: boolean };
  /** timestamptz; the event's ISO-8601 text in memory, a Date when read. */
  time: { sql: 'timestamptz'; value: string; select: Date };
  /** jsonb; JSON text in memory (encoded once, by the fold), the parsed value when read. */
  json: { sql: 'jsonb'; value: string; select: unknown };
}
export type Kind = keyof Kinds;

const SQL_TYPES: { [K in Kind]: Kinds[K]['sql'] } = {
  text: 'text',
  amount: AMOUNT_TYPE,
  quantity: 'numeric',
  integer: 'integer',
  position: 'bigint',
  boolean: 'boolean',
  time: 'timestamptz',
  json: 'jsonb',
};

/** One column's declaration. Immutable: each modifier returns a new column. */
export class Column<K extends Kind = Kind, Nullable extends boolean = boolean> {
  private constructor(
    readonly kind: K,
    readonly nullable: Nullable,
    readonly merge: Merge,
    readonly isKey: boolean,
  ) {}

  static of<K extends Kind>(kind: K): Column<K, false> {
    return new Column(kind, false, 'set', false);
  }

  /** The PostgreSQL type of the column (and `${sqlType}[]` of its unnest array). */
  get sqlType(): string {
    return SQL_TYPES[this.kind];
  }

  /** May be NULL. */
  orNull(): Column<K, true> {
    return new Column(this.kind, true, this.merge, this.isKey);
  }

  /** Part of the table's key (in the order the columns are declared). */
  key(): Column<K, Nullable> {
    return new Column(this.kind, this.nullable, this.merge, true);
  }

  /** A second write of the row adds to it (sums). */
  add(): Column<K, Nullable> {
    if (this.kind !== 'amount' && this.kind !== 'quantity' && this.kind !== 'integer')
      throw new Error(`add() on a ${this.kind} column`);
    return new Column(this.kind, this.nullable, 'add', this.isKey);
  }

  /** A second write of the row keeps the value first written. */
  keep(): Column<K, Nullable> {
    return new Column(this.kind, this.nullable, 'keep', this.isKey);
  }
}

export const text = () => Column.of('text');
export const amount = () => Column.of('amount');
export const quantity = () => Column.of('quantity');
export const integer = () => Column.of('integer');
export const position = () => Column.of('position');
export const boolean = () => Column.of('boolean');
export const time = () => Column.of('time');
export const json = () => Column.of('json');

export type Columns = Readonly<Record<string, Column>>;

/** The value of a column in a fold's rows. */
export type ValueOf<C> =
  C extends Column<infer K, infer N> ? Kinds[K]['value'] | (N extends true ? null : never) : never;
/** The value of a column as a Kysely select returns it (see @reckon/database's type parsers). */
export type SelectOf<C> =
  C extends Column<infer K, infer N> ? Kinds[K]['select'] | (N extends true ? null : never) : never;

/** Adds two values of an `add` column (amounts exactly). */
export function addValues(kind: Kind, a: unknown, b: unknown): unknown {
  if (a === null || a === undefined) return b;
  if (b === null || b === undefined) return a;
  if (kind === 'integer') return (a as number) + (b as number);
  const x = a instanceof Decimal ? a : new Decimal(a as string);
  const y = b instanceof Decimal ? b : new Decimal(b as string);
  return add(x, y); // the domain's: nothing new when one side is zero, as most deltas of a summary row are
}
