import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { csvHeader, csvLines } from '../csv';
import { MAX_LIMIT } from './params';

export { wantsCsv } from '../csv';

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
  // The first page is read before answering, so a bad cursor is still a 400 problem (without the
  // CSV headers) and not a broken stream.
  const first = await page(options.limit ?? MAX_LIMIT, options.cursor);
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${options.filename}"`);
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
