import type { JsonObject, StoredEvent } from '@reckon/event-store';

/**
 * Columns of an event as read back. `recorded_at` (stored truncated to milliseconds) travels as epoch
 * milliseconds and is formatted in JS: to_char or numeric maths in SQL cost a noticeable share of
 * readAll's throughput, whose main server-side cost is turning the jsonb columns back into text.
 */
export const EVENT_COLUMNS = `e.global_position, e.event_id, e.stream_id, e.stream_position, e.type, e.version,
  e.occurred_at, (date_part('epoch', e.recorded_at) * 1000)::int8 AS recorded_ms, e.data, e.metadata`;

export interface EventRow {
  global_position: string;
  event_id: string;
  stream_id: string;
  stream_position: string;
  type: string;
  version: number;
  occurred_at: string;
  recorded_ms: string;
  data: JsonObject;
  metadata: JsonObject;
}

/**
 * `recorded_ms` as an ISO instant. The events of one append share their transaction's time, so the
 * last answer is kept: formatting a Date costs about 450 ns, a twentieth of what reading an event costs.
 */
let lastMs = '';
let lastIso = '';
function recordedAt(ms: string): string {
  if (ms !== lastMs) {
    lastIso = new Date(Number(ms)).toISOString();
    lastMs = ms;
  }
  return lastIso;
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    version: row.version,
    streamId: row.stream_id,
    streamPosition: Number(row.stream_position),
    globalPosition: Number(row.global_position),
    occurredAt: row.occurred_at,
    recordedAt: recordedAt(row.recorded_ms),
    data: row.data,
    metadata: row.metadata,
  };
}

/** A stream's own events and the events linked into it, ordered by position in that stream. */
export const readStreamSql = `
SELECT * FROM (
  SELECT e.stream_position AS at, ${EVENT_COLUMNS}
  FROM event_log e WHERE e.stream_id = $1 AND e.stream_position >= $2
  UNION ALL
  SELECT k.stream_position AS at, ${EVENT_COLUMNS}
  FROM event_links k JOIN event_log e ON e.event_id = k.event_id
  WHERE k.stream_id = $1 AND k.stream_position >= $2
) entries ORDER BY at LIMIT $3`;

/**
 * Several streams at once ($1 stream ids, $2 the first position wanted of each): rows carry the
 * stream asked for (`wanted`; an event's own `stream_id` is its home stream when read through a
 * link), ordered by stream then position. Both branches are index lookups per stream.
 */
export const readStreamsSql = `
SELECT * FROM (
  SELECT w.stream_id AS wanted, e.stream_position AS at, ${EVENT_COLUMNS}
  FROM unnest($1::text[], $2::int8[]) AS w(stream_id, from_version)
  JOIN event_log e ON e.stream_id = w.stream_id AND e.stream_position >= w.from_version
  UNION ALL
  SELECT w.stream_id AS wanted, k.stream_position AS at, ${EVENT_COLUMNS}
  FROM unnest($1::text[], $2::int8[]) AS w(stream_id, from_version)
  JOIN event_links k ON k.stream_id = w.stream_id AND k.stream_position >= w.from_version
  JOIN event_log e ON e.event_id = k.event_id
) entries ORDER BY wanted, at`;

/**
 * One batch of the log after a global position. Positions are gapless and in commit order, so the
 * batch is exactly the window (after, after + limit]: the query touches at most `limit` rows whatever
 * plan the planner picks (with statistics stale after bulk appends it would otherwise sort the whole
 * rest of the log for every batch).
 */
export const readAllBatchSql = `
SELECT ${EVENT_COLUMNS} FROM event_log e
WHERE e.global_position > $1 AND e.global_position <= LEAST($1 + $3, $2)
ORDER BY e.global_position`;

export const readEventsByIdSql = `SELECT ${EVENT_COLUMNS} FROM event_log e WHERE e.event_id = ANY ($1::uuid[])`;

export const streamVersionSql = 'SELECT version FROM event_streams WHERE stream_id = $1';

export const streamVersionsSql = 'SELECT stream_id, version FROM event_streams WHERE stream_id = ANY ($1::text[])';

export const headPositionSql = 'SELECT position FROM event_log_head';

/** Which of the given (stream, event) pairs are already links. */
export const existingLinksSql = `
SELECT k.stream_id, k.event_id FROM event_links k
JOIN unnest($1::text[], $2::uuid[]) AS wanted(stream_id, event_id)
  ON wanted.stream_id = k.stream_id AND wanted.event_id = k.event_id`;

export const appendGroupSql = `SELECT event_store_append_group($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) AS result`;
