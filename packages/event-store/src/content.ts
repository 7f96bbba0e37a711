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
 * An ISO-8601 instant as idempotency compares it: the moment to the microsecond (the engine keeps
 * no finer time), whatever offset it is written in (`2026-10-05T10:00:00+08:00` and
 * `2026-10-05T02:00:00.000000Z` are one moment; `….0001Z` and `….0009Z` are two).
 */
export function instantKey(iso: string): string {
  const fraction = /\.(\d+)/.exec(iso)?.[1] ?? '';
  return `${Date.parse(iso)}.${fraction.slice(3, 6).padEnd(3, '0')}`;
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
    instantKey(stored.occurredAt) === instantKey(event.occurredAt) &&
    canonicalJson(stored.data) === canonicalJson(event.data)
  );
}

export function isLink(event: NewEvent | { linkTo: string }): event is { linkTo: string } {
  return 'linkTo' in event;
}
