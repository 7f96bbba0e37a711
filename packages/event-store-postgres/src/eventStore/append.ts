import {
  type AppendRequest,
  type AppendResult,
  DuplicateEventIdError,
  type ExpectedVersion,
  isLink,
  type NewEvent,
  type StoredEvent,
  sameContent,
  UnknownLinkTargetError,
} from '@reckon/event-store';

/** The stored events and existing links an append must know about to drop what is already in place. */
export interface KnownState {
  stored: ReadonlyMap<string, StoredEvent>;
  /** `linkKey(streamId, eventId)` of links already in the log. */
  links: ReadonlySet<string>;
}

export const NOTHING_KNOWN: KnownState = { stored: new Map(), links: new Set() };

export function linkKey(streamId: string, eventId: string): string {
  return `${streamId}\u0000${eventId}`;
}

/** What an append call writes once duplicates and links already in place are dropped. */
export interface AppendPlan {
  streamIds: string[];
  expected: ExpectedVersion[];
  /** `expected` as the SQL function takes it (see `encodeExpected`). */
  expectedCodes: number[];
  /** Entries (events + links) each request adds to its stream. */
  counts: number[];
  /** Events to write, in global order, as columns; `requests` is the 0-based request index. */
  events: {
    ids: string[];
    requests: number[];
    offsets: number[];
    types: string[];
    versions: number[];
    occurredAt: string[];
    data: string[];
    metadata: string[];
  };
  links: { requests: number[]; offsets: number[]; targets: string[] };
  /** Events of the call that are already stored with the same content (or repeat an earlier one of the call). */
  duplicates: number;
  /** Entries of the call (events and links) before anything was dropped. */
  entries: number;
  /** Highest global position among the stored events the call names (duplicates, link targets). */
  storedPosition: number;
}

/** Expected versions as the SQL function takes them: -1 any, -2 stream must exist, n exactly n. */
export function encodeExpected(expected: ExpectedVersion): number {
  if (expected === 'any') return -1;
  if (expected === 'stream_exists') return -2;
  if (expected === 'no_stream') return 0;
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new TypeError(`expected version must be any, no_stream, stream_exists or an integer ≥ 0, not ${expected}`);
  }
  return expected;
}

function asStored(event: NewEvent, streamId: string): StoredEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    version: event.version ?? 1,
    streamId,
    streamPosition: 0,
    globalPosition: 0,
    occurredAt: event.occurredAt,
    recordedAt: event.occurredAt,
    data: event.data,
    metadata: event.metadata ?? {},
  };
}

/**
 * Works out what an append writes: events already stored with the same content are dropped as
 * duplicates (other content: `DuplicateEventIdError`), links already in place are dropped, links
 * to unknown events raise `UnknownLinkTargetError`. Stream positions of what remains are given as
 * offsets from each stream's version, which the SQL function learns under the stream's row lock.
 */
