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
  /** Arguments of `event_store_append` (without the trailing duplicate-check flag). */
  args: unknown[];
  streamIds: string[];
  expected: ExpectedVersion[];
  /** Events and links to write. */
  toWrite: { events: number; links: number };
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
export function planAppend(requests: readonly AppendRequest[], known: KnownState): AppendPlan {
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
  const ev = {
    ids: [] as string[],
    streams: [] as number[],
    offsets: [] as number[],
    types: [] as string[],
    versions: [] as number[],
    occurredAt: [] as string[],
    data: [] as string[],
    metadata: [] as string[],
  };
  const ln = { streams: [] as number[], offsets: [] as number[], targets: [] as string[] };
  requests.forEach((request, index) => {
    const streamIndex = index + 1;
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
        ln.streams.push(streamIndex);
        ln.offsets.push(offset);
        ln.targets.push(target);
        continue;
      }
      if (dropped.has(entry)) continue;
      offset += 1;
      ev.ids.push(entry.eventId);
      ev.streams.push(streamIndex);
      ev.offsets.push(offset);
      ev.types.push(entry.type);
      ev.versions.push(entry.version ?? 1);
      ev.occurredAt.push(entry.occurredAt);
      ev.data.push(JSON.stringify(entry.data));
      ev.metadata.push(JSON.stringify(entry.metadata ?? {}));
    }
    counts.push(offset);
  });

  return {
    args: [
      streamIds,
      expectedCodes,
      counts,
      ev.ids,
      ev.streams,
      ev.offsets,
      ev.types,
      ev.versions,
      ev.occurredAt,
      ev.data,
      ev.metadata,
      ln.streams,
      ln.offsets,
      ln.targets,
    ],
    streamIds,
    expected,
    toWrite: { events: ev.ids.length, links: ln.targets.length },
    duplicates,
    entries,
    storedPosition,
  };
}

/** What `event_store_append` returns. */
export type AppendOutcome = { duplicates: string[] } | { last: number | string; versions: Array<number | string> };

export function resultOf(plan: AppendPlan, outcome: { last: number | string; versions: Array<number | string> }) {
  const streamVersions: Record<string, number> = {};
  plan.streamIds.forEach((streamId, index) => {
    streamVersions[streamId] = Number(outcome.versions[index] ?? 0);
  });
  const result: AppendResult = {
    appended: plan.toWrite.events,
    duplicates: plan.duplicates,
    lastPosition: Math.max(plan.toWrite.events > 0 ? Number(outcome.last) : 0, plan.storedPosition),
    streamVersions,
  };
  return result;
}
