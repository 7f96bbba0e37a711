import type { JsonValue, NewEvent, StoredEvent } from './types.js';

/** JSON with object keys sorted, so that two encodings of the same value compare equal. */
export function canonicalJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether a stored event has the same content as a new one with the same id. Content is the type,
 * schema version, business time (as an instant) and data; metadata (actor, correlation ids) may
 * differ between an original append and its idempotent repeat.
 */
export function sameContent(stored: StoredEvent, event: NewEvent): boolean {
  return (
    stored.type === event.type &&
    stored.version === (event.version ?? 1) &&
    Date.parse(stored.occurredAt) === Date.parse(event.occurredAt) &&
    canonicalJson(stored.data) === canonicalJson(event.data)
  );
}

export function isLink(event: NewEvent | { linkTo: string }): event is { linkTo: string } {
  return 'linkTo' in event;
}
