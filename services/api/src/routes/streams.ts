import type { EventStore } from '@reckon/event-store';
import type { FastifyInstance } from 'fastify';
import { WRITER_ROLES } from '../auth/access';
import { ProblemError, problem, problemResponse } from '../plugins/problems';
import { toCsv, wantsCsv } from './csv';
import { decodeCursor, encodeCursor, pageQuerySchema } from './paging';

const CSV_COLUMNS = [
  'streamPosition',
  'globalPosition',
  'eventId',
  'type',
  'version',
  'streamId',
  'occurredAt',
  'recordedAt',
  'data',
  'metadata',
  'linkedFrom',
] as const;

/** The audit view: the raw log of one stream, with positions, times and the actor of each event. */
export async function streamRoutes(app: FastifyInstance, options: { store: EventStore }): Promise<void> {
  app.get<{ Params: { streamId: string }; Querystring: { limit: number; cursor?: string; minPosition?: number } }>(
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
        params: {
          type: 'object',
          required: ['streamId'],
          properties: { streamId: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        querystring: {
          ...pageQuerySchema,
          properties: {
            ...pageQuerySchema.properties,
            minPosition: {
              type: 'integer',
              minimum: 0,
              description: 'accepted like on every query; the log is read directly, so it is always satisfied',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['streamId', 'version', 'items', 'nextCursor'],
            properties: {
              streamId: { type: 'string' },
              version: { type: 'integer', description: 'position of the last event of the stream' },
              items: { type: 'array', items: { $ref: 'StoredEvent#' } },
              nextCursor: { type: ['string', 'null'] },
            },
          },
          '4xx': problemResponse,
        },
      },
    },
    async (request, reply) => {
      const { streamId } = request.params;
      const { limit } = request.query;
      let from = 1;
      if (request.query.cursor !== undefined) {
        const cursor = decodeCursor(request.query.cursor);
        if (typeof cursor.from !== 'number' || !Number.isSafeInteger(cursor.from) || cursor.from < 1) {
          throw new ProblemError(problem('invalid-request', 'cursor is not one this service issued'));
        }
        from = cursor.from;
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
      const nextCursor = events.length > limit ? encodeCursor({ from: from + limit }) : null;
      if (wantsCsv(request)) {
        if (nextCursor) reply.header('x-next-cursor', nextCursor);
        return reply.type('text/csv; charset=utf-8').send(toCsv(CSV_COLUMNS, items));
      }
      return { streamId, version, items, nextCursor };
    },
  );
}
