import { createHash } from 'node:crypto';

/**
 * Stream names in KurrentDB. A store may carry a prefix (one per test store, so that tests
 * sharing a server do not see each other); every stream it writes, the id index included, starts
 * with that prefix, which is what the server-side filter of $all reads selects on.
 *
 * KurrentDB's multi-stream appends take stream names of letters, digits, `_`, `.` and `-` only,
 * while the port's stream ids may hold any character (the domain's ids refuse only spaces, `/`, `?`,
 * `#` and `%`). So a stream id is encoded (`encodeStreamId`): letters, digits, `_` and `-` stay, every
 * other character becomes `.` and two hex digits per UTF-8 byte. Ids of those plain characters —
 * nearly all — keep their names; the encoding is one-to-one, so names decode back.
 */

/** Streams of the id index: `<prefix>reckon-idx-<eventId>`; stream ids of this shape are reserved. */
export const INDEX_INFIX = 'reckon-idx-';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLAIN = /^[A-Za-z0-9_-]$/;
const ENCODED = /^(?:[A-Za-z0-9_-]|\.[0-9a-f]{2})+$/;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** A port stream id in the characters KurrentDB's multi-stream appends take (see above). */
export function encodeStreamId(streamId: string): string {
  let name = '';
  for (const char of streamId) {
    if (PLAIN.test(char)) name += char;
    else for (const byte of Buffer.from(char, 'utf8')) name += `.${byte.toString(16).padStart(2, '0')}`;
  }
  return name;
}

/** The stream id an encoded name stands for; undefined for names `encodeStreamId` never gives. */
export function decodeStreamId(name: string): string | undefined {
  if (!ENCODED.test(name)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '.') {
      bytes.push(Number.parseInt(name.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(name.charCodeAt(i));
  }
  const streamId = Buffer.from(bytes).toString('utf8');
  // Escapes of plain characters, or of bytes that are no UTF-8, are not this encoding.
  return encodeStreamId(streamId) === name ? streamId : undefined;
}

export class StreamNames {
  constructor(readonly prefix: string) {
    if (!/^[A-Za-z0-9_.-]*$/.test(prefix)) {
      throw new TypeError('stream prefix may hold letters, digits, _, . and - only (KurrentDB stream names)');
    }
  }

  /** The EventStoreDB stream holding the port's stream `streamId`. */
  stream(streamId: string): string {
    if (streamId.length === 0) throw new TypeError('stream id must not be empty');
    // A lone surrogate has no UTF-8 form: it would be encoded as U+FFFD, the name of another id.
    if (LONE_SURROGATE.test(streamId))
      throw new TypeError(`stream id ${JSON.stringify(streamId)} is not valid Unicode`);
    if (streamId.startsWith(INDEX_INFIX)) throw new TypeError(`stream id ${streamId} is reserved for the id index`);
    return `${this.prefix}${encodeStreamId(streamId)}`;
  }

  /** The index stream of one event id; its first entry links to the event. */
  index(eventId: string): string {
    return `${this.prefix}${INDEX_INFIX}${eventId}`;
  }

  /**
   * A regular expression (JavaScript and .NET alike) matching the names of this store's streams
   * but not its index streams: the server-side filter of its $all reads.
   */
  streamsRegex(): string {
    return `^${escapeRegex(this.prefix)}(?!${escapeRegex(INDEX_INFIX)})`;
  }

  /**
   * Whether a KurrentDB stream lies in this store's namespace: it starts with the prefix, is no
   * system stream and no stream of the id index. Without a prefix that is every other stream of
   * the database. Records there are this store's to read, so reads fail on what they cannot decode.
   */
  owns(streamName: string): boolean {
    return (
      streamName.startsWith(this.prefix) &&
      !streamName.startsWith('$') &&
      !streamName.slice(this.prefix.length).startsWith(INDEX_INFIX)
    );
  }

  /**
   * The port's stream id of a KurrentDB stream; undefined if the stream is not this store's, or if
   * its name is none `stream()` gives (see `owns`).
   */
  streamId(streamName: string): string | undefined {
    return this.owns(streamName) ? decodeStreamId(streamName.slice(this.prefix.length)) : undefined;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Event ids are UUIDs; EventStoreDB hands them back in lower case, so they are compared that way. */
export function normalizeEventId(eventId: string): string {
  const id = eventId.toLowerCase();
  if (!UUID.test(id)) throw new TypeError(`event id ${eventId} is not a UUID`);
  return id;
}

/** Namespace of this adapter's name-based ids (a random v4 UUID, fixed forever). */
const NAMESPACE = '5c0f7a2e-9b1d-4e4f-8a63-d2c1b0e9f7a4';

/** A name-based UUID (RFC 4122 version 5): the same namespace and name always give the same id. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Ids of the records this adapter adds (links, index entries) derive from what they point at, so
 * that EventStoreDB's own idempotency recognises a retried append of them.
 */
export function nameBasedUuid(name: string): string {
  return uuidV5(NAMESPACE, name);
}

export function linkEventId(streamName: string, targetEventId: string): string {
  return nameBasedUuid(`link\n${streamName}\n${targetEventId}`);
}
