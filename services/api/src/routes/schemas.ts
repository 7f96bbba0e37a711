/** JSON schemas of the HTTP surface; they drive serialisation and the OpenAPI document. */
import { EVENT_ENVELOPE_SCHEMAS, EVENT_TYPES } from '@reckon/domain';

export const appendedSchema = {
  type: 'object',
  required: ['appended', 'lastPosition'],
  properties: {
    appended: { type: 'integer', description: 'events appended (for an idempotent repeat: events in the request)' },
    lastPosition: { type: 'integer', description: 'global position of the last event of the request' },
    duplicates: { type: 'integer', description: 'events of a mixed batch that were already stored' },
  },
} as const;

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

export const eventsBodySchema = {
  oneOf: [
    { $ref: 'EventEnvelope#' },
    {
      type: 'object',
      required: ['events'],
      properties: { events: { type: 'array', minItems: 1, items: { $ref: 'EventEnvelope#' } } },
    },
  ],
} as const;

export const storedEventSchema = {
  $id: 'StoredEvent',
  type: 'object',
  required: ['eventId', 'type', 'version', 'streamId', 'streamPosition', 'globalPosition', 'occurredAt', 'recordedAt'],
  properties: {
    eventId: { type: 'string' },
    type: { type: 'string' },
    version: { type: 'integer' },
    streamId: { type: 'string', description: 'the stream read' },
    streamPosition: { type: 'integer', description: 'position in the stream read (1, 2, …)' },
    linkedFrom: {
      type: 'object',
      description: 'for an event linked into this stream: its home stream and position there',
      properties: { streamId: { type: 'string' }, streamPosition: { type: 'integer' } },
    },
    globalPosition: { type: 'integer' },
    occurredAt: { type: 'string', description: 'business time as sent' },
    recordedAt: { type: 'string', description: 'when the store committed it (UTC)' },
    data: { type: 'object', additionalProperties: true },
    metadata: {
      type: 'object',
      description: 'actor (who appended it), requestId, causationId, correlationId',
      additionalProperties: true,
    },
  },
} as const;
