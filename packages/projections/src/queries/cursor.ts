/**
 * Keyset cursors, opaque to clients: base64url JSON of where the next page starts (`a`: the sort
 * key of the last item given) and a digest of the list and filters the page was read with (`f`).
 * A cursor reused with other filters would answer a page of another list, most often an empty one
 * that reads as "nothing more"; it is refused instead (400), as is anything the list did not issue.
 */
import { createHash } from 'node:crypto';
import { type SelectQueryBuilder, type Simplify, sql } from 'kysely';
import { type PageRequest, pageSize } from './contract.js';
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

/** The id a by-id cursor (`encodeCursor([id], …)`) continues after. */
export function idOf(after: unknown[]): string {
  const [id] = after;
  if (after.length === 1 && typeof id === 'string') return id;
  throw new InvalidCursorError('not-issued');
}

/**
 * One page of a list ordered by a text id in byte order (`COLLATE "C"`, whatever the database's
 * collation, so that a page and its cursor mean the same on every server): the rows of `query`
 * after the cursor's id, and the cursor after the last of them. `column` is the id as the query
 * names it (`partner_id`, `v.voucher_id`), `id` reads it from a row.
 */
export async function pageById<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  column: string,
  id: (row: Simplify<O>) => string,
  page: PageRequest,
  digest: string,
): Promise<{ shown: Simplify<O>[]; nextCursor: string | null }> {
  const limit = pageSize(page.limit);
  const key = sql.ref(column);
  const after = page.cursor
    ? query.where(sql<boolean>`${key} COLLATE "C" > ${idOf(decodeCursor(page.cursor, digest))}`)
    : query;
  const rows = await after
    .orderBy(sql`${key} COLLATE "C"`)
    .limit(limit + 1)
    .execute();
  return keysetPage(rows, limit, digest, (last) => [id(last)]);
}

/**
 * One page of a list newest first, by log position (the rows of `query` need a `position`
 * column): the rows below the cursor's position, and the cursor below the last of them.
 */
export async function pageNewestFirst<DB, TB extends keyof DB, O extends { position: string | number }>(
  query: SelectQueryBuilder<DB, TB, O>,
  page: PageRequest,
  digest: string,
): Promise<{ shown: Simplify<O>[]; nextCursor: string | null }> {
  const limit = pageSize(page.limit);
  const position = sql.ref('position');
  const below = page.cursor
    ? query.where(sql<boolean>`${position} < ${String(positionOf(decodeCursor(page.cursor, digest)))}`)
    : query;
  const rows = await below
    .orderBy(sql`${position} DESC`)
    .limit(limit + 1)
    .execute();
  return keysetPage(rows, limit, digest, (last) => [Number(last.position)]);
}

/**
 * A keyset page from rows read with `.limit(limit + 1)` (the row past the page says that another
 * page follows): the rows shown, and the cursor that continues after the last of them (null on the
 * last page). `keyOf` gives a row's sort key, as the list's `decodeCursor` reads it back.
 */
export function keysetPage<R>(
  rows: readonly R[],
  limit: number,
  digest: string,
  keyOf: (last: R) => CursorKey,
): { shown: R[]; nextCursor: string | null } {
  const shown = rows.slice(0, limit);
  const last = shown[shown.length - 1];
  return { shown, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last), digest) : null };
}
