import type { Position } from '@kurrent/kurrentdb-client';
import type { JsonObject, NewEvent, StoredEvent } from '@reckon/event-store';
import type { StreamNames } from './names.js';
import { revisionToVersion, toGlobalPosition } from './positions.js';

/**
 * What an event looks like in EventStoreDB: a JSON event whose id is the port's event id, whose type
 * is the port's type, whose data is the port's data, and whose metadata is the caller's metadata
 * plus one key of ours, `$reckon`, holding what EventStoreDB has no field for: the schema version
 * and the business time exactly as given.
 */
export const ENVELOPE_KEY = '$reckon';

/**
 * Records written through KurrentDB's multi-stream appends (v2 protocol) carry metadata as
 * properties with string values only, and the server hands them back as a JSON object of those
 * strings (plus keys of its own, `$schema.…`). There the envelope and the caller's metadata travel
 * together as one JSON string under this key.
 */
export const ENVELOPE_PROPERTY = 'reckon.envelope';

/** KurrentDB's link event type: data `<revision>@<stream>` names the event it stands for. */
export const LINK_TYPE = '$>';

/**
 * Type of the records that stand for links in multi-stream appends: KurrentDB accepts no `$`
 * types there (so no `$>`), only names of letters, digits, `_`, `.` and `-`. Reserved for the port.
 */
export const LINK_RECORD_TYPE = 'reckon.link';

interface Envelope {
  version: number;
  occurredAt: string;
}

export function encodeMetadata(event: NewEvent): JsonObject {
  const metadata = event.metadata ?? {};
  if (ENVELOPE_KEY in metadata) throw new TypeError(`event metadata must not use the reserved key ${ENVELOPE_KEY}`);
  const version = event.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) throw new TypeError('event version must be a positive integer');
  if (Number.isNaN(Date.parse(event.occurredAt))) throw new TypeError(`occurredAt ${event.occurredAt} is not a date`);
  const envelope: Envelope = { version, occurredAt: event.occurredAt };
  return { ...metadata, [ENVELOPE_KEY]: { ...envelope } };
}

/** The properties of a record written by a multi-stream append: one string, see `ENVELOPE_PROPERTY`. */
export function encodeProperties(event: NewEvent): Record<string, string> {
  const { [ENVELOPE_KEY]: envelope, ...metadata } = encodeMetadata(event);
  return { [ENVELOPE_PROPERTY]: JSON.stringify({ ...(envelope as JsonObject), metadata }) };
}

/** The envelope and the caller's metadata, or undefined if the metadata is not ours. */
export function decodeMetadata(raw: unknown): { envelope: Envelope; metadata: JsonObject } | undefined {
  if (!isObject(raw)) return undefined;
  const { [ENVELOPE_KEY]: envelope, ...metadata } = raw;
  if (isObject(envelope)) {
    const { version, occurredAt } = envelope;
    if (typeof version !== 'number' || typeof occurredAt !== 'string') return undefined;
    return { envelope: { version, occurredAt }, metadata: metadata as JsonObject };
  }
  const property = raw[ENVELOPE_PROPERTY];
  if (typeof property !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(property);
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  const { version, occurredAt, metadata: callers } = parsed;
  if (typeof version !== 'number' || typeof occurredAt !== 'string' || !isObject(callers)) return undefined;
  return { envelope: { version, occurredAt }, metadata: callers as JsonObject };
}

/** The fields of an EventStoreDB recorded event that decoding reads (the client's type has them). */
export interface RecordedLike {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/**
 * The port's view of a recorded event, or undefined for records that are not events of this
 * store: links (`$>` and link records), system events, records of streams outside the store's
 * namespace (other prefixes, system streams, the id index; see `StreamNames.owns`).
 *
 * Any other record lies in a stream of this store and must be one of its events: if it cannot be
 * read as one (a stream name the encoding never gives, no JSON object as data, metadata with
 * neither form of the envelope — say a server handing back property metadata in a shape this
 * adapter does not know), this throws `UndecodableRecordError` instead of dropping the event,
 * which would silently leave it out of streams, `$all` and every projection.
 */
export function decodeRecordedEvent(recorded: RecordedLike, names: StreamNames): StoredEvent | undefined {
  if (recorded.type.startsWith('$') || recorded.type === LINK_RECORD_TYPE) return undefined;
  if (!names.owns(recorded.streamId)) return undefined;
  const streamId = names.streamId(recorded.streamId);
  if (streamId === undefined) throw new UndecodableRecordError(recorded, 'its stream name is none this store gives');
  if (!recorded.isJson || !isObject(recorded.data)) {
    throw new UndecodableRecordError(recorded, 'its data is not a JSON object');
  }
  const decoded = decodeMetadata(recorded.metadata);
  if (decoded === undefined) throw new UndecodableRecordError(recorded, metadataProblem(recorded.metadata));
  return {
    eventId: recorded.id.toLowerCase(),
    type: recorded.type,
    version: decoded.envelope.version,
    streamId,
    streamPosition: revisionToVersion(recorded.revision),
    globalPosition: toGlobalPosition(recorded.position),
    occurredAt: decoded.envelope.occurredAt,
    recordedAt: recorded.created.toISOString(),
    data: recorded.data as JsonObject,
    metadata: decoded.metadata,
  };
}

/** A record in one of this store's streams that is not an event this adapter wrote. */
export class UndecodableRecordError extends Error {
  override name = 'UndecodableRecordError';
  constructor(
    readonly record: Pick<RecordedLike, 'streamId' | 'revision' | 'id' | 'type'>,
    readonly reason: string,
  ) {
    super(
      `record ${record.id} (type ${record.type}) at revision ${record.revision} of stream ${record.streamId} cannot be read as an event of this store: ${reason}`,
    );
  }
}

/** What is wrong with metadata `decodeMetadata` refused, without its values. */
function metadataProblem(raw: unknown): string {
  if (raw === undefined || raw === null) return 'it has no metadata';
  if (!isObject(raw)) return 'its metadata is not a JSON object';
  const keys = Object.keys(raw);
  if (ENVELOPE_KEY in raw || ENVELOPE_PROPERTY in raw)
    return `its envelope is malformed (metadata keys: ${keys.join(', ')})`;
  return `its metadata holds neither ${ENVELOPE_KEY} nor ${ENVELOPE_PROPERTY} (keys: ${keys.join(', ') || 'none'})`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
