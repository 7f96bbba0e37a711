import {
  type AllStreamResolvedEvent,
  BACKWARDS,
  binaryEvent,
  convertToCommandError,
  END,
  ErrorType,
  type ReadStreamOptions as EsdbReadStreamOptions,
  type EventData,
  excludeSystemEvents,
  type Filter,
  isCommandError,
  jsonEvent,
  KurrentDBClient,
  type MultiAppendResult,
  NO_STREAM,
  type ResolvedEvent,
  START,
  STREAM_EXISTS,
  streamNameFilter,
} from '@kurrent/kurrentdb-client';
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
import { BatchReader } from './batch-reader.js';
import { decodeRecordedEvent, encodeMetadata, LINK_RECORD_TYPE, LINK_TYPE } from './envelope.js';
import { KeyedLock } from './keyed-lock.js';
import { linkEventId, nameBasedUuid, normalizeEventId, StreamNames } from './names.js';
import { type CallPlan, exactVersion, type IndexEntry, planCall, type StreamPlan } from './plan.js';
import {
  revisionToVersion,
  satisfiesExpectedVersion,
  toExpectedRevision,
  toLogPosition,
  versionToRevision,
} from './positions.js';
import {
  conflictsOf,
  firstRevision,
  isUnsupported,
  type LinkRecordData,
  lastRevisions,
  streamEntry,
  toAppendRecords,
  toStreamRequests,
} from './records.js';

export interface EventStoreDbOptions {
  /**
   * Prefix of every KurrentDB stream this store writes and the only streams it reads from $all;
   * default none. Each contract-test setup draws a random one, so that suites can share a server.
   */
  streamPrefix?: string;
  /** Whether `close()` disposes the client; default true. */
  ownsClient?: boolean;
}

/**
 * Which atomic multi-stream append the server offers: `append-records` (KurrentDB 26.1+: every
 * call), `multi-stream-append` (25.1: calls without guards whose order keeps each stream in one
 * block), `none` (older: one stream per call).
 */
export type MultiStreamSupport = 'append-records' | 'multi-stream-append' | 'none';

/** Index entry recording that an event was linked into one more stream (data `{ streamId }`). */
const LINKED_TYPE = '$reckon-linked';
const DEFAULT_BATCH_SIZE = 1000;
/** Index look-ups (and link-record resolutions) run this many at a time. */
const LOOKUP_CONCURRENCY = 32;

/** Pushed into a read of $all when the server reports it has caught up with the log's end. */
const CAUGHT_UP = Symbol('caught up');
type AllItem = AllStreamResolvedEvent | typeof CAUGHT_UP;

/** Client errors that say the server was not reached, not what it thinks of a call. */
const UNREACHED: ReadonlySet<string> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
  ErrorType.TIMEOUT,
]);

