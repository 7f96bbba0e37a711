import type { Page, PageRequest } from '@reckon/projections';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendList } from './csv.js';
import type { ListQuery } from './params.js';
import type { ReadSide } from './read-side.js';

/** The partner a list belongs to, once the key is known to read it. */
export type ReadablePartner = Awaited<ReturnType<ReadSide['readablePartner']>>;

/** One of a partner's lists: its CSV columns and file name, and how to read its pages. */
export interface PartnerList<T> {
  columns: readonly string[];
  filename: (partnerId: string) => string;
  /**
   * Called once, with the partner and the zone of the answer (where the filters that read times are
   * made, so that a bad one is answered before any page); returns the reader of one page, whose
   * items carry their instants in that zone.
   */
  pages: (partner: ReadablePartner, zone: string) => (asked: PageRequest) => Promise<Page<T>>;
}

/**
 * Answers a list of one partner's things (SPEC §6) as every such route does: once `minPosition` is
 * reached and the key may read the partner, in the zone the query asks for, a page of JSON or the
 * list as CSV (csv.ts `sendList`).
 */
export async function sendPartnerList<T extends object>(
  read: ReadSide,
  request: FastifyRequest,
  reply: FastifyReply,
  partnerId: string,
  query: ListQuery,
  list: PartnerList<T>,
): Promise<FastifyReply | Page<T>> {
  await read.reach(reply, query.minPosition);
  const partner = await read.readablePartner(request, partnerId);
  const zone = await read.zone(query, partner.partnerId);
  const page = list.pages(partner, zone);
  return sendList(request, reply, {
    columns: list.columns,
    filename: list.filename(partner.partnerId),
    limit: query.limit,
    cursor: query.cursor,
    page: (limit, cursor) => page({ limit, ...(cursor ? { cursor } : {}) }),
  });
}

/** A page with each item as `render` makes it (its instants in the answer's zone). */
export function mapPage<T, U>(page: Page<T>, render: (item: T) => U): Page<U> {
  return { items: page.items.map(render), nextCursor: page.nextCursor };
}
