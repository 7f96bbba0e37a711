import {
  type EventDataMap,
  type EventType,
  INSTANT_FIELDS,
  isEventType,
  KNOWN_VERSIONS,
  toMicroseconds,
} from '@reckon/domain';
import type { StoredEvent } from '@reckon/event-store';
import { UnknownEventError } from './errors.js';

/** A stored event whose type and version the catalogue knows, with its data typed. */
export type KnownEvent = { [K in EventType]: StoredEvent & { type: K; data: EventDataMap[K] } }[EventType];

/** Checks an event against the catalogue; unknown types or versions stop the projection. */
export function known(event: StoredEvent): KnownEvent {
  if (!isEventType(event.type) || !KNOWN_VERSIONS[event.type].includes(event.version)) {
    throw new UnknownEventError(event.type, event.version, event.globalPosition);
  }
  return inMicroseconds(event) as KnownEvent;
}

/**
 * The event with its instants to the microsecond (`toMicroseconds`), as the rows it makes keep
 * them: a copy when one had more digits (the log keeps them as written), else the event itself.
 */
function inMicroseconds(event: StoredEvent): StoredEvent {
  const occurredAt = toMicroseconds(event.occurredAt);
  let data = event.data;
  for (const field of INSTANT_FIELDS[event.type as EventType]) {
    const value = data[field];
    if (typeof value !== 'string') continue;
    const kept = toMicroseconds(value);
    if (kept !== value) data = { ...data, [field]: kept };
  }
  return occurredAt === event.occurredAt && data === event.data ? event : { ...event, occurredAt, data };
}

/** The actor that appended an event, as text (the API records it in the metadata). */
export function actorOf(event: StoredEvent): string | null {
  const actor = event.metadata?.actor;
  if (actor === undefined || actor === null) return null;
  if (typeof actor === 'string') return actor;
  return JSON.stringify(actor);
}