/**
 * The event store port on KurrentDB (formerly EventStoreDB; gRPC client `@kurrent/kurrentdb-client`,
 * server 23.10 or later). What differs from the PostgreSQL adapter, and why, is in
 * docs/event-store-eventstoredb.md; in short:
 * - a call that writes one stream is one classic append; several streams go into one atomic
 *   v2 append (`appendRecords` on 26.1+, `multiStreamAppend` on 25.1 with limits), older servers
 *   refuse them;
 * - ids are made unique across the log by an index stream per event id, written after the event;
 * - global positions are log offsets: increasing, not dense.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly #client: KurrentDBClient;
  readonly #names: StreamNames;
  readonly #ownsClient: boolean;
  readonly #locks = new KeyedLock();
  readonly #subscriptions = new Set<Subscription>();
  #closed = false;

  constructor(client: KurrentDBClient, options: EventStoreDbOptions = {}) {
    // With `throwOnAppendFailure=false` the client resolves a wrong expected version as a result
    // instead of rejecting: appends (and the id index's `no_stream` guard) would pass as written.
    if ((client as unknown as { throwOnAppendFailure?: boolean }).throwOnAppendFailure === false) {
      throw new TypeError('the KurrentDB client must throw on append failures (no throwOnAppendFailure=false)');
    }
    this.#client = client;
    this.#names = new StreamNames(options.streamPrefix ?? '');
    this.#ownsClient = options.ownsClient ?? true;
  }

  /** A store on its own client, e.g. `connect('kurrentdb://localhost:2113?tls=false')`. */
  static connect(connectionString: string, options: Omit<EventStoreDbOptions, 'ownsClient'> = {}) {
    const client = KurrentDBClient.connectionString(connectionString);
    try {
      return new EventStoreDbEventStore(client, { ...options, ownsClient: true });
    } catch (error) {
      void client.dispose();
      throw error;
    }
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<NewEvent | LinkTo>,
    options: { expectedVersion?: ExpectedVersion } = {},
  ): Promise<AppendResult> {
    return this.appendToStreams([{ streamId, events, expectedVersion: options.expectedVersion }]);
  }

  /**
   * Plans the call (duplicates, links in place, the global order), then writes it in one atomic
   * step: a call that writes one stream and checks no other is a classic append (with `$>` links);
   * otherwise one v2 append of all streams (`appendRecords`, else `multiStreamAppend`), links as
   * link records. What the server cannot do atomically is refused with `UnsupportedOperationError`
   * before anything is written. A call that names only guards checks them by reading the versions.
   */
  async appendToStreams(requests: readonly AppendRequest[], options: AppendOptions = {}): Promise<AppendResult> {
    this.#assertOpen();
    for (const request of requests) this.#names.stream(request.streamId);
    const ids = requests.flatMap((request) =>
      request.events.map((item) => normalizeEventId(isLink(item) ? item.linkTo : item.eventId)),
    );
    const release = await this.#locks.acquire(ids);
    try {
      const plan = planCall(requests, ids.length > 0 ? await this.#lookupMany(ids) : new Map(), options.order);
      const written = plan.streams.filter((stream) => stream.writes.length > 0);
      if (written.length === 0) {
        // Everything named is in place already (an idempotent repeat: no version is checked), or
        // the call names guards only.
        if (plan.entries === 0) {
          const mismatch = await this.#firstMismatch(plan.streams);
          if (mismatch) throw mismatch;
        }
        return {
          appended: 0,
          duplicates: plan.duplicates,
          lastPosition: plan.storedPosition,
          streamVersions: await this.#versionsAfter(plan, new Map(), plan.entries === 0),
        };
      }
      const checkedOnly = plan.streams.filter(
        (stream) => stream.writes.length === 0 && toExpectedRevision(stream.expectedVersion) !== 'any',
      );
      const lastRevisions =
        written.length === 1 && checkedOnly.length === 0
          ? await this.#appendOne(plan, plan.streams.indexOf(written[0]!))
          : await this.#appendMany(plan);
      const eventPosition = await this.#afterWrite(plan, lastRevisions);
      return {
        appended: written.reduce((n, stream) => n + stream.writes.filter((w) => w.kind === 'event').length, 0),
        duplicates: plan.duplicates,
        lastPosition: Math.max(plan.storedPosition, eventPosition),
        streamVersions: await this.#versionsAfter(plan, lastRevisions, true),
      };
    } finally {
      release();
    }
  }

  /**
   * Which atomic multi-stream append the server offers. Probes with empty calls, which write
   * nothing: the client refuses a call the server does not list before sending it, and the server
   * refuses an empty one. Throws when the server is not reached.
   */
  async multiStreamSupport(): Promise<MultiStreamSupport> {
    this.#assertOpen();
    if (await this.#offers(() => this.#client.appendRecords([], []))) return 'append-records';
    if (await this.#offers(() => this.#client.multiStreamAppend([]))) return 'multi-stream-append';
    return 'none';
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
    const entries = records.map((resolved) => streamEntry(resolved, this.#names));
    const targets = await this.#resolveLinks(
      entries.flatMap((entry) => (entry && 'link' in entry ? [entry.link] : [])),
    );
    return entries.flatMap((entry) => {
      if (entry === undefined) return [];
      if ('event' in entry) return [entry.event];
      const target = targets.get(entry.link.eventId);
      return target ? [target] : [];
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
    // An async iterator (the client reads through its native bridge); leaving the loop ends the read.
    const read = this.#client.readAll({ direction: BACKWARDS, fromPosition: END, resolveLinkTos: false });
    for await (const resolved of read) {
      const event = this.#decodeAll(resolved);
      if (event) return event.globalPosition;
    }
    return 0;
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

  /**
   * The one written stream as a classic append (any server): events as JSON events, links as `$>`
   * (their targets are stored events; a target new in the call would be another written stream).
   * Returns the stream's last revision, by stream index.
   */
  async #appendOne(plan: CallPlan, index: number): Promise<Map<number, bigint>> {
    const { streamId, expectedVersion, writes } = plan.streams[index]!;
    const streamName = this.#names.stream(streamId);
    const data: EventData[] = writes.map((w) => {
      if (w.kind === 'event') return eventData(w.eventId, w.event);
      const position = w.target.streamPosition;
      if (position === undefined) throw new Error(`link target ${w.targetId} has no known position`);
      return linkData(linkEventId(streamName, w.targetId), position, this.#names.stream(w.target.streamId));
    });
    try {
      const result = await this.#client.appendToStream(streamName, data, {
        streamState: toExpectedRevision(expectedVersion),
      });
      return new Map([[index, result.nextExpectedRevision]]);
    } catch (error) {
      throw (await this.#conflict(error, plan)) ?? error;
    }
  }

  /**
   * All streams of the call in one atomic v2 append: `appendRecords` (26.1+) takes any call;
   * `multiStreamAppend` (25.1) those without guards and with one block per stream; an older server
   * takes none. The client refuses what the server does not offer before sending anything.
   */
  async #appendMany(plan: CallPlan): Promise<Map<number, bigint>> {
    let result: MultiAppendResult;
    try {
      try {
        const { records, checks } = toAppendRecords(plan, this.#names);
        result = await this.#client.appendRecords(records, checks);
      } catch (error) {
        if (!isUnsupported(error)) throw error;
        const requests = toStreamRequests(plan, this.#names);
        try {
          result = await this.#client.multiStreamAppend(requests);
        } catch (older) {
          if (!isUnsupported(older)) throw older;
          throw new UnsupportedOperationError(
            'this KurrentDB/EventStoreDB server has no atomic multi-stream append (KurrentDB 25.1+): one stream per appendToStreams call',
          );
        }
      }
    } catch (error) {
      throw (await this.#conflict(error, plan)) ?? error;
    }
    return lastRevisions(plan, result.responses, this.#names);
  }

  /**
   * After a write: the index entries of the new events, then the markers of the links (they go to
   * the index streams of the targets, which may be new in this call), then the highest global
   * position of the events just written (0 if none): that of each written stream's last new event
   * (positions grow with revisions), read back, since an append reports at most one position.
   */
  async #afterWrite(plan: CallPlan, lastRevisions: ReadonlyMap<number, bigint>): Promise<number> {
    const written = [...lastRevisions].map(([index, last]) => {
      const stream = plan.streams[index]!;
      return {
        stream,
        streamName: this.#names.stream(stream.streamId),
        first: firstRevision(stream, last),
      };
    });
    await Promise.all(
      written.flatMap(({ stream, streamName, first }) =>
        stream.writes.map((w, i) =>
          w.kind === 'event' ? this.#index(w.eventId, streamName, first + BigInt(i)) : undefined,
        ),
      ),
    );
    await Promise.all(
      written.flatMap(({ stream, streamName }) =>
        stream.writes.map((w) =>
          w.kind === 'link' ? this.#markLinked(w.targetId, streamName, stream.streamId) : undefined,
        ),
      ),
    );
    const positions = await Promise.all(
      written.map(async ({ stream, streamName, first }) => {
        const last = stream.writes.findLastIndex((w) => w.kind === 'event');
        if (last < 0) return 0;
        const [record] = await this.#readRecords(streamName, { fromRevision: first + BigInt(last), maxCount: 1 });
        const event = record?.event && decodeRecordedEvent(record.event, this.#names);
        return event ? event.globalPosition : 0;
      }),
    );
    return Math.max(0, ...positions);
  }

  /**
   * Each stream's version after the call: written ones from the append; when the call checked the
   * expected versions, pinned ones as expected; the others read now.
   */
  async #versionsAfter(
    plan: CallPlan,
    lastRevisions: ReadonlyMap<number, bigint>,
    checked: boolean,
  ): Promise<Record<string, number>> {
    const versions = await Promise.all(
      plan.streams.map((stream, index) => {
        const last = lastRevisions.get(index);
        if (last !== undefined) return revisionToVersion(last);
        const pinned = checked ? exactVersion(stream.expectedVersion) : undefined;
        return pinned ?? this.streamVersion(stream.streamId);
      }),
    );
    return Object.fromEntries(plan.streams.map((stream, index) => [stream.streamId, versions[index]!]));
  }

  /**
   * The first stream whose expected version does not hold now, read one by one (`any` needs no
   * read). Each check holds when it is read: for guards of a call that writes nothing (nothing is
   * written that could depend on them together) and to explain a failed append.
   */
  async #firstMismatch(streams: readonly StreamPlan[]): Promise<WrongExpectedVersionError | undefined> {
    for (const { streamId, expectedVersion } of streams) {
      if (toExpectedRevision(expectedVersion) === 'any') continue;
      const actual = await this.streamVersion(streamId);
      if (!satisfiesExpectedVersion(expectedVersion, actual)) {
        return new WrongExpectedVersionError(streamId, expectedVersion ?? 'any', actual);
      }
    }
    return undefined;
  }

  /**
   * A failed append as `WrongExpectedVersionError` when the server reported a conflict: for the
   * stream it named, or, when it named none of the call's streams, for the first whose expected
   * version no longer holds (read now; also how a partial repeat shows: some of the call's events
   * were written before, so their stream moved on). Undefined for any other failure, and when
   * every expected version still holds.
   */
  async #conflict(error: unknown, plan: CallPlan): Promise<WrongExpectedVersionError | undefined> {
    const conflicts = conflictsOf(error);
    if (conflicts === undefined) return undefined;
    const byName = new Map(plan.streams.map((stream) => [this.#names.stream(stream.streamId).toLowerCase(), stream]));
    for (const { streamName, actual } of conflicts) {
      const stream = byName.get(streamName.toLowerCase());
      if (!stream) continue;
      const version = actual ?? (await this.streamVersion(stream.streamId));
      return new WrongExpectedVersionError(stream.streamId, stream.expectedVersion ?? 'any', version);
    }
    return await this.#firstMismatch(plan.streams);
  }

  /** Whether the server offers a call, judged by how an empty one fails. */
  async #offers(call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (raw) {
      // The client passes some transport failures on unconverted (fetching the server's features).
      const error = raw instanceof Error ? convertToCommandError(raw) : raw;
      if (isUnsupported(error)) return false;
      if (error instanceof Error && isCommandError(error) && UNREACHED.has(error.type)) throw error;
      return true;
    }
  }

  /**
   * The events link records stand for. Each is read where the record says it is (its home stream at
   * its position), else looked up in the id index, else searched for in its home stream (a target
   * new in a call whose home stream was appended at `any`, read before its index entry exists).
   */
  async #resolveLinks(links: readonly LinkRecordData[]): Promise<Map<string, StoredEvent>> {
    const resolved = new Map<string, StoredEvent>();
    const unique = [...new Map(links.map((link) => [link.eventId, link])).values()];
    const events = await inChunks(unique, (link) => this.#resolveLink(link));
    unique.forEach((link, i) => {
      resolved.set(link.eventId, events[i]!);
    });
    return resolved;
  }

  async #resolveLink(link: LinkRecordData): Promise<StoredEvent> {
    const home = this.#names.stream(link.streamId);
    const decode = (records: ResolvedEvent[]) =>
      records
        .map((record) => record.event && decodeRecordedEvent(record.event, this.#names))
        .find((event) => event?.eventId === link.eventId);
    if (link.streamPosition !== undefined) {
      const at = decode(
        await this.#readRecords(home, { fromRevision: versionToRevision(link.streamPosition), maxCount: 1 }),
      );
      if (at) return at;
    }
    const indexed = await this.#lookup(link.eventId);
    if (indexed) return indexed.event;
    const searched = decode(await this.#readRecords(home, { direction: BACKWARDS, fromRevision: END }));
    if (searched) return searched;
    throw new Error(`a link record names event ${link.eventId} in ${link.streamId}, which is not there`);
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
        { streamState: NO_STREAM },
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
      { streamState: STREAM_EXISTS },
    );
  }

  async #lookupMany(eventIds: readonly string[]): Promise<Map<string, IndexEntry>> {
    const unique = [...new Set(eventIds)];
    const entries = await inChunks(unique, (id) => this.#lookup(id));
    const found = new Map<string, IndexEntry>();
    unique.forEach((id, i) => {
      const entry = entries[i];
      if (entry) found.set(id, entry);
    });
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
  if (event.type.length === 0 || event.type.startsWith('$') || event.type === LINK_RECORD_TYPE) {
    throw new TypeError(
      `event type ${event.type} is empty or reserved ($ types are KurrentDB's, ${LINK_RECORD_TYPE} ours)`,
    );
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

/** `call` on each item, `LOOKUP_CONCURRENCY` at a time; the results in the items' order. */
async function inChunks<T, R>(items: readonly T[], call: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CONCURRENCY) {
    results.push(...(await Promise.all(items.slice(i, i + LOOKUP_CONCURRENCY).map(call))));
  }
  return results;
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
