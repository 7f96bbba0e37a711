import {
  compareInstants,
  FreeText,
  ID_PATTERN,
  instantBoundProblem,
  MAX_ID_LENGTH,
  MAX_INTEGER,
  MAX_STORED_REVISION,
  microsPastMillisecond,
} from '@reckon/domain';
import { PageRequest, StringEnum } from '@reckon/projections';
import { type Static, type TObject, Type } from '@sinclair/typebox';
import { DateTime } from 'luxon';
import { ProblemError, problem } from '../../plugins/problems.js';

/*
 * Parameter schemas shared by every route, with SPEC §1's bounds: an id is an id as events have it,
 * free text is at most 1,024 characters, an integer has a largest value. Every string is also held
 * to the string rules of events (no NUL, no unpaired surrogate) and every integer to decimal digits
 * by the preValidation hook of plugins/input-bounds.ts, whatever its schema says. A description
 * says what a value must be: a 400 for a value of the wrong form repeats it.
 */

/** A path or query id: what an id in an event may be (1–128 characters without spaces, /, ?, # or %). */
export const IdParam = (what: string) =>
  Type.String({
    pattern: ID_PATTERN,
    maxLength: MAX_ID_LENGTH,
    description: `${what} (1–${MAX_ID_LENGTH} characters without spaces, /, ?, # or %)`,
  });

/** The path parameters of a route under one id (`/v1/partners/{id}/…`). */
export const IdParams = (what: string) => Type.Object({ id: IdParam(what) });

/** Free text to search for. */
export const TextParam = FreeText;

/** A statement revision (numbered in a 32-bit column). */
export const RevisionParam = (description: string) =>
  Type.Integer({ minimum: 1, maximum: MAX_STORED_REVISION, description });

/** A global log position. */
export const PositionParam = (description: string) => Type.Integer({ minimum: 0, maximum: MAX_INTEGER, description });

/** A time bound: ISO-8601, read by parseInstant (a date or a local date-time is read in the answer's zone). */
export const TimeParam = (description: string) => Type.String({ maxLength: 64, description });

/** Query parameters every query route takes. */
export const CommonQuery = Type.Object({
  minPosition: Type.Optional(
    PositionParam(
      'read-your-writes: wait (up to 5 s) until the projections have processed this log position (the ' +
        'lastPosition of POST /v1/events); 503 with Retry-After if they have not by then',
    ),
  ),
  tz: Type.Optional(
    StringEnum(['UTC', 'partner'], {
      default: 'UTC',
      description:
        "time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset)",
    }),
  ),
});
export type CommonQuery = Static<typeof CommonQuery>;

/** Query parameters of every list: the common ones and the page asked for. */
export const ListQuery = Type.Object({ ...CommonQuery.properties, ...PageRequest.properties });
export type ListQuery = Static<typeof ListQuery>;

/** The fields of `schema` that `values` has (a query also holds the page, the zone and any unknown parameter). */
export function fieldsOf<T extends TObject>(schema: T, values: Record<string, unknown>): Static<T> {
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(schema.properties)) if (values[name] !== undefined) fields[name] = values[name];
  return fields as Static<T>;
}

/** The zone timestamps are rendered in: the partner's with `?tz=partner`, else UTC. */
export function zoneOf(query: CommonQuery, partnerZone: string | undefined): string {
  return query.tz === 'partner' && partnerZone ? partnerZone : 'UTC';
}

/** An instant stored as UTC ISO, rendered in `zone` as ISO-8601 with its offset (`Z` for UTC). */
export function renderInstant(iso: string, zone: string): string;
export function renderInstant(iso: string | null, zone: string): string | null;
export function renderInstant(iso: string | null, zone: string): string | null {
  if (iso === null || zone === 'UTC') return iso;
  const local = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  // ISO-8601 writes an offset in whole minutes: a zone's offset with seconds (local mean time, e.g.
  // Africa/Monrovia's −00:44:30 until 1972) would be cut, and the text name another instant. Such
  // times stay in UTC.
  if (!Number.isInteger(local.offset)) return iso;
  return local.toISO() ?? iso;
}

/**
 * A time bound given by a client: ISO-8601 date-time with an offset, or a date or date-time
 * without one, read in `zone` (a bare date is the start of that day). 400 when it is neither.
 * Answers the instant in UTC to the microsecond, as the engine keeps and compares times
 * (docs/events.md): `2026-10-31T15:59:59.999Z`, with three more digits when it has microseconds
 * past the millisecond (`…59.999001Z`; digits past the 6th dropped, as the domain drops them). One
 * instant has one text, and a bound without microseconds reads as a Date's (cursor digests hold it).
 */
export function parseInstant(name: string, value: string, zone: string): string {
  // Kept in the offset written (or the answer's zone): the same instant, and the bounds' reading of it.
  const parsed = DateTime.fromISO(value, { zone, setZone: true });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new ProblemError(
      problem(
        'invalid-request',
        `${name} must be an ISO-8601 date like 2026-10-05 or date-time like 2026-10-05T10:00:00+08:00 ` +
          `(got ${JSON.stringify(value.slice(0, 60))})`,
      ),
    );
  }
  // SPEC §1's bounds of a time, as events are held to them (the domain's rule): the year as
  // written, in the offset written (or the answer's zone).
  const written = parsed.toISO();
  const bound = written ? instantBoundProblem(written) : undefined;
  if (bound)
    throw new ProblemError(problem('invalid-request', `${name} ${bound} (got ${JSON.stringify(value.slice(0, 60))})`));
  // luxon keeps milliseconds (the fraction's first 3 digits); the domain reads the next 3 off the text.
  const millis = parsed.toJSDate().toISOString();
  const micros = Math.round(microsPastMillisecond(value.replace(/^(.{19}),/, '$1.')) * 1000);
  return micros === 0 ? millis : `${millis.slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

/** One end of a range as a query gives it: the parameter, its text as written and its value. */
export interface RangeEnd<T> {
  name: string;
  text: string;
  value: T;
}

/**
 * The one check of a range given by two query parameters (`from`/`to` of a list, its months for
 * the monthly consumption, `expiringAfter`/`expiringBefore`): 400 when the start is after the end,
 * which no item can lie in. Equal ends are allowed: an empty window, answered as one.
 */
export function checkRange<T>(start: RangeEnd<T>, end: RangeEnd<T>, isAfter: (a: T, b: T) => boolean): void {
  if (isAfter(start.value, end.value)) {
    throw new ProblemError(problem('invalid-request', `${start.name} ${start.text} is after ${end.name} ${end.text}`));
  }
}

/**
 * The time bounds of a range (`['from', query.from], ['to', query.to]`), each read by parseInstant
 * in `zone`, the start not after the end (checkRange, to the microsecond): the bounds given, by
 * their names. An empty value (`from=`, a blank form field) bounds nothing.
 */
export function timeRange<S extends string, E extends string>(
  zone: string,
  [startName, startText]: readonly [S, string | undefined],
  [endName, endText]: readonly [E, string | undefined],
): Partial<Record<S | E, string>> {
  const read = (name: string, text: string | undefined): RangeEnd<string> | undefined =>
    text ? { name, text, value: parseInstant(name, text, zone) } : undefined;
  const start = read(startName, startText);
  const end = read(endName, endText);
  if (start && end) checkRange(start, end, (a, b) => compareInstants(a, b) > 0);
  const bounds: Partial<Record<S | E, string>> = {};
  if (start) bounds[startName] = start.value;
  if (end) bounds[endName] = end.value;
  return bounds;
}
