import { Decimal, formatAmount, minorUnits } from '@reckon/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Actor } from './contract.js';

/**
 * A stored amount as a decimal string: canonical (no trailing zeros beyond need) but with at least
 * the currency's minor-unit digits, so `100` reads `"100.00"` in CNY and `12.345` stays `"12.345"`.
 */
export function money(value: string | null | undefined, currency: string): string {
  const canonical = formatAmount(new Decimal(value ?? 0));
  const places = minorUnits(currency);
  const dot = canonical.indexOf('.');
  const have = dot < 0 ? 0 : canonical.length - dot - 1;
  return have >= places ? canonical : formatAmount(new Decimal(canonical), places);
}

/**
 * A cursor a list refuses: one it did not issue, or one issued for other filters (queries/cursor.ts).
 * The HTTP routes answer it with 400.
 */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor(readonly reason: 'not-issued' | 'other-filters') {
    super(
      reason === 'other-filters'
        ? 'cursor was issued for other filters than these; send the filters of the first page with it, or start again without a cursor'
        : 'cursor is not one this list issued',
    );
  }
}

/**
 * A time bound as a timestamptz operand, to the microsecond as the engine keeps times: ISO-8601
 * text with an offset (`2026-10-31T15:59:59.999001Z`, as the API's `parseInstant` gives it), cast
 * by PostgreSQL. A Date would keep only milliseconds, and a bound 1 µs after a time would admit it.
 */
export function timestamptz(iso: string): RawBuilder<Date> {
  return sql<Date>`CAST(${iso} AS timestamptz)`;
}

/** `%…%` for ILIKE: any part of a text, its own `%`, `_` and `\\` taken literally. */
export function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * An event's actor as the read models keep it (a text column: `actorOf` in ../events.ts writes an
 * object as its JSON text, a string as is) back as the object the audit view shows (`Actor`); null
 * when the event had none.
 */
export function actorFromText(text: string | null): Actor | null {
  if (text === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { kind: 'unknown', value: text };
  const actor = parsed as Record<string, unknown>;
  return (typeof actor.kind === 'string' ? actor : { ...actor, kind: 'unknown' }) as Actor;
}
