/**
 * Keyset cursors, opaque to clients: base64url JSON of where the next page starts (`a`: the sort
 * key of the last item given) and a digest of the list and filters the page was read with (`f`).
 * A cursor reused with other filters would answer a page of another list, most often an empty one
 * that reads as "nothing more"; it is refused instead (400), as is anything the list did not issue.
 */
import { createHash } from 'node:crypto';
import { InvalidCursorError } from './format.js';

export type CursorKey = readonly (string | number)[];

/** JSON with keys sorted and undefined members left out, so equal filters give equal text. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonical(member)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What a page was read from: the list (its name and id) and its filters, as a short digest. */
export function listDigest(list: string, filters: Record<string, unknown>): string {
  return createHash('sha256')
    .update(canonical([list, filters]))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(after: CursorKey, digest: string): string {
  return Buffer.from(JSON.stringify({ a: after, f: digest })).toString('base64url');
}

/** The sort key a cursor carries, if it was issued for `digest`; else InvalidCursorError. */
export function decodeCursor(cursor: string, digest: string): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('not-issued');
  }
  const { a, f } = (value ?? {}) as { a?: unknown; f?: unknown };
  if (!Array.isArray(a) || typeof f !== 'string') throw new InvalidCursorError('not-issued');
  if (f !== digest) throw new InvalidCursorError('other-filters');
  return a;
}

/** The log position a newest-first cursor (`encodeCursor([position], …)`) continues below. */
export function positionOf(after: unknown[]): number {
  const [position] = after;
  if (after.length === 1 && Number.isSafeInteger(position) && (position as number) >= 0) return position as number;
  throw new InvalidCursorError('not-issued');
}
