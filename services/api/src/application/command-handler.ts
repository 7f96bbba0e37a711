import {
  type AppendPlan,
  BatchPlanner,
  type DomainEvent,
  foldStream,
  isIdMarker,
  type PlanResult,
  parseEvent,
  type StreamSnapshot,
} from '@reckon/domain';
import {
  type AppendResult,
  canonicalJson,
  DuplicateEventIdError,
  type EventStore,
  instantKey,
  type JsonObject,
  type JsonValue,
  type NewEvent,
  type StoredEvent,
  type StreamRead,
  sameContent,
  WrongExpectedVersionError,
} from '@reckon/event-store';
import { CoalescedLookup } from './coalesced-lookup.js';
import { KeyedLock } from './keyed-lock.js';
import { SnapshotCache } from './snapshot-cache.js';
import type { SnapshotStats, StoredSnapshot, StreamSnapshots } from './stream-snapshots.js';

/** Who asked, recorded in the metadata of every event the command appends. */
export interface CommandContext {
  /** `{kind: "api-key", keyId, role, partnerId?}` or `{kind: "cli", user}`; never a raw key. */
  actor: JsonObject;
  /** The HTTP request id (or an import run id), so a log line leads to the events it wrote. */
  requestId?: string;
  /** Appended by a partner key: only that partner's own actions are accepted (SPEC §6). */
  asPartner?: string;
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
  /** A partner key's event outside its scope (SPEC §6 partner actions). */
  | { kind: 'forbidden'; index: number; detail: string }
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
  /**
   * Requests of at most this many events that arrive while another is being decided wait and are
   * then decided and appended together, one after the other in arrival order (default 64; 0: never).
   */
  groupRequestsUpTo?: number;
  /**
   * Folded states kept in the database (`stream-snapshots.ts`, started): a stream the cache does not
   * hold is read from its stored state on, and long streams' states are stored as they grow.
   */
  snapshots?: StreamSnapshots;
}

/** A small request waiting for the next group. */
interface Waiting {
  events: readonly DomainEvent[];
  context: CommandContext;
  resolve: (outcome: AppendOutcome) => void;
  reject: (error: unknown) => void;
}

/** Events of one group at most: a group is one lookup, one plan and one append. */
const GROUP_EVENTS = 2000;

