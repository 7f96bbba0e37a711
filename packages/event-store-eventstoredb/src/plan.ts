import {
  type AppendRequest,
  canonicalJson,
  DuplicateEventIdError,
  type ExpectedVersion,
  instantKey,
  isLink,
  type NewEvent,
  type StoredEvent,
  sameContent,
  UnknownLinkTargetError,
} from '@reckon/event-store';
import { normalizeEventId } from './names.js';

/** What the id index knows about one stored event. */
export interface IndexEntry {
  event: StoredEvent;
  /** Port stream ids the event has been linked into (besides its home stream). */
  linkedInto: Set<string>;
}

/** Where a link's target lives; its position is known before the write unless it is new in a stream appended at `any`. */
export interface LinkTarget {
  streamId: string;
  streamPosition: number | undefined;
}

export type PlannedWrite =
  | { kind: 'event'; eventId: string; event: NewEvent }
  | { kind: 'link'; targetId: string; target: LinkTarget };

/** One request of the call after planning. */
export interface StreamPlan {
  streamId: string;
  expectedVersion: ExpectedVersion | undefined;
  /** Entries to append to the stream, in stream order. */
  writes: PlannedWrite[];
}

export interface CallPlan {
  /** One per request, in request order. */
  streams: StreamPlan[];
  /** Every planned write of the call in the order the log gets them. */
  sequence: Array<{ stream: number; write: number }>;
  /** Events of the call already stored with the same content (or repeated within the call). */
  duplicates: number;
  /** Highest global position of the stored events the call names (duplicates and link targets); 0 if none. */
  storedPosition: number;
  /** Items (events and links) the call names, written or not. */
  entries: number;
}

/**
 * Works out what a call writes, like the PostgreSQL adapter's planner: events stored with the same
 * content (or repeated within the call) are duplicates, other content raises `DuplicateEventIdError`;
 * links already in place (in the target's home stream, or linked there before, or twice in one
 * request) are dropped; links to events neither stored nor in the call raise `UnknownLinkTargetError`.
 * `sequence` puts the writes in the call's global order (see `sequenceWrites`).
 */
export function planCall(
  requests: readonly AppendRequest[],
  stored: ReadonlyMap<string, IndexEntry>,
  order?: readonly string[],
): CallPlan {
  const streamIds = requests.map((request) => request.streamId);
  if (new Set(streamIds).size !== streamIds.length) {
    throw new TypeError('appendToStreams: a stream may appear in only one request of a call');
  }

  // Pass 1: events, so that links may name any event of the call.
  const fresh = new Map<string, { stream: number; event: NewEvent }>();
  const dropped = new Set<NewEvent>();
  let storedPosition = 0;
  let duplicates = 0;
  let entries = 0;
  requests.forEach((request, stream) => {
    for (const item of request.events) {
      entries += 1;
      if (isLink(item)) continue;
      const id = normalizeEventId(item.eventId);
      const entry = stored.get(id);
      const earlier = fresh.get(id);
      if (entry) {
        if (!sameContent(entry.event, item)) throw new DuplicateEventIdError(id, entry.event.streamId);
        storedPosition = Math.max(storedPosition, entry.event.globalPosition);
      } else if (earlier) {
        if (!sameNewContent(earlier.event, item)) {
          throw new DuplicateEventIdError(id, requests[earlier.stream]?.streamId ?? request.streamId);
        }
      } else {
        fresh.set(id, { stream, event: item });
        continue;
      }
      duplicates += 1;
      dropped.add(item);
    }
  });

  // Pass 2: what each stream gets, in its order.
  const streams: StreamPlan[] = requests.map((request) => ({
    streamId: request.streamId,
    expectedVersion: request.expectedVersion,
    writes: [],
  }));
  const freshAt = new Map<string, { stream: number; write: number }>();
  const pendingTargets: Array<{ targetId: string; target: LinkTarget }> = [];
  requests.forEach((request, stream) => {
    const writes = streams[stream]!.writes;
    const linkedHere = new Set<string>();
    for (const item of request.events) {
      if (isLink(item)) {
        const targetId = normalizeEventId(item.linkTo);
        const entry = stored.get(targetId);
        const home = entry ? entry.event.streamId : requests[fresh.get(targetId)?.stream ?? -1]?.streamId;
        if (home === undefined) throw new UnknownLinkTargetError(targetId);
        if (entry) storedPosition = Math.max(storedPosition, entry.event.globalPosition);
        const inPlace =
          home === request.streamId || linkedHere.has(targetId) || entry?.linkedInto.has(request.streamId) === true;
        if (inPlace) continue;
        linkedHere.add(targetId);
        const target: LinkTarget = { streamId: home, streamPosition: entry?.event.streamPosition };
        if (!entry) pendingTargets.push({ targetId, target });
        writes.push({ kind: 'link', targetId, target });
        continue;
      }
      if (dropped.has(item)) continue;
      const eventId = normalizeEventId(item.eventId);
      freshAt.set(eventId, { stream, write: writes.length });
      writes.push({ kind: 'event', eventId, event: item });
    }
  });
  // A new target's position: its home stream's expected version (when exact) plus its place there.
  for (const { targetId, target } of pendingTargets) {
    const at = freshAt.get(targetId);
    const base = at ? exactVersion(streams[at.stream]!.expectedVersion) : undefined;
    target.streamPosition = at && base !== undefined ? base + at.write + 1 : undefined;
  }

  return { streams, sequence: sequenceWrites(streams, order), duplicates, storedPosition, entries };
}

