import type { Migration } from '@reckon/database';
import {
  appendGroupFunction,
  appendGroupFunctionLinear,
  appendGroupFunctionMicroseconds,
  appendGroupFunctionNewStreamsLast,
} from './appendGroupFunction.js';

/** Namespace of this adapter's schema in `schema_migrations`. */
export const MIGRATION_NAMESPACE = 'event_store';

/**
 * Tables of the log:
 * - `event_log`: one row per event, keyed by its global position (gapless, equal to commit order).
 * - `event_log_head`: a single row holding the last assigned global position. Every appending
 *   transaction updates it as its last write, so positions are handed out in commit order.
 * - `event_streams`: the version of each stream; appends lock the row to check expected versions.
 * - `event_links`: events placed into a stream other than their home stream.
 */
const createTables = `
CREATE TABLE event_log_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  position bigint NOT NULL
);
INSERT INTO event_log_head (singleton, position) VALUES (true, 0);

CREATE TABLE event_streams (
  stream_id text PRIMARY KEY,
  version bigint NOT NULL
);

CREATE TABLE event_log (
  global_position bigint PRIMARY KEY,
  event_id uuid NOT NULL,
  stream_id text NOT NULL,
  stream_position bigint NOT NULL,
  type text NOT NULL,
  version integer NOT NULL,
  occurred_at text NOT NULL,
  occurred_at_instant timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  CONSTRAINT event_log_event_id_key UNIQUE (event_id),
  CONSTRAINT event_log_stream_position_key UNIQUE (stream_id, stream_position)
);

CREATE TABLE event_links (
  stream_id text NOT NULL,
  stream_position bigint NOT NULL,
  event_id uuid NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT event_links_pkey PRIMARY KEY (stream_id, stream_position),
  CONSTRAINT event_links_stream_event_key UNIQUE (stream_id, event_id)
);
`;

/**
 * The append, in one server-side call so that a single-event append is one round trip and the
 * serialising lock on \`event_log_head\` is held only from the position assignment to the commit.
 *
 * Order inside: (1) if asked, report event ids already stored and stop (the client then sorts out
 * duplicates and calls again); (2) bump the versions of the touched streams (rows locked in
 * stream-id order, so concurrent multi-stream appends cannot deadlock) and check the expected
 * versions, raising RK001 on a mismatch; (3) write links; (4) last, take the head row lock,
 * assign the positions and insert the events; (5) notify subscribers (delivered at commit).
 *
 * Expected versions: -1 any, -2 stream must exist, n ≥ 0 exactly n (0: must not exist).
 */
