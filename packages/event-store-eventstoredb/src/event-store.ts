import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  binaryEvent,
  END,
  ErrorType,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type EventData,
  EventStoreDBClient,
  excludeSystemEvents,
  type Filter,
  isCommandError,
  jsonEvent,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  DuplicateEventIdError,
  type EventStore,
  type ExpectedVersion,
  isLink,
  type LinkTo,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
  UnsupportedOperationError,
  WrongExpectedVersionError,
} from '@reckon/event-store';
import { BatchReader } from './batch-reader';
import { decodeRecordedEvent, encodeMetadata } from './envelope';
import { KeyedLock } from './keyed-lock';
import { linkEventId, nameBasedUuid, normalizeEventId, StreamNames } from './names';
import { assertKeepsStreamOrder, type IndexEntry, type PlannedWrite, planWrite } from './plan';
import {
  currentRevisionToVersion,
  revisionToVersion,
  satisfiesExpectedVersion,
  toExpectedRevision,
  toLogPosition,
  versionToRevision,
} from './positions';

export interface EventStoreDbOptions {
  /**
   * Prefix of every EventStoreDB stream this store writes and the only streams it reads from $all;
   * default none. Each contract-test setup draws a random one, so that suites can share a server.
   */
  streamPrefix?: string;
  /** Whether `close()` disposes the client; default true. */
  ownsClient?: boolean;
}

/** EventStoreDB's link event type: data `<revision>@<stream>` names the event it stands for. */
const LINK_TYPE = '$>';
/** Index entry recording that an event was linked into one more stream (data `{ streamId }`). */
const LINKED_TYPE = '$reckon-linked';
const DEFAULT_BATCH_SIZE = 1000;
/** Index look-ups run this many at a time. */
const LOOKUP_CONCURRENCY = 32;

/** Pushed into a read of $all when the server reports it has caught up with the log's end. */
const CAUGHT_UP = Symbol('caught up');
type AllItem = AllStreamResolvedEvent | typeof CAUGHT_UP;

