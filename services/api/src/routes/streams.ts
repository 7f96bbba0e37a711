import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EventStore, StoredEvent as StoreEvent } from '@reckon/event-store';
import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  InvalidCursorError,
  listDigest,
  Nullable,
  PageRequest,
  StringEnum,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { WRITER_ROLES } from '../auth/access.js';
import { ProblemError, problem } from '../plugins/problems.js';
import { csvColumns, toCsv, wantsCsv } from './csv.js';
import { STREAM_EXAMPLE } from './examples.js';
import { PositionParam, renderInstant } from './queries/params.js';
import { answer, problemAnswers } from './responses.js';
import { SharedRef, StoredEvent } from './schemas.js';

const CSV_COLUMNS = csvColumns(StoredEvent);

const StreamPage = Type.Object({
  streamId: Type.String(),
  version: Type.Integer({ description: 'position of the last event of the stream' }),
  items: Type.Array(SharedRef(StoredEvent)),
  nextCursor: Nullable(Type.String({ description: 'the cursor of the next page, null on the last page' })),
});

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The first event of a stream (its creation, or the first event linked into it), if any. */
async function firstEvent(store: EventStore, streamId: string): Promise<StoreEvent | undefined> {
  return (await store.readStream(streamId, { fromVersion: 1, maxCount: 1 }))[0];
}

/** The partner a customer is associated with now, from its stream (none: undefined). */
async function currentPartnerOf(store: EventStore, customerId: string): Promise<string | undefined> {
  let partnerId: string | undefined;
  for (const event of await store.readStream(`customer-${customerId}`)) {
    if (event.type === 'CustomerAssociated') partnerId = str(event.data.partnerId);
    else if (event.type === 'CustomerDisassociated') partnerId = undefined;
  }
  return partnerId;
}

/**
 * The partner whose zone `?tz=partner` uses for a stream, read from the stream's first event the
 * way the query routes choose: a partner's own streams (and its funds, quotas, statements) are
 * its; a customer's streams (its orders, charges, adjustments, discounts, vouchers, and the refund
 * and change links of its orders) are its current partner's. Periods, rules and the catalogue belong to none.
 */
async function partnerOfStream(store: EventStore, streamId: string): Promise<string | undefined> {
  const first = await firstEvent(store, streamId);
  if (!first) return undefined;
  const data = first.data;
  if (first.type === 'CustomerAssociated') return currentPartnerOf(store, String(data.customerId));
  const owner = str(data.partnerId) ?? str(data.resellerId);
  if (owner) return owner;
  const customerId = str(data.customerId);
  if (customerId) return currentPartnerOf(store, customerId);
  const orderId = str(data.orderId);
  if (orderId) {
    const order = await firstEvent(store, `order-${orderId}`);
    const orderCustomer = str(order?.data.customerId);
    return orderCustomer ? currentPartnerOf(store, orderCustomer) : undefined;
  }
  return undefined;
}

async function zoneOfStream(store: EventStore, streamId: string): Promise<string> {
  const partnerId = await partnerOfStream(store, streamId);
  if (!partnerId) return 'UTC';
  // The zone the partner has now: registered with one, changed by PartnerProfileChanged.
  let zone: string | undefined;
  for (const event of await store.readStream(`partner-${partnerId}`)) zone = str(event.data.timeZone) ?? zone;
  return zone ?? 'UTC';
}

/** The audit view: the raw log of one stream, with positions, times and the actor of each event. */
export const streamRoutes: FastifyPluginAsyncTypebox<{ store: EventStore }> = async (app, options) => {
  app.get(
    '/v1/streams/:streamId/events',
    {
      // The raw log holds every partner's data: only admin and finance audit it.
      config: { roles: WRITER_ROLES },
      schema: {
        summary: 'Events of one stream (audit view)',
        description:
          'Events in stream order with their stream and global positions, recordedAt, occurredAt and metadata ' +
          '(actor, requestId, causationId, correlationId). Pages with limit (≤ 1000) and an opaque cursor; ' +
          'Accept: text/csv gives the same fields as CSV.',
        tags: ['audit'],
        security: [{ bearer: [] }],
        operationId: 'listStreamEvents',
        params: Type.Object({
          streamId: Type.String({
            minLength: 1,
            maxLength: 200,
            description: 'a stream name like "order-O1" (1–200 characters)',
          }),
        }),
        querystring: Type.Object(
          {
            limit: Type.Integer({ ...PageRequest.properties.limit, default: DEFAULT_PAGE_SIZE }),
            cursor: PageRequest.properties.cursor,
            minPosition: Type.Optional(
              PositionParam('accepted like on every query; the log is read directly, so it is always satisfied'),
            ),
            tz: Type.Optional(
              StringEnum(['UTC', 'partner'], {
                description:
                  'occurredAt and recordedAt in UTC, or in the zone of the partner the stream belongs to (a ' +
                  "customer's streams: its current partner's; none: UTC). Without it, occurredAt is shown as sent.",
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: {
          200: answer("a page of the stream's events", StreamPage, STREAM_EXAMPLE),
          ...problemAnswers({
            400: 'querystring/limit must be <= 1000 (got 5000)',
            403: 'role partner may not GET /v1/streams/:streamId/events',
            404: 'stream order-O9 has no events',
          }),
        },
      },
    },
    async (request, reply) => {
      const { streamId } = request.params;
      const { limit } = request.query;
      // A cursor names the stream position the next page starts at, for this stream only.
      const digest = listDigest('stream-events', { streamId });
      let from = 1;
      if (request.query.cursor !== undefined) {
        const [position, ...rest] = decodeCursor(request.query.cursor, digest);
        if (rest.length > 0 || !Number.isSafeInteger(position) || (position as number) < 1) {
          throw new InvalidCursorError('not-issued');
        }
        from = position as number;
      }
      const [version, events] = await Promise.all([
        options.store.streamVersion(streamId),
        options.store.readStream(streamId, { fromVersion: from, maxCount: limit + 1 }),
      ]);
      if (version === 0 && events.length === 0) {
        throw new ProblemError(problem('not-found', `stream ${streamId} has no events`));
      }
      // Positions in this stream run 1..version; an event linked in from its home stream says where it lives.
      const items = events.slice(0, limit).map((event, offset) =>
        event.streamId === streamId
          ? event
          : {
              ...event,
              streamId,
              streamPosition: from + offset,
              linkedFrom: { streamId: event.streamId, streamPosition: event.streamPosition },
            },
      );
      const nextCursor = events.length > limit ? encodeCursor([from + limit], digest) : null;
      const { tz } = request.query;
      if (tz !== undefined) {
        const zone = tz === 'partner' ? await zoneOfStream(options.store, streamId) : 'UTC';
        for (const item of items) {
          item.occurredAt = renderInstant(new Date(item.occurredAt).toISOString(), zone);
          item.recordedAt = renderInstant(new Date(item.recordedAt).toISOString(), zone);
        }
      }
      if (wantsCsv(request)) {
        if (nextCursor) reply.header('x-next-cursor', nextCursor);
        return reply.type('text/csv; charset=utf-8').send(toCsv(CSV_COLUMNS, items));
      }
      return { streamId, version, items, nextCursor };
    },
  );
};