type Planned = Extract<PlanResult, { kind: 'planned' }>;
type Refused = Extract<PlanResult, { kind: 'refused' | 'forbidden' }>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The content compared for idempotency: type, schema version, business instant, data. */
function contentKey(event: DomainEvent): string {
  return canonicalJson({
    type: event.type,
    version: event.version ?? 1,
    occurredAt: instantKey(event.occurredAt),
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
  /** Stored events by id, looked up for concurrent commands together. */
  private readonly storedEvents: CoalescedLookup<StoredEvent>;
  private readonly maxAttempts: number;
  private readonly guessNewStreams: boolean;
  private readonly groupRequestsUpTo: number;
  private readonly snapshots: StreamSnapshots | undefined;
  /** Small requests waiting while a group (or a lone request) is decided. */
  private waiting: Waiting[] = [];
  private grouping = false;

  constructor(
    private readonly store: EventStore,
    options: CommandHandlerOptions = {},
  ) {
    // Id markers are not kept: a plan assumes an uncached stream new and the store checks it, so a
    // reused id still gets its refusal (decided again on loaded streams), and the cache keeps its
    // room, and the collector its time, for the customers, orders and funds that are read again.
    this.cache = new SnapshotCache(options.cacheSize, (streamId) => !isIdMarker(streamId));
    this.storedEvents = new CoalescedLookup((ids) => this.store.readEventsById(ids));
    this.maxAttempts = options.maxAttempts ?? 20;
    this.guessNewStreams = options.guessNewStreams ?? true;
    this.groupRequestsUpTo = options.groupRequestsUpTo ?? 64;
    this.snapshots = options.snapshots;
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

  /** What became of the stored states (none without them), for /metrics. */
  snapshotStats(): SnapshotStats | undefined {
    return this.snapshots?.stats();
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
    if (events.length === 0 || events.length > this.groupRequestsUpTo) {
      return this.observed(await this.appendWithRetries(events, context));
    }
    const outcome = await new Promise<AppendOutcome>((resolve, reject) => {
      this.waiting.push({ events, context, resolve, reject });
      this.pump();
    });
    return this.observed(outcome);
  }

  /**
   * Small requests go one group at a time: a request arriving while nothing is being decided goes
   * alone (as any request would); those arriving meanwhile wait and go together next, so that many
   * concurrent single-event writers share one lookup, one plan and one append.
   */
  private pump(): void {
    if (this.grouping || this.waiting.length === 0) return;
    let events = 0;
    let taken = 0;
    while (
      taken < this.waiting.length &&
      (taken === 0 || events + this.waiting[taken]!.events.length <= GROUP_EVENTS)
    ) {
      events += this.waiting[taken]!.events.length;
      taken += 1;
    }
    const group = this.waiting.splice(0, taken);
    this.grouping = true;
    let next = false;
    // The next group is decided as soon as this one has been (its append sent): its lookup and
    // planning overlap this one's append. Streams they share are caught by the locks, the cache's
    // versions and the store's expected versions, and such requests are decided again alone.
    const decided = () => {
      if (next) return;
      next = true;
      this.grouping = false;
      this.pump();
    };
    const done = group.length === 1 ? this.alone(group[0]!) : this.appendGroup(group, decided);
    void done.finally(decided);
  }

  private async alone(request: Waiting): Promise<void> {
    try {
      request.resolve(await this.appendWithRetries(request.events, request.context));
    } catch (error) {
      request.reject(error);
    }
  }

  /** Requests decided on their own, as if each had come alone (after the group before them). */
  private deferred(requests: readonly Waiting[]): void {
    for (const request of requests) void this.alone(request);
  }

  /**
   * Decides a group of requests in arrival order, each against the states the earlier ones leave,
   * and appends what they decided in one call (all or nothing). Each request gets its own answer:
   * an id conflict with the log is answered here; a request that is refused, shares an event id
   * with an earlier one of the group, or anything that makes the group's append fail (another
   * process moved a stream, a stream assumed new exists) is decided again on its own, after the
   * group, by the path every request takes alone (with its retries, repeats and refusals).
   */
  private async appendGroup(group: readonly Waiting[], decided: () => void): Promise<void> {
    const later: Waiting[] = [];
    const answered = new Set<Waiting>();
    const answer = (request: Waiting, outcome: AppendOutcome) => {
      answered.add(request);
      request.resolve(outcome);
    };
    try {
      const stored = await this.storedEvents.get([...new Set(group.flatMap((r) => r.events.map((e) => e.eventId)))]);
      const seen = new Set<string>();
      const members: Array<{
        request: Waiting;
        split: Extract<Repeats, { kind: 'split' }>;
        listedAgain: number;
        from: number;
        to: number;
      }> = [];
      // The streams as the group's earlier requests leave them, and the group's appends per stream.
      const overlay = new Map<string, StreamSnapshot>();
      const merged = new Map<string, { streamId: string; expectedVersion: number; events: PlannedWrite[] }>();
      const order: string[] = [];
      const guessed = this.guessNewStreams ? new Set<string>() : undefined;
      for (const request of group) {
        const ids = request.events.map((event) => event.eventId);
        if (ids.some((id) => seen.has(id))) {
          later.push(request); // a twin of an earlier request: a repeat once that one is appended
          continue;
        }
        for (const id of ids) seen.add(id);
        const split = splitRepeats(request.events, stored, request.context.asPartner);
        if (split.kind === 'conflict' || split.kind === 'forbidden') {
          answer(request, split);
          continue;
        }
        const listedAgain = request.events.length - new Set(ids).size;
        if (split.fresh.length === 0) {
          answer(request, {
            kind: 'appended',
            appended: 0,
            duplicates: request.events.length,
            listedAgain,
            lastPosition: Math.max(0, ...split.duplicatePositions),
            attempts: 1,
          });
          continue;
        }
        const plan = await this.plan(split.fresh, guessed, request.context.asPartner, overlay);
        if (plan.kind !== 'planned') {
          later.push(request);
          continue;
        }
        for (const snapshot of plan.snapshots) overlay.set(snapshot.streamId, snapshot);
        for (const planned of plan.requests) {
          const events = planned.events.map((event) =>
            'linkTo' in event ? event : toNewEvent(event, request.context),
          );
          const into = merged.get(planned.streamId);
          if (into) into.events.push(...events);
          else
            merged.set(planned.streamId, {
              streamId: planned.streamId,
              expectedVersion: planned.expectedVersion,
              events,
            });
        }
        const from = order.length;
        for (const event of split.fresh) order.push(event.eventId);
        members.push({ request, split, listedAgain, from, to: order.length });
      }
      if (members.length === 0) return;
      const requests = [...merged.values()];
      const writes = requests.filter((request) => request.events.length > 0).map((request) => request.streamId);
      const release = await this.locks.acquire(writes);
      let result: AppendResult;
      try {
        const current = this.stillCurrent(
          { kind: 'planned', requests: requests as AppendPlan[], snapshots: [] },
          guessed ?? new Set(),
        );
        if (!current) {
          later.push(...members.map((member) => member.request));
          return;
        }
        try {
          const appending = this.store.appendToStreams(requests, { order });
          decided();
          result = await appending;
        } catch (error) {
          if (error instanceof WrongExpectedVersionError) this.cache.markStale(error.streamId);
          else for (const request of requests) this.cache.evict(request.streamId);
          later.push(...members.map((member) => member.request));
          return;
        }
        for (const snapshot of overlay.values()) {
          const version = result.streamVersions[snapshot.streamId];
          if (version === undefined || version === snapshot.version) this.keep(snapshot, requests);
          else this.cache.evict(snapshot.streamId);
        }
      } finally {
        release();
      }
      // Positions: the group's events were written in `order`, one after another, ending at
      // `lastPosition`; unless some were found stored meanwhile (then each request's are looked up).
      const exact = result.duplicates === 0 && result.appended === order.length;
      const positions = exact ? undefined : await this.storedEvents.get(order);
      for (const { request, split, listedAgain, from, to } of members) {
        let last: number;
        let appended = to - from;
        if (positions === undefined) {
          last = result.lastPosition - order.length + to;
        } else {
          last = 0;
          appended = 0;
          for (const id of order.slice(from, to)) {
            const found = positions.get(id);
            // Ours are the last `appended` positions of the call (the found ones are earlier, as a
            // rule: written by another process between the lookup and the append).
            if (found && found.globalPosition > result.lastPosition - result.appended) appended += 1;
            last = Math.max(last, found?.globalPosition ?? 0);
          }
        }
        answer(request, {
          kind: 'appended',
          appended,
          duplicates: request.events.length - appended,
          listedAgain,
          lastPosition: Math.max(last, ...split.duplicatePositions),
          attempts: 1,
        });
      }
    } catch {
      // A read failed (or, after the append, the lookup of positions): each request not answered
      // yet is decided on its own, which answers it (events found appended are repeats then).
      for (const request of group) if (!answered.has(request) && !later.includes(request)) later.push(request);
    } finally {
      this.deferred(later);
    }
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
    const distinct = new Set(events.map((event) => event.eventId)).size;
    const listedAgain = events.length - distinct;
    let guess = attempt === 1 && this.guessNewStreams;
    // The lookup of repeats is a round trip: plan meanwhile as if none of the events were stored (the
    // usual case), and keep that plan when the lookup says so. It is checked like any plan below.
    const lookup = this.findRepeats(events, context.asPartner);
    const speculated = new Set<string>();
    const speculative =
      listedAgain === 0 && events.length > 1
        ? this.plan(events, guess ? speculated : undefined, context.asPartner).catch(() => undefined)
        : undefined;
    const repeats = await lookup;
    if (repeats.kind === 'conflict' || repeats.kind === 'forbidden') return repeats;
    const { fresh, freshIndex, duplicatePositions } = repeats;
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
    // Plan without locks to learn which streams the batch writes, then take their locks, so that
    // writers of the same streams in this process take turns instead of conflicting. The plan is
    // kept when no writer of this process moved a stream it read meanwhile (the cache says so);
    // otherwise it is made again under the locks.
    let held = new Set<string>();
    // First try: streams neither cached nor known to exist are assumed new (a batch of creates then
    // costs no reads). The store checks that assumption (every stream a plan read carries its
    // expected version), and a refusal may rest on it, so either failure decides again on loaded streams.
    let guessed = new Set<string>();
    let plan: Planned | Refused | undefined;
    if (speculative && fresh.length === events.length) {
      const made = await speculative;
      if (made?.kind === 'planned') {
        plan = made;
        guessed = speculated;
      }
    }
    for (;;) {
      const release = await this.locks.acquire(held);
      try {
        if (!plan || !this.stillCurrent(plan, guessed)) {
          guessed = new Set<string>();
          plan = await this.plan(fresh, guess ? guessed : undefined, context.asPartner);
        }
        if (plan.kind !== 'planned' && guessed.size > 0) {
          guess = false;
          plan = undefined;
          continue;
        }
        if (plan.kind === 'forbidden') {
          return { kind: 'forbidden', index: freshIndex[plan.index] ?? plan.index, detail: plan.detail };
        }
        if (plan.kind === 'refused') {
          // A twin request may have appended these very events while this one waited for the lock:
          // then they are repeats (200), not refusals. Look again before refusing.
          const raced = await this.storedEvents.get(fresh.map((event) => event.eventId));
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

  /**
   * Whether a plan (or refusal) still stands: every stream it read is where the plan found it, as
   * far as this process knows (its writers update the cache as they append). Streams the plan
   * assumed new must still be unknown. Another process's writes are caught by the store.
   */
  private stillCurrent(plan: Planned | Refused, guessed: ReadonlySet<string>): boolean {
    if (plan.kind !== 'planned') return false; // refusals are decided under the locks, cheap to redo
    for (const request of plan.requests) {
      const cached = this.cache.peek(request.streamId);
      if (cached === undefined) {
        // A stream the cache never keeps (an id marker) is left to the store's version check.
        if (!guessed.has(request.streamId) && this.cache.keeps(request.streamId)) return false;
      } else if (cached.version !== request.expectedVersion || this.cache.isStale(request.streamId)) {
        return false;
      }
    }
    return true;
  }

  /** Splits the batch into new events and idempotent repeats; the same id with other content is a conflict. */
  private async findRepeats(events: readonly DomainEvent[], asPartner: string | undefined): Promise<Repeats> {
    const stored = await this.storedEvents.get([...new Set(events.map((event) => event.eventId))]);
    return splitRepeats(events, stored, asPartner);
  }

  /**
   * Plans the batch in one pass: the planner names the streams the batch reads, round by round
   * (what the events name, then what the loaded states name), and each round is one read of all
   * the streams not cached.
   */
  private async plan(
    events: readonly DomainEvent[],
    /** When given, uncached streams are assumed new and collected here. */
    guessed: Set<string> | undefined,
    asPartner: string | undefined,
    /** States decided by earlier requests of a group, not yet appended: read before anything else. */
    overlay?: ReadonlyMap<string, StreamSnapshot>,
  ): Promise<Planned | Refused> {
    const loaded = new Map<string, StreamSnapshot>();
    const options = asPartner === undefined ? {} : { asPartner };
    const lookup = overlay
      ? (streamId: string) => overlay.get(streamId) ?? loaded.get(streamId)
      : (streamId: string) => loaded.get(streamId);
    const planner = new BatchPlanner(events, lookup, options);
    for (let round = 0; round < 100; round++) {
      const result = planner.next();
      if (result.kind !== 'need') return result;
      for (const snapshot of await this.load(result.streamIds, guessed)) loaded.set(snapshot.streamId, snapshot);
    }
    throw new Error('planning kept asking for more streams');
  }

  /**
   * Streams' folded states, in one read of the store for all that are not cached. The cache is
   * trusted: writers in this process update it as they append, and the store checks every stream a
   * plan read (expected versions), so a stream another process moved on only costs a retry, after
   * which it is marked stale and read from its cached version on (never folded again from the start).
   */
  private async load(streamIds: readonly string[], guessed: Set<string> | undefined): Promise<StreamSnapshot[]> {
    const snapshots: StreamSnapshot[] = [];
    const from = new Map<string, StreamSnapshot | undefined>();
    for (const streamId of streamIds) {
      const cached = this.cache.get(streamId);
      if (cached && !this.cache.isStale(streamId)) {
        snapshots.push(cached);
      } else if (!cached && guessed) {
        guessed.add(streamId);
        snapshots.push({ streamId, version: 0, state: undefined });
      } else {
        from.set(streamId, cached);
      }
    }
    if (from.size === 0) return snapshots;
    // Streams read from their start: from their stored state where there is one.
    const stored = new Map<string, StoredSnapshot>();
    if (this.snapshots) {
      const unread = [...from.keys()].filter((streamId) => from.get(streamId) === undefined);
      for (const s of await this.snapshots.load(unread)) stored.set(s.streamId, s);
    }
    const reads: StreamRead[] = [...from].map(([streamId, cached]) => ({
      streamId,
      // A stored state's own last event is read again, to check it is still this log's.
      fromVersion: stored.get(streamId)?.version ?? (cached?.version ?? 0) + 1,
    }));
    const tails = await this.store.readStreams(reads);
    const whole: string[] = [];
    for (const [streamId, cached] of from) {
      let start = cached;
      let tail = tails.get(streamId) ?? [];
      const state = stored.get(streamId);
      if (state) {
        if (tail[0]?.eventId !== state.lastEventId) {
          // Not the log the state was folded from (emptied and written again): read it whole.
          this.snapshots?.forget(streamId);
          whole.push(streamId);
          continue;
        }
        start = state;
        tail = tail.slice(1);
        this.snapshots?.used();
      }
      snapshots.push(this.folded(streamId, tail, start));
    }
    if (whole.length > 0) {
      const again = await this.store.readStreams(whole.map((streamId) => ({ streamId })));
      for (const streamId of whole) snapshots.push(this.folded(streamId, again.get(streamId) ?? []));
    }
    return snapshots;
  }

  /** A stream's stored events folded onto what was known of it: cached, and stored when long. */
  private folded(streamId: string, tail: readonly StoredEvent[], from?: StreamSnapshot): StreamSnapshot {
    const snapshot = foldStream(streamId, tail as unknown as DomainEvent[], from);
    this.cache.offer(snapshot);
    const last = tail.at(-1);
    if (last) this.snapshots?.offer(snapshot, last.eventId);
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
      if (version === undefined || version === snapshot.version) this.keep(snapshot, requests);
      else this.cache.evict(snapshot.streamId);
    }
    return result;
  }

  /**
   * A state the store has confirmed: cached, and, when it is due to be stored and this append wrote
   * to its stream, offered with the stream's last event (a stream only read is stored when next read).
   */
  private keep(snapshot: StreamSnapshot, requests: readonly AppendedTo[]): void {
    this.cache.offer(snapshot);
    if (!this.snapshots?.due(snapshot)) return;
    const last = requests.find((request) => request.streamId === snapshot.streamId)?.events.at(-1);
    if (last) this.snapshots.offer(snapshot, 'linkTo' in last ? last.linkTo : last.eventId);
  }
}

type Repeats =
  | { kind: 'conflict'; index: number; eventId: string; detail: string }
  | { kind: 'forbidden'; index: number; detail: string }
  | { kind: 'split'; fresh: DomainEvent[]; freshIndex: number[]; duplicatePositions: number[] };

/** An event or link of a stream's append, as the store takes it. */
type PlannedWrite = NewEvent | { linkTo: string };

/**
 * Splits a batch into new events and idempotent repeats, given the stored events of its ids; the
 * same id with other content (stored, or earlier in the batch) is a conflict.
 */
/**
 * `asPartner`: a partner key's repeat is answered only if one of that partner's keys appended the
 * stored event; else 403 before its content is compared, so that a partner key cannot learn whether
 * (and with what content) an event outside its scope is in the log.
 */
function splitRepeats(
  events: readonly DomainEvent[],
  stored: ReadonlyMap<string, StoredEvent>,
  asPartner: string | undefined,
): Repeats {
  const fresh: DomainEvent[] = [];
  const freshIndex: number[] = [];
  const duplicatePositions: number[] = [];
  // The first listing of each id; its content key is only computed when the id is listed again.
  const inBatch = new Map<string, DomainEvent>();
  for (const [index, event] of events.entries()) {
    const found = stored.get(event.eventId);
    if (found) {
      if (asPartner !== undefined && appendedBy(found) !== asPartner) {
        return {
          kind: 'forbidden',
          index,
          detail: `event ${event.eventId} is in the log and was not appended by partner ${JSON.stringify(asPartner)}`,
        };
      }
      if (!sameContent(found, toNewEvent(event, {}))) return conflict(index, event.eventId);
      duplicatePositions.push(found.globalPosition);
      continue;
    }
    const earlier = inBatch.get(event.eventId);
    if (earlier !== undefined) {
      if (contentKey(earlier) !== contentKey(event)) {
        return conflict(
          index,
          event.eventId,
          `event ${event.eventId} is listed earlier in this batch with other content`,
        );
      }
      continue; // the same event twice in one batch: written once
    }
    inBatch.set(event.eventId, event);
    fresh.push(event);
    freshIndex.push(index);
  }
  return { kind: 'split', fresh, freshIndex, duplicatePositions };
}

/** The partner whose key appended a stored event (its metadata's actor), if a partner key did. */
function appendedBy(event: StoredEvent): string | undefined {
  const actor = event.metadata?.actor;
  if (actor === null || typeof actor !== 'object' || Array.isArray(actor)) return undefined;
  const { role, partnerId } = actor as Record<string, unknown>;
  return role === 'partner' && typeof partnerId === 'string' ? partnerId : undefined;
}

/** Some events of the batch were appended by someone else meanwhile: sort repeats out again. */
class RepeatRaced extends Error {}

/** A stream the first try assumed new exists after all. */
class GuessMissed extends Error {}

function conflict(
  index: number,
  eventId: string,
  detail = `event ${eventId} is already in the log with other content`,
) {
  return { kind: 'conflict' as const, index, eventId, detail };
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

/** A stream's part of an append: its events and links, in order. */
type AppendedTo = { streamId: string; events: readonly PlannedWrite[] };
