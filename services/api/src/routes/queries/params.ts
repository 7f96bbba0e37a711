import { ID_PATTERN, MAX_ID_LENGTH, MAX_INTEGER, MAX_REVISION, MAX_TEXT_LENGTH } from '@reckon/domain';
import { DateTime } from 'luxon';
import { ProblemError, problem, problemResponse } from '../../plugins/problems';

/** Query parameters every query route takes. */
export interface CommonQuery {
  minPosition?: number;
  tz?: 'UTC' | 'partner';
}

export interface ListQuery extends CommonQuery {
  limit?: number;
  cursor?: string;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

/*
 * Parameter schemas shared by every route, with SPEC §1's bounds: an id is an id as events have it,
 * free text is at most 1,024 characters, an integer has a largest value. Every string is also held
 * to the string rules of events (no NUL, no unpaired surrogate) and every integer to decimal digits
 * by the preValidation hook of plugins/input-bounds.ts, whatever its schema says.
 */

/** A path or query id: what an id in an event may be (1–128 characters without spaces, /, ?, # or %). */
export const idParam = (description: string) =>
  ({ type: 'string', pattern: ID_PATTERN, maxLength: MAX_ID_LENGTH, description }) as const;

/** Free text to search for. */
export const textParam = (description?: string) =>
  ({ type: 'string', maxLength: MAX_TEXT_LENGTH, ...(description ? { description } : {}) }) as const;

/** A statement revision (numbered in a 32-bit column). */
export const revisionParam = (description?: string) =>
  ({ type: 'integer', minimum: 1, maximum: MAX_REVISION, ...(description ? { description } : {}) }) as const;

/** A global log position. */
export const positionParam = (description: string) =>
  ({ type: 'integer', minimum: 0, maximum: MAX_INTEGER, description }) as const;

export const commonQueryProperties = {
  minPosition: positionParam(
    'read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition ' +
      'of POST /v1/events); 503 with Retry-After if they have not by then',
  ),
  tz: {
    type: 'string',
    enum: ['UTC', 'partner'],
    default: 'UTC',
    description: "time zone of the timestamps in the answer: UTC (default) or the partner's own (ISO-8601 with offset)",
  },
} as const;

export const listQueryProperties = {
  ...commonQueryProperties,
  limit: {
    type: 'integer',
    minimum: 1,
    maximum: MAX_LIMIT,
    description: `page size, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT}; a CSV without limit holds the whole list)`,
  },
  cursor: { type: 'string', minLength: 1, maxLength: 512, description: 'the nextCursor of the previous page' },
} as const;

/** The error answers of every query route: problem+json for 4xx, and 503 from the `minPosition` wait. */
export const queryErrorResponses = { '4xx': problemResponse, 503: problemResponse } as const;

export const PERIOD_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

export const idParams = (name: string, description: string) =>
  ({
    type: 'object',
    required: [name],
    properties: { [name]: idParam(description) },
  }) as const;

/** The zone timestamps are rendered in: the partner's with `?tz=partner`, else UTC. */
export function zoneOf(query: CommonQuery, partnerZone: string | undefined): string {
  return query.tz === 'partner' && partnerZone ? partnerZone : 'UTC';
}

/** An instant stored as UTC ISO, rendered in `zone` as ISO-8601 with its offset (`Z` for UTC). */
export function renderInstant(iso: string, zone: string): string;
export function renderInstant(iso: string | null, zone: string): string | null;
export function renderInstant(iso: string | null, zone: string): string | null {
  if (iso === null || zone === 'UTC') return iso;
  return DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone).toISO() ?? iso;
}

/**
 * A time bound given by a client: ISO-8601 date-time with an offset, or a date or date-time
 * without one, read in `zone` (a bare date is the start of that day). 400 when it is neither.
 */
export function parseInstant(name: string, value: string, zone: string): Date {
  const parsed = DateTime.fromISO(value, { zone, setZone: false });
  if (!parsed.isValid || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new ProblemError(
      problem('invalid-request', `${name} must be an ISO-8601 date or date-time, got ${JSON.stringify(value)}`),
    );
  }
  return parsed.toJSDate();
}