/**
 * The event store port on EventStoreDB (gRPC client 6.x, server 23.10 or later). What differs from
 * the PostgreSQL adapter, and why, is in docs/event-store-eventstoredb.md; in short:
 * - one stream per append call (EventStoreDB has no multi-stream transaction);
 * - ids are made unique across the log by an index stream per event id, written after the event;
 * - global positions are log offsets: increasing, not dense.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly #client: EventStoreDBClient;
  readonly #names: StreamNames;
  readonly #ownsClient: boolean;
  readonly #locks = new KeyedLock();
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  constructor(client: EventStoreDBClient, options: EventStoreDbOptions = {}) {
    this.#client = client;
    this.#names = new StreamNames(options.streamPrefix ?? '');
    this.#ownsClient = options.ownsClient ?? true;
  }

  /** A store on its own client, e.g. `connect('esdb://localhost:2113?tls=false')`. */
  static connect(connectionString: string, options: Omit<EventStoreDbOptions, 'ownsClient'> = {}) {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), {
      ...options,
      ownsClient: true,
    });
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<NewEvent | LinkTo>,
    options: { expectedVersion?: ExpectedVersion } = {},
  ): Promise<AppendResult> {
    return this.appendToStreams([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  /**
   * One request per call: EventStoreDB appends to one stream atomically, never to several, so a
   * call naming more than one stream (even one without events, as a guard) is refused before
   * anything is read or written. A request without events checks its stream's expected version.
   * `options.order` cannot reorder anything (the global order of one stream's events is its stream
   * order); an order that contradicts it is refused with a `TypeError` before anything is written.
   */
  async appendToStreams(requests: readonly AppendRequest[], options: AppendOptions = {}): Promise<AppendResult> {
    this.#assertOpen();
    if (requests.length > 1) {
      throw new UnsupportedOperationError(
        'EventStoreDB cannot append to several streams atomically: one stream per appendToStreams call',
      );
    }
    const request = requests[0];
    if (!request) return { appended: 0, duplicates: 0, lastPosition: 0, streamVersions: {} };
    const { streamId, expectedVersion } = request;
    this.#names.stream(streamId);

    if (request.events.length === 0) {
      const actual = await this.streamVersion(streamId);
      if (!satisfiesExpectedVersion(expectedVersion, actual)) {
        throw new WrongExpectedVersionError(streamId, expectedVersion ?? 'any', actual);
      }
      return { appended: 0, duplicates: 0, lastPosition: 0, streamVersions: { [streamId]: actual } };
    }

    const ids = request.events.map((item) => normalizeEventId(isLink(item) ? item.linkTo : item.eventId));
    const release = await this.#locks.acquire(ids);
    try {
      const plan = planWrite(request, await this.#lookupMany(ids));
      assertKeepsStreamOrder(plan.writes, options.order);
      if (plan.writes.length === 0) {
        // Everything named is in place already: an idempotent repeat, so no version is checked.
        return {
          appended: 0,
          duplicates: plan.duplicates,
          lastPosition: Math.max(0, ...plan.storedPositions),
          streamVersions: { [streamId]: await this.streamVersion(streamId) },
        };
      }
      const written = await this.#write(request, plan.writes);
      return {
        appended: plan.writes.filter((w) => w.kind === 'event').length,
        duplicates: plan.duplicates,
        lastPosition: Math.max(0, ...plan.storedPositions, ...written.eventPositions),
        streamVersions: { [streamId]: written.version },
      };
    } finally {
      release();
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    this.#assertOpen();
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const fromVersion = Math.max(1, options.fromVersion ?? 1);
    const records = await this.#readRecords(this.#names.stream(streamId), {
      fromRevision: versionToRevision(fromVersion),
      maxCount: options.maxCount,
      resolveLinkTos: true,
    });
    return records.flatMap((resolved) => {
      const event = resolved.event && decodeRecordedEvent(resolved.event, this.#names);
      return event ? [event] : [];
    });
  }

  async streamVersion(streamId: string): Promise<number> {
    this.#assertOpen();
    const records = await this.#readRecords(this.#names.stream(streamId), {
      direction: BACKWARDS,
      fromRevision: END,
      maxCount: 1,
    });
    const last = records[0]?.event;
    return last ? revisionToVersion(last.revision) : 0;
  }

  async readEventsById(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    this.#assertOpen();
    const normalized = new Map<string, string>();
    for (const eventId of eventIds) {
      try {
        normalized.set(eventId, normalizeEventId(eventId));
      } catch {
        // Not a UUID, so not stored.
      }
    }
    const entries = await this.#lookupMany([...normalized.values()]);
    const found = new Map<string, StoredEvent>();
    for (const [eventId, id] of normalized) {
      const entry = entries.get(id);
      if (entry) found.set(eventId, entry.event);
    }
    return found;
  }

  /**
   * Reads $all through a server-side filtered catch-up subscription (this client's plain $all read
   * cannot filter), up to where the server reports it has caught up.
   */
  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    this.#assertOpen();
    const from = options.fromPosition ?? 0;
    const to = options.toPosition ?? Number.POSITIVE_INFINITY;
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    if (to <= from) return;
    const subscription = this.#subscribe(from);
    subscription.on('caughtUp', () => subscription.push(CAUGHT_UP));
    const reader = new BatchReader<AllItem>(subscription);
    try {
      let batch: StoredEvent[] = [];
      for (;;) {
        const items = await reader.next(batchSize);
        if (items === undefined) throw new Error('the $all read ended before catching up');
        for (const item of items) {
          if (item === CAUGHT_UP) {
            if (batch.length > 0) yield batch;
            return;
          }
          const event = this.#decodeAll(item);
          if (!event || event.globalPosition <= from) continue;
          if (event.globalPosition > to) {
            if (batch.length > 0) yield batch;
            return;
          }
          batch.push(event);
          if (batch.length >= batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
    } finally {
      reader.interrupt();
      await subscription.unsubscribe();
    }
  }

  /**
   * Scans $all backwards from its end to this store's last event. Cheap when the store writes the
   * tail of the log (production); an empty prefixed store scans the whole log.
   */
  async headPosition(): Promise<number> {
    this.#assertOpen();
    const read = this.#client.readAll({ direction: BACKWARDS, fromPosition: END, resolveLinkTos: false });
    const reader = new BatchReader<AllStreamResolvedEvent>(read);
    try {
      for (;;) {
        const records = await reader.next(DEFAULT_BATCH_SIZE);
        if (records === undefined) return 0;
        for (const resolved of records) {
          const event = this.#decodeAll(resolved);
          if (event) return event.globalPosition;
        }
      }
    } finally {
      reader.interrupt();
      await read.cancel();
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.#assertOpen();
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
    let position = options.fromPosition;
    let stopping = false;
    const source = this.#subscribe(position);
    const reader = new BatchReader<AllStreamResolvedEvent>(source);

    const running = (async () => {
      try {
        while (!stopping) {
          // Wait for something, then top the batch up with whatever else is ready: records that
          // are not events of this store (links) are dropped, so raw items are not a batch.
          const events: StoredEvent[] = [];
          let items = await reader.next(batchSize);
          while (items !== undefined) {
            for (const item of items) {
              const event = this.#decodeAll(item);
              if (event && event.globalPosition > position) events.push(event);
            }
            if (events.length >= batchSize) break;
            items = reader.ready(batchSize - events.length);
            if (items?.length === 0) break;
          }
          if (items === undefined && events.length === 0) {
            if (!stopping) throw new Error('the EventStoreDB subscription ended');
            return;
          }
          for (let i = 0; i < events.length && !stopping; i += batchSize) {
            const batch = events.slice(i, i + batchSize);
            await options.handler(batch);
            position = batch[batch.length - 1]?.globalPosition ?? position;
          }
        }
      } catch (error) {
        if (!stopping) options.onError?.(error);
      } finally {
        stopping = true;
        reader.interrupt();
        await source.unsubscribe().catch(() => undefined);
      }
    })();

    const subscription: Subscription = {
      get position() {
        return position;
      },
      stop: async () => {
        stopping = true;
        reader.interrupt();
        await running;
        this.#subscriptions.delete(subscription);
      },
    };
    this.#subscriptions.add(subscription);
    void running.then(() => this.#subscriptions.delete(subscription));
    return subscription;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()));
    if (this.#ownsClient) await this.#client.dispose();
  }

  /** Appends the planned entries to the request's stream, then indexes the new events. */
  async #write(
    request: AppendRequest,
    writes: readonly PlannedWrite[],
  ): Promise<{ version: number; eventPositions: number[] }> {
    const streamName = this.#names.stream(request.streamId);
    const data: EventData[] = writes.map((w) =>
      w.kind === 'event'
        ? eventData(w.eventId, w.event)
        : linkData(linkEventId(streamName, w.targetId), w.target.streamPosition, this.#names.stream(w.target.streamId)),
    );
    let lastRevision: bigint;
    try {
      const result = await this.#client.appendToStream(streamName, data, {
        expectedRevision: toExpectedRevision(request.expectedVersion),
      });
      lastRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION) {
        const actual =
          error.actualVersion === undefined
            ? await this.streamVersion(request.streamId)
            : currentRevisionToVersion(error.actualVersion);
        throw new WrongExpectedVersionError(request.streamId, request.expectedVersion ?? 'any', actual);
      }
      throw error;
    }
    const firstRevision = lastRevision - BigInt(writes.length - 1);

    // The index: events first (a link's marker goes to the index stream of an indexed event).
    await Promise.all(
      writes.map((w, i) =>
        w.kind === 'event' ? this.#index(w.eventId, streamName, firstRevision + BigInt(i)) : undefined,
      ),
    );
    await Promise.all(
      writes.map((w) => (w.kind === 'link' ? this.#markLinked(w.targetId, streamName, request.streamId) : undefined)),
    );

    // Positions of the events just written: read back, since an append reports only one position.
    const records = await this.#readRecords(streamName, { fromRevision: firstRevision, maxCount: writes.length });
    const eventPositions = records.flatMap((resolved) => {
      const event = resolved.event && decodeRecordedEvent(resolved.event, this.#names);
      return event ? [event.globalPosition] : [];
    });
    return { version: revisionToVersion(lastRevision), eventPositions };
  }

  /**
   * Creates the index stream of an event id: one link to where the event now is. The stream must
   * not exist yet; if it does, it must point at this very record (EventStoreDB took a retried
   * append as idempotent), or else the id now has two copies in the log, which is reported.
   */
  async #index(eventId: string, streamName: string, revision: bigint): Promise<void> {
    const target = `${revision}@${streamName}`;
    try {
      await this.#client.appendToStream(
        this.#names.index(eventId),
        binaryEvent({ id: nameBasedUuid(`index\n${eventId}\n${target}`), type: LINK_TYPE, data: utf8(target) }),
        { expectedRevision: NO_STREAM },
      );
    } catch (error) {
      if (!(error instanceof Error && isCommandError(error) && error.type === ErrorType.WRONG_EXPECTED_VERSION)) {
        throw error;
      }
      const entry = await this.#lookup(eventId);
      const sameRecord =
        entry !== undefined &&
        this.#names.stream(entry.event.streamId) === streamName &&
        entry.event.streamPosition === revisionToVersion(revision);
      if (!sameRecord) throw new DuplicateEventIdError(eventId, entry?.event.streamId ?? 'an unreadable index entry');
    }
  }

  async #markLinked(targetId: string, streamName: string, streamId: string): Promise<void> {
    await this.#client.appendToStream(
      this.#names.index(targetId),
      jsonEvent({ id: nameBasedUuid(`linked\n${targetId}\n${streamName}`), type: LINKED_TYPE, data: { streamId } }),
      // Only indexed events are linked; never let a marker start an index stream of its own.
      { expectedRevision: STREAM_EXISTS },
    );
  }

  async #lookupMany(eventIds: readonly string[]): Promise<Map<string, IndexEntry>> {
    const unique = [...new Set(eventIds)];
    const found = new Map<string, IndexEntry>();
    for (let i = 0; i < unique.length; i += LOOKUP_CONCURRENCY) {
      const chunk = unique.slice(i, i + LOOKUP_CONCURRENCY);
      const entries = await Promise.all(chunk.map((id) => this.#lookup(id)));
      chunk.forEach((id, j) => {
        const entry = entries[j];
        if (entry) found.set(id, entry);
      });
    }
    return found;
  }

  /** The stored event with this (normalized) id and the streams it is linked into, if stored. */
  async #lookup(eventId: string): Promise<IndexEntry | undefined> {
    const records = await this.#readRecords(this.#names.index(eventId), { resolveLinkTos: true });
    const first = records[0];
    if (!first?.link || !first.event) return undefined;
    const event = decodeRecordedEvent(first.event, this.#names);
    if (!event || event.eventId !== eventId) return undefined;
    const linkedInto = new Set<string>();
    for (const record of records.slice(1)) {
      const data = record.event?.type === LINKED_TYPE ? record.event.data : undefined;
      if (typeof data === 'object' && data !== null && 'streamId' in data && typeof data.streamId === 'string') {
        linkedInto.add(data.streamId);
      }
    }
    return { event, linkedInto };
  }

  /** All records of a stream ([] if it does not exist). */
  async #readRecords(streamName: string, options: EsdbReadStreamOptions): Promise<ResolvedEvent[]> {
    const records: ResolvedEvent[] = [];
    try {
      for await (const resolved of this.#client.readStream(streamName, options)) records.push(resolved);
    } catch (error) {
      if (error instanceof Error && isCommandError(error) && error.type === ErrorType.STREAM_NOT_FOUND) return [];
      throw error;
    }
    return records;
  }

  /** A catch-up subscription to this store's part of $all, after `position` (exclusive). */
  #subscribe(position: number) {
    return this.#client.subscribeToAll({
      fromPosition: toLogPosition(position) ?? START,
      resolveLinkTos: false,
      filter: this.#filter(),
    });
  }

  /**
   * Server-side selection of this store's records in $all: without a prefix, every non-system
   * event type (index entries and links have `$` types); with one, the store's streams but not its
   * index. Links still arrive with a prefix and are dropped on decoding.
   */
  #filter(): Filter {
    const { prefix } = this.#names;
    if (prefix === '') return excludeSystemEvents();
    return streamNameFilter({ regex: this.#names.streamsRegex() });
  }

  #decodeAll(resolved: AllStreamResolvedEvent): StoredEvent | undefined {
    return resolved.event && decodeRecordedEvent(resolved.event, this.#names);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the event store is closed');
  }
}

function eventData(eventId: string, event: NewEvent): EventData {
  if (event.type.length === 0 || event.type.startsWith('$')) {
    throw new TypeError(`event type ${event.type} is empty or reserved ($ types are EventStoreDB's)`);
  }
  return jsonEvent({ id: eventId, type: event.type, data: event.data, metadata: encodeMetadata(event) });
}

function linkData(id: string, targetStreamPosition: number, targetStreamName: string): EventData {
  return binaryEvent({
    id,
    type: LINK_TYPE,
    data: utf8(`${versionToRevision(targetStreamPosition)}@${targetStreamName}`),
  });
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
