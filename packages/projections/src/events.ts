import { type EventDataMap, type EventType, isEventType, KNOWN_VERSIONS } from '@reckon/domain';
import type { StoredEvent } from '@reckon/event-store';
import { UnknownEventError } from './errors.js';

/** A stored event whose type and version the catalogue knows, with its data typed. */
export type KnownEvent = { [K in EventType]: StoredEvent & { type: K; data: EventDataMap[K] } }[EventType];

/** Checks an event against the catalogue; unknown types or versions stop the projection. */
export function known(event: StoredEvent): KnownEvent {
  if (!isKnown(event)) {
    throw new UnknownEventError(event.type, event.version, event.globalPosition);
  }
  return event as unknown as KnownEvent;
}

function isKnown(event: StoredEvent): boolean {
  return isEventType(event.type) && KNOWN_VERSIONS[event.type].includes(event.version);
}

/** The events of `batch` after position `after`, up to the first the catalogue does not know. */
export function knownOnly(batch: readonly StoredEvent[], after: number): KnownEvent[] {
  const events: KnownEvent[] = [];
  for (const event of batch) {
    if (event.globalPosition <= after) continue;
    if (!isKnown(event)) break;
    events.push(event as unknown as KnownEvent);
  }
  return events;
}

/** The actor that appended an event, as text (the API records it in the metadata). */
export function actorOf(event: StoredEvent): string | null {
  const actor = event.metadata?.actor;
  if (actor === undefined || actor === null) return null;
  if (typeof actor === 'string') return actor;
  return JSON.stringify(actor);
}
