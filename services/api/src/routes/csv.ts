/**
 * CSV for finance (docs/http-api.md, "CSV"): written by csv-stringify (RFC 4180, CRLF), UTF-8 with
 * a byte-order mark so Excel reads Chinese names right, the columns of the answer schema, and no
 * cell a spreadsheet would run as a formula.
 */
import { pipeline, Readable } from 'node:stream';
import type { TSchema } from '@sinclair/typebox';
import { stringify as csvStream, type Options } from 'csv-stringify';
import { stringify } from 'csv-stringify/sync';
import type { FastifyRequest } from 'fastify';

/**
 * Whether the client asked for CSV (`Accept: text/csv`) rather than JSON: text/csv with a weight
 * above 0 (`;q=0` refuses it) and above JSON's, or as high and named first.
 */
export function wantsCsv(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  if (!accept || !/text\/csv/i.test(accept)) return false;
  let csv = { q: 0, at: -1 };
  let json = { q: 0, at: -1 };
  accept.split(',').forEach((range, at) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const weight = params.find((p) => p.startsWith('q='));
    const q = weight === undefined ? 1 : Number(weight.slice(2));
    if (!(q >= 0 && q <= 1)) return;
    if (type === 'text/csv' && q > csv.q) csv = { q, at };
    if (type === 'application/json' && q > json.q) json = { q, at };
  });
  return csv.q > 0 && (csv.q > json.q || (csv.q === json.q && csv.at < json.at));
}

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection), full-width forms included. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
/** A plain decimal number, such as an amount: a spreadsheet reads it as a number, never a formula. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text cell that would start a formula (a customer named `=HYPERLINK(…)`) gets a leading `'`, so
 * a spreadsheet shows it as text; numbers, negative amounts such as `-20.00` included, are left
 * alone, so the amount columns still add up.
 */
function neutralised(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

type ObjectSchema = { type?: unknown; properties?: Record<string, ObjectSchema> };

/**
 * The CSV columns of a list item, read off its answer schema so they are the JSON's fields in the
 * JSON's order: a nested object (even a nullable one) becomes dotted columns (`refunds.total`);
 * arrays and free-form values stay one column, written as JSON.
 */
export function csvColumns(item: TSchema): string[] {
  const columns: string[] = [];
  const walk = (schema: ObjectSchema, prefix: string) => {
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const types = [property.type].flat();
      if (types.includes('object') && property.properties && Object.keys(property.properties).length > 0) {
        walk(property, `${prefix}${name}.`);
      } else {
        columns.push(`${prefix}${name}`);
      }
    }
  };
  walk(item as ObjectSchema, '');
  return columns;
}

/** One header row of the column names, then one row per item; null and missing values are empty cells. */
const options = (columns: readonly string[]): Options => ({
  bom: true,
  header: true,
  record_delimiter: '\r\n',
  // A field holding a lone CR or LF is quoted too (with a delimiter given, csv-stringify would not).
  quote_record_delimiter: true,
  columns: columns.map((key) => ({ key })),
  cast: {
    string: neutralised,
    boolean: String,
    object: (value) => neutralised(JSON.stringify(value)),
  },
});

/** A whole CSV document (with its byte-order mark). */
export function toCsv(columns: readonly string[], items: readonly object[]): string {
  return stringify(items as object[], options(columns));
}

/** A CSV document written as `items` arrive (a list read page by page); it errors if they do. */
export function csvOf(columns: readonly string[], items: AsyncIterable<object>): Readable {
  return pipeline(Readable.from(items), csvStream(options(columns)), () => {});
}
