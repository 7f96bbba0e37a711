/** JSON schemas of the HTTP surface; they drive serialisation and the OpenAPI document. */
import { EVENT_ENVELOPE_SCHEMAS, EVENT_TYPES } from '@reckon/domain';
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** The answer to an append. */
export const Appended = Type.Object({
  appended: Type.Integer({ description: 'events appended (for an idempotent repeat: events in the request)' }),
  lastPosition: Type.Integer({ description: 'global position of the last event of the request' }),
  duplicates: Type.Optional(Type.Integer({ description: 'events of a mixed batch that were already stored' })),
});

/** The envelope of each event type, from the domain's schemas (plain JSON, `$id` `<Type>Event`). */
export const eventEnvelopeSchemas = EVENT_TYPES.map((type) => ({
  ...(JSON.parse(JSON.stringify(EVENT_ENVELOPE_SCHEMAS[type])) as Record<string, unknown>),
  $id: `${type}Event`,
}));

export const envelopeSchema = {
  $id: 'EventEnvelope',
  description:
    'An event: eventId (UUID, the idempotency key), type, version (default 1), occurredAt (ISO-8601 with an ' +
    'offset), data (per type; amounts are decimal strings) and optional metadata (causationId, correlationId).',
  oneOf: EVENT_TYPES.map((type) => ({ $ref: `${type}Event#` })),
} as const;

/** One event or a batch; checked by the domain's parser, not by ajv, so its type is what that parser takes. */
export const EventsBody = Type.Unsafe<unknown>({
  oneOf: [
    { $ref: 'EventEnvelope#' },
    {
      type: 'object',
      required: ['events'],
      properties: { events: { type: 'array', minItems: 1, items: { $ref: 'EventEnvelope#' } } },
      additionalProperties: false,
    },
  ],
});

/** An event as read back from the log (shared as `StoredEvent`), positions first as the audit view lists them. */
export const StoredEvent = Type.Object(
  {
    streamPosition: Type.Integer({ description: 'position in the stream read (1, 2, …)' }),
    globalPosition: Type.Integer(),
    eventId: Type.String(),
    type: Type.String(),
    version: Type.Integer(),
    streamId: Type.String({ description: 'the stream read' }),
    occurredAt: Type.String({ description: 'business time as sent' }),
    recordedAt: Type.String({ description: 'when the store committed it (UTC)' }),
    data: Type.Object({}, { additionalProperties: true }),
    metadata: Type.Object(
      {},
      { additionalProperties: true, description: 'actor (who appended it), requestId, causationId, correlationId' },
    ),
    linkedFrom: Type.Optional(
      Type.Object(
        { streamId: Type.String(), streamPosition: Type.Integer() },
        { description: 'for an event linked into this stream: its home stream and position there' },
      ),
    ),
  },
  { $id: 'StoredEvent' },
);
export type StoredEvent = Static<typeof StoredEvent>;

/** A reference to a shared schema (one added with `app.addSchema`), typed as the schema it names. */
export const SharedRef = <T extends TSchema & { $id?: string }>(schema: T) =>
  Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
