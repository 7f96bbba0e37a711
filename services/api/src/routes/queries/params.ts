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

export const commonQueryProperties = {
  minPosition: {
    type: 'integer',
    minimum: 0,
    description:
      'read-your-writes: wait (up to 5 s) until the projections have processed this log position (the lastPosition ' +
      'of POST /v1/events); 503 with Retry-After if they have not by then',
  },
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
    properties: { [name]: { type: 'string', minLength: 1, maxLength: 200, description } },
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