export function planAppend(
  requests: readonly AppendRequest[],
  known: KnownState,
  order?: readonly string[],
): AppendPlan {
  const streamIds = requests.map((request) => request.streamId);
  if (new Set(streamIds).size !== streamIds.length) {
    throw new TypeError('appendToStreams: a stream may appear in only one request of a call');
  }
  const expected = requests.map((request) => request.expectedVersion ?? 'any');
  const expectedCodes = expected.map(encodeExpected);

  // Pass 1: events, so that links may name any event of the call.
  const newInCall = new Map<string, { streamId: string; event: NewEvent }>();
  const dropped = new Set<NewEvent>();
  let duplicates = 0;
  let storedPosition = 0;
  let entries = 0;
  for (const request of requests) {
    for (const entry of request.events) {
      entries += 1;
      if (isLink(entry)) continue;
      const stored = known.stored.get(entry.eventId);
      const earlier = newInCall.get(entry.eventId);
      const original = stored ?? (earlier ? asStored(earlier.event, earlier.streamId) : undefined);
      if (original) {
        if (!sameContent(original, entry)) throw new DuplicateEventIdError(entry.eventId, original.streamId);
        duplicates += 1;
        storedPosition = Math.max(storedPosition, original.globalPosition);
        dropped.add(entry);
      } else {
        newInCall.set(entry.eventId, { streamId: request.streamId, event: entry });
      }
    }
  }

  // Pass 2: stream offsets of what is written, in the order the call gives.
  const counts: number[] = [];
  const events: AppendPlan['events'] = {
    ids: [],
    requests: [],
    offsets: [],
    types: [],
    versions: [],
    occurredAt: [],
    data: [],
    metadata: [],
  };
  const links: AppendPlan['links'] = { requests: [], offsets: [], targets: [] };
  requests.forEach((request, index) => {
    const linkedHere = new Set<string>();
    let offset = 0;
    for (const entry of request.events) {
      if (isLink(entry)) {
        const target = entry.linkTo;
        const stored = known.stored.get(target);
        const fresh = newInCall.get(target);
        if (!stored && !fresh) throw new UnknownLinkTargetError(target);
        if (stored) storedPosition = Math.max(storedPosition, stored.globalPosition);
        const home = stored?.streamId ?? fresh?.streamId;
        const inPlace =
          home === request.streamId || linkedHere.has(target) || known.links.has(linkKey(request.streamId, target));
        if (inPlace) continue;
        linkedHere.add(target);
        offset += 1;
        links.requests.push(index);
        links.offsets.push(offset);
        links.targets.push(target);
        continue;
      }
      if (dropped.has(entry)) continue;
      offset += 1;
      events.ids.push(entry.eventId);
      events.requests.push(index);
      events.offsets.push(offset);
      events.types.push(entry.type);
      events.versions.push(entry.version ?? 1);
      events.occurredAt.push(entry.occurredAt);
      events.data.push(JSON.stringify(entry.data));
      events.metadata.push(JSON.stringify(entry.metadata ?? {}));
    }
    counts.push(offset);
  });
  if (order && order.length > 0) reorder(events, order);

  return {
    streamIds,
    expected,
    expectedCodes,
    counts,
    events,
    links,
    duplicates,
    entries,
    storedPosition,
  };
}

/**
 * Puts the events to write into the caller's global order (stream positions were fixed per request
 * above and do not change); ids the order does not name keep their relative place after it.
 */
function reorder(events: AppendPlan['events'], order: readonly string[]): void {
  const rank = new Map(order.map((id, index) => [id, index]));
  const indices = events.ids.map((_, index) => index);
  const rankOf = (index: number) => rank.get(events.ids[index]!) ?? order.length + index;
  indices.sort((a, b) => rankOf(a) - rankOf(b));
  // Each stream's events must keep their stream order, or positions would contradict the log.
  const lastOffset = new Map<number, number>();
  for (const index of indices) {
    const request = events.requests[index]!;
    const offset = events.offsets[index]!;
    if ((lastOffset.get(request) ?? 0) > offset) {
      throw new TypeError('appendToStreams: the order puts events of one stream out of their stream order');
    }
    lastOffset.set(request, offset);
  }
  // Column by column, by assignment: spreading a large call's column into splice() overflows the stack.
  const columns = events as Record<keyof AppendPlan['events'], unknown[]>;
  for (const key of Object.keys(columns) as (keyof AppendPlan['events'])[]) {
    const column = columns[key];
    columns[key] = indices.map((index) => column[index]);
  }
}

/** Whether the plan writes nothing although the call named something: an idempotent repeat. */
export function allInPlace(plan: AppendPlan): boolean {
  return plan.entries > 0 && plan.events.ids.length + plan.links.targets.length === 0;
}

/** The result of a call whose entries were written (or all found in place) with these stream versions. */
export function resultOf(plan: AppendPlan, lastWritten: number, versions: readonly number[]): AppendResult {
  const streamVersions: Record<string, number> = {};
  plan.streamIds.forEach((streamId, index) => {
    streamVersions[streamId] = versions[index] ?? 0;
  });
  return {
    appended: plan.events.ids.length,
    duplicates: plan.duplicates,
    lastPosition: Math.max(lastWritten, plan.storedPosition),
    streamVersions,
  };
}

/** Whether every link of the call targets an event the call itself appends (or there is no link). */
export function linksOnlyWithinCall(requests: readonly AppendRequest[]): boolean {
  let ids: Set<string> | undefined;
  for (const request of requests) {
    for (const entry of request.events) {
      if (!isLink(entry)) continue;
      ids ??= new Set(requests.flatMap((r) => r.events.flatMap((e) => (isLink(e) ? [] : [e.eventId]))));
      if (!ids.has(entry.linkTo)) return false;
    }
  }
  return true;
}