/** A stream's version before the write when the expected version pins it; undefined for `any`/`stream_exists`. */
export function exactVersion(expected: ExpectedVersion | undefined): number | undefined {
  if (expected === 'no_stream') return 0;
  return typeof expected === 'number' ? expected : undefined;
}

/**
 * The global order of a call's writes. Events are ranked as in the PostgreSQL adapter: ids that
 * `order` names by their place there, the others after them in call order (request by request).
 * Each event carries the links that follow it in its stream (the first one also the links before
 * it); a stream of links only goes where its request stands in call order. Without `order` this
 * is the call order. Throws `TypeError` if `order` puts a stream's events out of stream order.
 */
export function sequenceWrites(
  streams: readonly StreamPlan[],
  order: readonly string[] | undefined,
): Array<{ stream: number; write: number }> {
  const named = new Map((order ?? []).map((id, index) => [id.toLowerCase(), index]));
  const unnamedFrom = order?.length ?? 0;
  const chunks: Array<{ rank: number; stream: number; writes: number[] }> = [];
  let eventsBefore = 0;
  streams.forEach((plan, stream) => {
    let current: { rank: number; stream: number; writes: number[] } | undefined;
    let leading: number[] = [];
    let previousRank = Number.NEGATIVE_INFINITY;
    plan.writes.forEach((write, index) => {
      if (write.kind === 'link') {
        if (current) current.writes.push(index);
        else leading.push(index);
        return;
      }
      const rank = named.get(write.eventId) ?? unnamedFrom + eventsBefore;
      eventsBefore += 1;
      if (rank < previousRank) {
        throw new TypeError('appendToStreams: the order puts events of one stream out of their stream order');
      }
      previousRank = rank;
      current = { rank, stream, writes: [...leading, index] };
      leading = [];
      chunks.push(current);
    });
    // Links only: between the events of the requests before and after this one.
    if (leading.length > 0) chunks.push({ rank: unnamedFrom + eventsBefore - 0.5, stream, writes: leading });
  });
  // Stable: chunks of equal rank (links-only streams) keep request order.
  chunks.sort((a, b) => a.rank - b.rank);
  return chunks.flatMap((chunk) => chunk.writes.map((write) => ({ stream: chunk.stream, write })));
}

function sameNewContent(a: NewEvent, b: NewEvent): boolean {
  return (
    a.type === b.type &&
    (a.version ?? 1) === (b.version ?? 1) &&
    instantKey(a.occurredAt) === instantKey(b.occurredAt) &&
    canonicalJson(a.data) === canonicalJson(b.data)
  );
}
