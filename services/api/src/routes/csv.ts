import type { TSchema } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';

/** Whether the client asked for CSV (`Accept: text/csv`) rather than JSON. */
export function wantsCsv(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /(^|,)\s*text\/csv\b/i.test(accept) && !/(^|,)\s*application\/json\b/i.test(accept.split('text/csv')[0] ?? '');
}

/** What a spreadsheet reads as the start of a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number, such as an amount: a spreadsheet reads it as a number, never a formula. */
const NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A text cell that would start a formula (a customer named `=HYPERLINK(…)`) gets a leading `'`, so
 * a spreadsheet shows it as text; numbers, negative amounts such as `-20.00` included, are left
 * alone, so the amount columns still add up (docs/http-api.md, "CSV").
 */
function neutralised(text: string): string {
  return FORMULA_START.test(text) && !NUMBER.test(text) ? `'${text}` : text;
}

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; objects and arrays as JSON. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = neutralised(typeof value === 'object' ? JSON.stringify(value) : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The value at a dotted column name (`refunds.total`): nested objects flatten into columns. */
function valueAt(item: object, column: string): unknown {
  let value: unknown = item;
  for (const key of column.split('.')) {
    if (value === null || typeof value !== 'object') return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
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

export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(field).join(',')}\r\n`;
}

export function csvLines(columns: readonly string[], items: readonly object[]): string {
  let text = '';
  for (const item of items) text += `${columns.map((column) => field(valueAt(item, column))).join(',')}\r\n`;
  return text;
}

/** A whole CSV document: the header row, then one row per item. */
export function toCsv(columns: readonly string[], items: readonly object[]): string {
  return csvHeader(columns) + csvLines(columns, items);
}
