import { type DomainEvent, foldStream, parseEvent, planBatch, type StreamSnapshot } from '@reckon/domain';
import {
  type AppendResult,
  canonicalJson,
  DuplicateEventIdError,
  type EventStore,
  type JsonObject,
  type JsonValue,
  type NewEvent,
  sameContent,
  WrongExpectedVersionError,
} from '@reckon/event-store';
import { KeyedLock } from './keyed-lock.js';
import { SnapshotCache } from './snapshot-cache.js';

/** Who asked, recorded in the metadata of every event the command appends. */
export interface CommandContext {
  /** `{kind: "api-key", keyId, role, partnerId?}` or `{kind: "cli", user}`; never a raw key. */
  actor: JsonObject;
  /** The HTTP request id (or an import run id), so a log line leads to the events it wrote. */
  requestId?: string;
}

export interface EventError {
  /** Index of the event in the batch (0 for a single event). */
  index: number;
  /** JSON pointer into that event. */
  path: string;
  message: string;
}

export type AppendOutcome =
  /**
   * `appended` new events (0 for a full repeat), `duplicates` already stored with the same content or
   * listed again in the request; `listedAgain` of those are later listings of an event of the same
   * request (what a repeat of the request still counts as duplicates).
   */
  | {
      kind: 'appended';
      appended: number;
      duplicates: number;
      listedAgain: number;
      lastPosition: number;
      attempts: number;
    }
  | { kind: 'invalid'; errors: EventError[] }
  | { kind: 'conflict'; index: number; eventId: string; detail: string }
  | { kind: 'refused'; index: number; rule: string; detail: string }
  /** Version conflicts outlasted every retry: the client should retry. */
  | { kind: 'busy'; attempts: number };

/** No invariant depends on the billing time zone (a closed period refuses nothing): the command side takes none. */
export interface CommandHandlerOptions {
  /** Retries after a version conflict with another writer (default 20). */
  maxAttempts?: number;
  /** Folded streams kept in memory (default 20 000). */
  cacheSize?: number;
  /** Plan first as if uncached streams were new, and let the store check it (default true). */
  guessNewStreams?: boolean;
}

type Planned = Extract<ReturnType<typeof planBatch>, { kind: 'planned' }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The content compared for idempotency: type, schema version, business instant, data. */
function contentKey(event: DomainEvent): string {
  return canonicalJson({
    type: event.type,
    version: event.version ?? 1,
    occurredAt: Date.parse(event.occurredAt),
    data: event.data as unknown as JsonValue,
  });
}

/**
 * The append pipeline behind `POST /v1/events` and `reckon import`: parse, drop idempotent
 * repeats, plan the rest against the folded streams (the pure domain decides), append atomically
 * with expected versions, and on a version conflict re-read and re-plan.
 */
export class CommandHandler {
  private readonly cache: SnapshotCache;
  private readonly locks = new KeyedLock();
  private readonly maxAttempts: number;
  private readonly guessNewStreams: boolean;

  constructor(
    private readonly store: EventStore,
    options: CommandHandlerOptions = {},
  ) {
    this.cache = new SnapshotCache(options.cacheSize);
    this.maxAttempts = options.maxAttempts ?? 20;
    this.guessNewStreams = options.guessNewStreams ?? true;
  }

  /** Checks each raw envelope against the event schemas; all errors, each with its event index. */
  parse(raws: readonly unknown[]): { ok: true; events: DomainEvent[] } | { ok: false; errors: EventError[] } {
    const events: DomainEvent[] = [];
    const errors: EventError[] = [];
    raws.forEach((raw, index) => {
      const parsed = parseEvent(raw);
      if (parsed.ok) events.push(parsed.event);
      else for (const error of parsed.errors) errors.push({ index, path: error.path, message: error.message });
    });
    return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
  }

  /** Told every outcome (metrics: plugins/metrics.ts); must not throw. */
  readonly observers = new Set<(outcome: AppendOutcome) => void>();

  private observed(outcome: AppendOutcome): AppendOutcome {
    for (const observer of this.observers) observer(outcome);
    return outcome;
  }

  async append(raws: readonly unknown[], context: CommandContext): Promise<AppendOutcome> {
    const parsed = this.parse(raws);
    if (!parsed.ok) return this.observed({ kind: 'invalid', errors: parsed.errors });
    return await this.appendParsed(parsed.events, context);
  }

  /** Appends parsed events all or nothing (idempotent repeats excepted). */
  async appendParsed(events: readonly DomainEvent[], context: CommandContext): Promise<AppendOutcome> {
    return this.observed(await this.appendWithRetries(events, context));
  }

