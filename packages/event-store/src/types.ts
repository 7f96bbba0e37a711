/**
 * The event store port. Domain and application code depend only on this module; adapters
 * (`@reckon/event-store-postgres`, `@reckon/event-store-eventstoredb`) implement it, and one
 * contract suite (`./contract`) holds every adapter to the same semantics.
 *
 * Numbering: a stream's events have positions 1, 2, 3, …; a stream's *version* is the position of
 * its last event (0 = the stream does not exist). Global positions also start at 1 and are
 * strictly increasing in the order events become visible to readers; a checkpoint of 0 means
 * "nothing read yet". Positions are JS numbers (safe up to 2^53).
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/**
 * `any`: no check. `no_stream`: the stream must not exist. `stream_exists`: it must exist. A number:
 * the stream's version must be exactly that (0 is the same as `no_stream`).
 */
export type ExpectedVersion = 'any' | 'no_stream' | 'stream_exists' | number;

export interface NewEvent {
  /** UUID; the idempotency key across the whole log. */
  eventId: string;
  type: string;
  /** Schema version of `data`; default 1. */
  version?: number;
  /** Business time, ISO-8601 with an offset; stored exactly as given. */
  occurredAt: string;
  data: JsonObject;
  metadata?: JsonObject;
}

/** Places an event that this call (or an earlier one) appends into one more stream as well. */
export interface LinkTo {
  linkTo: string; // eventId
}

export interface AppendRequest {
  streamId: string;
  expectedVersion?: ExpectedVersion;
  events: ReadonlyArray<NewEvent | LinkTo>;
}

export interface AppendOptions {
  /**
   * The global order of the call's events, as event ids. Without it, events take global positions
   * in the order of the requests, then of the events within each. A batch that was decided event by
   * event across several streams passes its decision order here, so that readers of the log (and a
   * replay) see the events in the order they were validated. Each stream's own events must appear in
   * their stream order; ids not named keep their place after the named ones.
   */
  order?: readonly string[];
}

export interface StoredEvent {
  eventId: string;
  type: string;
  version: number;
  /** The stream the event was appended to (its home stream, also when read through a link). */
  streamId: string;
  streamPosition: number;
  globalPosition: number;
  occurredAt: string;
  /** When the store committed it, ISO-8601 UTC. */
  recordedAt: string;
  data: JsonObject;
  metadata: JsonObject;
}

export interface AppendResult {
  /** Events written by this call (duplicates and links not counted). */
  appended: number;
  /** Events of the call that were already stored with the same content, and so not written again. */
  duplicates: number;
  /** Global position of the last event the call names (written now or found stored); 0 if none. */
  lastPosition: number;
  /** Version of each stream the call touched, after it. */
  streamVersions: Record<string, number>;
}

export interface ReadStreamOptions {
  /** First stream position to return (inclusive); default 1. */
  fromVersion?: number;
  maxCount?: number;
}

/** One stream of a `readStreams` call and the first stream position wanted (default 1). */
export interface StreamRead {
  streamId: string;
  fromVersion?: number;
}

export interface ReadAllOptions {
  /** Return events after this global position (exclusive); default 0. */
  fromPosition?: number;
  /** Stop after this global position (inclusive). */
  toPosition?: number;
  /** Events per batch; default 1000. */
  batchSize?: number;
}

export interface SubscribeOptions {
  /** Deliver events after this checkpoint (exclusive). */
  fromPosition: number;
  /** Largest batch handed to `handler`; default 1000. */
  batchSize?: number;
  /**
   * Receives events in global order, never one twice, never skipping one. The checkpoint advances
   * past a batch only when its promise resolves; if it rejects, the subscription stops and
   * `onError` is called.
   */
  handler: (events: StoredEvent[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Global position of the last event handed to `handler` and acknowledged. */
  readonly position: number;
  /** Resolves when the subscription has stopped (after the batch in hand, if any, finishes). */
  stop(): Promise<void>;
}

export interface EventStore {
  /** Appends to one stream; see `appendToStreams`. */
  appendToStream(
    streamId: string,
    events: ReadonlyArray<NewEvent | LinkTo>,
    options?: { expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult>;

  /**
   * Appends to several streams in one atomic step: every expected version holds and every event is
   * written, or nothing is. Events already stored with the same content are skipped (reported as
   * duplicates); if every event is such a duplicate the call succeeds without checking versions.
   * Throws `WrongExpectedVersionError` or `DuplicateEventIdError`.
   * Adapters whose backend cannot append to several streams atomically throw
   * `UnsupportedOperationError` when given more than one stream.
   */
  appendToStreams(requests: readonly AppendRequest[], options?: AppendOptions): Promise<AppendResult>;

  /** Events of one stream (its own and those linked into it) in stream order. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;

  /**
   * Events of several streams at once, each like `readStream` from its `fromVersion`: a stream
   * absent or without events from there maps to []. One round trip where the backend allows it
   * (the command side loads the streams of a whole batch this way).
   */
  readStreams(reads: readonly StreamRead[]): Promise<Map<string, StoredEvent[]>>;

  /** The current version of a stream (0: it does not exist). */
  streamVersion(streamId: string): Promise<number>;

  /** The stored events with these ids (any not stored are absent from the map). */
  readEventsById(eventIds: readonly string[]): Promise<Map<string, StoredEvent>>;

  /** The whole log in global order, in batches, without holding it all in memory. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent[]>;

  /** Global position of the last event a reader can see now; 0 for an empty log. */
  headPosition(): Promise<number>;

  /** Catches up from the checkpoint, then follows new appends with low latency. */
  subscribeToAll(options: SubscribeOptions): Subscription;

  close(): Promise<void>;
}