const createAppendFunction = `
CREATE FUNCTION event_store_append(
  p_stream_ids text[],
  p_expected bigint[],
  p_counts integer[],
  p_event_ids uuid[],
  p_event_streams integer[],
  p_event_offsets integer[],
  p_types text[],
  p_versions integer[],
  p_occurred_at text[],
  p_data jsonb[],
  p_metadata jsonb[],
  p_link_streams integer[],
  p_link_offsets integer[],
  p_link_targets uuid[],
  p_check_duplicates boolean
) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  v_found uuid[];
  v_old bigint[];
  v_new bigint[];
  v_count integer := coalesce(cardinality(p_event_ids), 0);
  v_base bigint := 0;
  v_now timestamptz;
BEGIN
  IF p_check_duplicates AND v_count > 0 THEN
    SELECT array_agg(l.event_id) INTO v_found FROM event_log l WHERE l.event_id = ANY (p_event_ids);
    IF v_found IS NOT NULL THEN
      RETURN jsonb_build_object('duplicates', to_jsonb(v_found));
    END IF;
  END IF;

  WITH touched AS (
    SELECT t.stream_id, t.n, t.ord
    FROM unnest(p_stream_ids, p_counts) WITH ORDINALITY AS t(stream_id, n, ord)
  ), bumped AS (
    INSERT INTO event_streams AS s (stream_id, version)
    SELECT touched.stream_id, touched.n FROM touched ORDER BY touched.stream_id
    ON CONFLICT (stream_id) DO UPDATE SET version = s.version + excluded.version
    RETURNING s.stream_id, s.version
  )
  SELECT array_agg(bumped.version - touched.n ORDER BY touched.ord), array_agg(bumped.version ORDER BY touched.ord)
  INTO v_old, v_new
  FROM bumped JOIN touched ON touched.stream_id = bumped.stream_id;

  FOR i IN 1 .. coalesce(cardinality(p_stream_ids), 0) LOOP
    IF (p_expected[i] = -2 AND v_old[i] = 0) OR (p_expected[i] >= 0 AND v_old[i] <> p_expected[i]) THEN
      RAISE EXCEPTION 'wrong expected version' USING
        ERRCODE = 'RK001',
        DETAIL = json_build_object('streamIndex', i, 'actual', v_old[i])::text;
    END IF;
  END LOOP;

  IF coalesce(cardinality(p_link_targets), 0) > 0 THEN
    INSERT INTO event_links (stream_id, stream_position, event_id)
    SELECT p_stream_ids[k.si], v_old[k.si] + k.off, k.target
    FROM unnest(p_link_streams, p_link_offsets, p_link_targets) AS k(si, off, target);
  END IF;

  IF v_count > 0 THEN
    UPDATE event_log_head SET position = position + v_count RETURNING position - v_count INTO v_base;
    v_now := clock_timestamp();
    INSERT INTO event_log (global_position, event_id, stream_id, stream_position, type, version,
                           occurred_at, occurred_at_instant, recorded_at, data, metadata)
    SELECT v_base + e.ord, e.id, p_stream_ids[e.si], v_old[e.si] + e.off, e.type, e.version,
           e.occurred_at, e.occurred_at::timestamptz, v_now, e.data, e.metadata
    FROM unnest(p_event_ids, p_event_streams, p_event_offsets, p_types, p_versions, p_occurred_at, p_data, p_metadata)
      WITH ORDINALITY AS e(id, si, off, type, version, occurred_at, data, metadata, ord);
    PERFORM pg_notify('event_store_appended', (v_base + v_count)::text);
  END IF;

  RETURN jsonb_build_object('last', v_base + v_count, 'versions', to_jsonb(v_new));
END
$fn$;
`;

/**
 * Migration 6: where the log leader listens (see \`leader/appendLeadership.ts\`). One row, written by
 * the store that holds the leader lock; the token is what a follower must send first, so that only
 * a process that can read this database can append through the leader.
 */
const createLeaderTable = `
CREATE TABLE event_store_leader (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  address text NOT NULL,
  token text NOT NULL,
  pid integer NOT NULL,
  since timestamptz NOT NULL DEFAULT now()
);
`;

/**
 * Migration 7: the append function's statements run on generic plans, made once per connection.
 * PL/pgSQL otherwise plans each statement anew for its arguments (a custom plan) until it settles
 * on a generic one; planning was 15–19 % of a backend's time on single appends. Measured with
 * pgbench, the backend's CPU per one-event call fell by a fifth to a third, per group of 8 by a
 * sixth (docs/event-store.md, "Append: one round trip, one statement"). A plan made on a new, empty
 * log is remade when the store analyses the log's tables (ANALYSE_AT_POSITIONS), as before.
 */
const appendGroupGenericPlans = `
ALTER FUNCTION event_store_append_group(text[], integer[], integer[], bigint[], integer[], boolean[], uuid[],
  integer[], integer[], text[], integer[], text[], jsonb[], jsonb[], integer[], integer[], uuid[])
  SET plan_cache_mode = force_generic_plan;
`;

export const migrations: readonly Migration[] = [
  { version: 1, name: 'event log, streams, links', sql: createTables },
  { version: 2, name: 'append function', sql: createAppendFunction },
  { version: 3, name: 'grouped append function (replaces 2)', sql: appendGroupFunction },
  { version: 4, name: 'grouped append function, linear in its streams (replaces 3)', sql: appendGroupFunctionLinear },
  // 5 was withdrawn in 3aed020; databases of that day may have it recorded, so the next is 6.
  { version: 6, name: 'log leader address', sql: createLeaderTable },
  { version: 7, name: 'append function on generic plans', sql: appendGroupGenericPlans },
  {
    version: 8,
    name: 'append function writes a new stream once, at its version',
    sql: appendGroupFunctionNewStreamsLast,
  },
  { version: 9, name: 'occurred_at_instant to the microsecond, never rounded', sql: appendGroupFunctionMicroseconds },
];
