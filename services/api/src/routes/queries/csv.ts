import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Page } from '@reckon/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvOf, toCsv, wantsCsv } from '../csv.js';

export { csvColumns, wantsCsv } from '../csv.js';

/** A list as a route answers it: its CSV columns and file name, the page asked for, and how to read a page. */
export interface ListOptions<T> {
  columns: readonly string[];
  filename: string;
  limit: number | undefined;
  cursor: string | undefined;
  page: (limit: number, cursor: string | undefined) => Promise<Page<T>>;
}

/**
 * Sends a list as `text/csv`: a header row, then one row per item with the JSON item's fields
 * (nested objects as dotted columns). With a `limit` it is that one page (the next cursor in the
 * `X-Next-Cursor` header); without, the whole list from `cursor` on, streamed page by page.
 */
export async function sendCsv<T extends object>(reply: FastifyReply, options: ListOptions<T>): Promise<FastifyReply> {
  const { columns, page } = options;
  // The first page is read before answering, so a bad cursor is still a 400 problem (without the
  // CSV headers) and not a broken stream.
  const first = await page(options.limit ?? MAX_PAGE_SIZE, options.cursor);
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${options.filename}"`);
  if (options.limit !== undefined) {
    if (first.nextCursor) reply.header('x-next-cursor', first.nextCursor);
    return reply.send(toCsv(columns, first.items));
  }
  async function* items(): AsyncGenerator<T> {
    yield* first.items;
    let cursor = first.nextCursor;
    while (cursor) {
      const next = await page(MAX_PAGE_SIZE, cursor);
      yield* next.items;
      cursor = next.nextCursor;
    }
  }
  return reply.send(csvOf(columns, items()));
}

/** A paged list: CSV when the client asks for it (see sendCsv), else one JSON page (`limit` default 100). */
export async function sendList<T extends object>(
  request: FastifyRequest,
  reply: FastifyReply,
  options: ListOptions<T>,
): Promise<FastifyReply | Page<T>> {
  if (wantsCsv(request)) return sendCsv(reply, options);
  return options.page(options.limit ?? DEFAULT_PAGE_SIZE, options.cursor);
}
