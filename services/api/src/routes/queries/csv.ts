import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { MAX_LIMIT } from './params';

export { wantsCsv } from '../csv';

/** One CSV field (RFC 4180): quoted when it holds a quote, comma or line break; arrays as JSON. */
function field(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
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

export function csvLines(columns: readonly string[], items: readonly object[]): string {
  let text = '';
  for (const item of items) text += `${columns.map((column) => field(valueAt(item, column))).join(',')}\r\n`;
  return text;
}

export function csvHeader(columns: readonly string[]): string {
  return `${columns.map(field).join(',')}\r\n`;
}

export interface CsvPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Sends a list as `text/csv`: a header row, then one row per item with the JSON item's fields
 * (nested objects as dotted columns). With a `limit` it is that one page (the next cursor in the
 * `X-Next-Cursor` header); without, the whole list from `cursor` on, streamed page by page.
 */
export async function sendCsv<T extends object>(
  reply: FastifyReply,
  options: {
    columns: readonly string[];
    filename: string;
    limit: number | undefined;
    cursor: string | undefined;
    page: (limit: number, cursor: string | undefined) => Promise<CsvPage<T>>;
  },
): Promise<FastifyReply> {
  const { columns, page } = options;
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${options.filename}"`);
  // The first page is read before answering, so a bad cursor is still a 400 and not a broken stream.
  const first = await page(options.limit ?? MAX_LIMIT, options.cursor);
  if (options.limit !== undefined) {
    if (first.nextCursor) reply.header('x-next-cursor', first.nextCursor);
    return reply.send(csvHeader(columns) + csvLines(columns, first.items));
  }
  async function* rows(): AsyncGenerator<string> {
    yield csvHeader(columns) + csvLines(columns, first.items);
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await page(MAX_LIMIT, cursor);
      yield csvLines(columns, next.items);
      cursor = next.nextCursor;
    }
  }
  return reply.send(Readable.from(rows()));
}