  private async appendWithRetries(events: readonly DomainEvent[], context: CommandContext): Promise<AppendOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(events, context, attempt);
      } catch (error) {
        if (error instanceof DuplicateEventIdError) {
          const index = events.findIndex((event) => event.eventId === error.eventId);
          return conflict(Math.max(index, 0), error.eventId);
        }
        if (error instanceof GuessMissed) continue; // a stream assumed new exists: decide on loaded streams
        if (error instanceof RepeatRaced) {
          if (attempt >= this.maxAttempts) return { kind: 'busy', attempts: attempt };
          continue;
        }
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= this.maxAttempts) return { kind: 'busy', attempts: attempt };
        // Another process wrote one of our streams: back off a little, jittered, and re-plan.
        await sleep(Math.random() * Math.min(50, 2 ** attempt));
      }
    }
  }

  private async attempt(
    events: readonly DomainEvent[],
    context: CommandContext,
    attempt: number,
  ): Promise<AppendOutcome> {
    const repeats = await this.findRepeats(events);
    if (repeats.kind === 'conflict') return repeats;
    const { fresh, freshIndex, duplicatePositions } = repeats;
    const listedAgain = events.length - new Set(events.map((event) => event.eventId)).size;
    if (fresh.length === 0) {
      return {
        kind: 'appended',
        appended: 0,
        duplicates: events.length,
        listedAgain,
        lastPosition: Math.max(0, ...duplicatePositions),
        attempts: attempt,
      };
    }
    // Plan once without locks to learn which streams the batch writes, then plan again holding
    // them, so that writers of the same streams in this process take turns instead of conflicting.
    let held = new Set<string>();
    // First try: streams neither cached nor known to exist are assumed new (a batch of creates then
    // costs no reads). The store checks that assumption (every stream a plan read carries its
    // expected version), and a refusal may rest on it, so either failure decides again on loaded streams.
    let guess = attempt === 1 && this.guessNewStreams;
    for (;;) {
      const release = await this.locks.acquire(held);
      try {
        const guessed = new Set<string>();
        const plan = await this.plan(fresh, guess ? guessed : undefined);
        if (plan.kind === 'refused' && guessed.size > 0) {
          guess = false;
          continue;
        }
        if (plan.kind === 'refused') {
          // A twin request may have appended these very events while this one waited for the lock:
          // then they are repeats (200), not refusals. Look again before refusing.
          const raced = await this.store.readEventsById(fresh.map((event) => event.eventId));
          if (raced.size > 0) throw new RepeatRaced();
          return { kind: 'refused', index: freshIndex[plan.index] ?? plan.index, rule: plan.rule, detail: plan.detail };
        }
        // Lock the streams the plan writes; read-only guards are checked by the store's expected versions.
        const writes = plan.requests.filter((request) => request.events.length > 0).map((request) => request.streamId);
        if (writes.some((streamId) => !held.has(streamId))) {
          held = new Set([...held, ...writes]);
          continue;
        }
        let result: AppendResult;
        try {
          result = await this.write(plan, context, fresh);
        } catch (error) {
          if (error instanceof WrongExpectedVersionError && guessed.has(error.streamId)) throw new GuessMissed();
          throw error;
        }
        return {
          kind: 'appended',
          appended: result.appended,
          duplicates: events.length - fresh.length + result.duplicates,
          listedAgain,
          lastPosition: Math.max(result.lastPosition, ...duplicatePositions),
          attempts: attempt,
        };
      } finally {
        release();
      }
    }
  }

  /** Splits the batch into new events and idempotent repeats; the same id with other content is a conflict. */
  private async findRepeats(
    events: readonly DomainEvent[],
  ): Promise<
    | { kind: 'conflict'; index: number; eventId: string; detail: string }
    | { kind: 'split'; fresh: DomainEvent[]; freshIndex: number[]; duplicatePositions: number[] }
  > {
    const stored = await this.store.readEventsById([...new Set(events.map((event) => event.eventId))]);
    const fresh: DomainEvent[] = [];
    const freshIndex: number[] = [];
    const duplicatePositions: number[] = [];
    const inBatch = new Map<string, string>();
    for (const [index, event] of events.entries()) {
      const found = stored.get(event.eventId);
      if (found) {
        if (!sameContent(found, toNewEvent(event, {}))) return conflict(index, event.eventId);
        duplicatePositions.push(found.globalPosition);
        continue;
      }
      const earlier = inBatch.get(event.eventId);
      if (earlier !== undefined) {
        if (earlier !== contentKey(event)) return conflict(index, event.eventId);
        continue; // the same event twice in one batch: written once
      }
      inBatch.set(event.eventId, contentKey(event));
      fresh.push(event);
      freshIndex.push(index);
    }
    return { kind: 'split', fresh, freshIndex, duplicatePositions };
  }

  /** Runs the pure planner, loading the streams it asks for until it can decide. */
  private async plan(
    events: readonly DomainEvent[],
    /** When given, uncached streams are assumed new and collected here. */
    guessed: Set<string> | undefined,
  ): Promise<Planned | Extract<ReturnType<typeof planBatch>, { kind: 'refused' }>> {
    const loaded = new Map<string, StreamSnapshot>();
    for (let round = 0; round < 1000; round++) {
      const result = planBatch(events, (streamId) => loaded.get(streamId));
      if (result.kind !== 'need') return result;
      const missing = result.streamIds.filter((streamId) => !loaded.has(streamId));
      if (missing.length === 0)
        throw new Error(`planBatch asked again for loaded streams ${result.streamIds.join(', ')}`);
      const snapshots = await Promise.all(
        missing.map((streamId) => {
          if (!guessed || this.cache.get(streamId)) return this.load(streamId);
          guessed.add(streamId);
          return { streamId, version: 0, state: undefined };
        }),
      );
      for (const snapshot of snapshots) loaded.set(snapshot.streamId, snapshot);
    }
    throw new Error('planBatch kept asking for more streams');
  }

  /**
   * A stream's folded state. The cache is trusted: writers in this process update it as they append,
   * and the store checks every stream a plan read (expected versions), so a stream another process
   * moved on only costs a retry, after which it is marked stale and read from its cached version on.
   */
  private async load(streamId: string): Promise<StreamSnapshot> {
    const cached = this.cache.get(streamId);
    if (cached && !this.cache.isStale(streamId)) return cached;
    const from = cached?.version ?? 0;
    const tail = await this.store.readStream(streamId, { fromVersion: from + 1 });
    const snapshot = foldStream(streamId, tail as unknown as DomainEvent[], cached);
    this.cache.offer(snapshot);
    return snapshot;
  }

  /** Appends a plan; `decided` is the batch in the order it was validated, which the log keeps. */
  private async write(plan: Planned, context: CommandContext, decided: readonly DomainEvent[]) {
    const requests = plan.requests.map((request) => ({
      streamId: request.streamId,
      expectedVersion: request.expectedVersion,
      events: request.events.map((event) => ('linkTo' in event ? event : toNewEvent(event, context))),
    }));
    let result: Awaited<ReturnType<EventStore['appendToStreams']>>;
    try {
      result = await this.store.appendToStreams(requests, { order: decided.map((event) => event.eventId) });
    } catch (error) {
      // Another process moved a stream on: read its new events next time. Anything else: forget them.
      if (error instanceof WrongExpectedVersionError) this.cache.markStale(error.streamId);
      else for (const request of requests) this.cache.evict(request.streamId);
      throw error;
    }
    // Keep the states the planner folded, where the store confirms the versions they assume.
    for (const snapshot of plan.snapshots) {
      const version = result.streamVersions[snapshot.streamId];
      if (version === undefined) this.cache.offer(snapshot);
      else if (version === snapshot.version) this.cache.offer(snapshot);
      else this.cache.evict(snapshot.streamId);
    }
    return result;
  }
}

/** Some events of the batch were appended by someone else meanwhile: sort repeats out again. */
class RepeatRaced extends Error {}

/** A stream the first try assumed new exists after all. */
class GuessMissed extends Error {}

function conflict(index: number, eventId: string) {
  return {
    kind: 'conflict' as const,
    index,
    eventId,
    detail: `event ${eventId} is already in the log with other content`,
  };
}

/** Client metadata kept on the stored event; everything else in metadata is the engine's to set. */
const CLIENT_METADATA = ['causationId', 'correlationId'] as const;

function toNewEvent(event: DomainEvent, context: Partial<CommandContext>): NewEvent {
  const metadata: JsonObject = {};
  const sent = (event as { metadata?: Record<string, unknown> }).metadata;
  for (const key of CLIENT_METADATA) {
    const value = sent?.[key];
    if (typeof value === 'string') metadata[key] = value;
  }
  if (context.actor) metadata.actor = context.actor;
  if (context.requestId) metadata.requestId = context.requestId;
  return {
    eventId: event.eventId,
    type: event.type,
    version: event.version ?? 1,
    occurredAt: event.occurredAt,
    data: event.data as unknown as JsonObject,
    metadata,
  };
}
