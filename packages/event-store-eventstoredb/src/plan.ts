import {
  type AppendRequest,
  canonicalJson,
  DuplicateEventIdError,
  isLink,
  type NewEvent,
  type StoredEvent,
  sameContent,
  UnknownLinkTargetError,
} from '@reckon/event-store';
import { normalizeEventId } from './names';

/** What the id index knows about one stored event. */
export interface IndexEntry {
  event: StoredEvent;
  /** Port stream ids the event has been linked into (besides its home stream). */
  linkedInto: Set<string>;
}

export type PlannedWrite =
  | { kind: 'event'; eventId: string; event: NewEvent }
  | { kind: 'link'; targetId: string; target: StoredEvent };

export interface WritePlan {
  /** Entries to append to the request's stream, in call order. */
  writes: PlannedWrite[];
  /** Events of the call already stored with the same content (or repeated within the call). */
  duplicates: number;
  /** Global positions of stored events the call names (duplicates and link targets). */
  storedPositions: number[];
}

/**
 * Sorts the items of the written request into what is already stored (duplicates, links already
 * in place) and what to write, in call order. Throws for ids stored with other content and for
 * links to events nobody appended.
 */
export function planWrite(request: AppendRequest, stored: ReadonlyMap<string, IndexEntry>): WritePlan {
  const writes: PlannedWrite[] = [];
  const storedPositions: number[] = [];
  let duplicates = 0;
  const inCall = new Map<string, NewEvent>();
  for (const item of request.events) {
    if (!isLink(item)) {
      const id = normalizeEventId(item.eventId);
      if (!inCall.has(id)) inCall.set(id, item);
    }
  }
  const seen = new Set<string>();
  const linked = new Set<string>();
  for (const item of request.events) {
    if (isLink(item)) {
      const targetId = normalizeEventId(item.linkTo);
      const entry = stored.get(targetId);
      if (!entry) {
        // A new event of this call lives in this very stream: linking it here adds nothing.
        if (inCall.has(targetId)) continue;
        throw new UnknownLinkTargetError(targetId);
      }
      storedPositions.push(entry.event.globalPosition);
      if (linked.has(targetId) || entry.event.streamId === request.streamId || entry.linkedInto.has(request.streamId)) {
        continue;
      }
      linked.add(targetId);
      writes.push({ kind: 'link', targetId, target: entry.event });
      continue;
    }
    const id = normalizeEventId(item.eventId);
    const first = inCall.get(id);
    if (seen.has(id)) {
      if (first && !sameNewContent(first, item)) throw new DuplicateEventIdError(id, request.streamId);
      duplicates++;
      continue;
    }
    seen.add(id);
    const entry = stored.get(id);
    if (entry) {
      if (!sameContent(entry.event, item)) throw new DuplicateEventIdError(id, entry.event.streamId);
      duplicates++;
      storedPositions.push(entry.event.globalPosition);
      continue;
    }
    writes.push({ kind: 'event', eventId: id, event: item });
  }
  return { writes, duplicates, storedPositions };
}

/**
 * The check behind `AppendOptions.order` here. One stream per call makes the call's global order its
 * stream order, so an order can only confirm it: one that puts the new events otherwise (named ids
 * first, unnamed ones after them, as the PostgreSQL adapter ranks them) is refused, as there.
 */
export function assertKeepsStreamOrder(writes: readonly PlannedWrite[], order: readonly string[] | undefined): void {
  if (!order || order.length === 0) return;
  const rank = new Map(order.map((id, index) => [id.toLowerCase(), index]));
  let previous = -1;
  writes.forEach((write, index) => {
    if (write.kind !== 'event') return;
    const current = rank.get(write.eventId) ?? order.length + index;
    if (current < previous) {
      throw new TypeError('appendToStreams: the order puts events of one stream out of their stream order');
    }
    previous = current;
  });
}

function sameNewContent(a: NewEvent, b: NewEvent): boolean {
  return (
    a.type === b.type &&
    (a.version ?? 1) === (b.version ?? 1) &&
    Date.parse(a.occurredAt) === Date.parse(b.occurredAt) &&
    canonicalJson(a.data) === canonicalJson(b.data)
  );
}
