/**
 * Migration 3: the append as a *group* of independent calls in one transaction, so that appends
 * arriving together share one commit (one WAL flush, one turn on the log lock) instead of queueing
 * for the lock one flush at a time. Each call keeps its own outcome: a failed version check or an
 * event id already stored skips that call only.
 *
 * Arguments (flat arrays; "slot" = one stream of one call, slots of a call are contiguous):
 *   p_streams        distinct stream ids of the group, sorted (lock order: no deadlocks)
 *   p_slot_call      call (1-based) of each slot
 *   p_slot_stream    index into p_streams of each slot
 *   p_slot_expected  -1 any, -2 stream must exist, n ≥ 0 exactly n (0: must not exist)
 *   p_slot_count     entries (events + links) the slot adds to its stream
 *   p_check_calls    per call: report it as "duplicates" if one of its event ids is stored
 *   p_event_*        events in global order: slot, offset in the slot's stream, columns
 *   p_link_*         links: slot, offset in the slot's stream, target event id
 *
 * Steps: (1) calls naming stored event ids are marked 2 (the client sorts them out and retries);
 * (2) the group's stream rows are locked in stream-id order (created at version 0 if missing) and
 * their versions read; (3) calls are checked one after another against the versions as the earlier
 * calls of the group leave them, a mismatch marks the call 1, others advance the versions;
 * (4) versions and links are written; (5) last, the head row is locked, positions assigned and the
 * events of the accepted calls inserted; subscribers are notified at commit.
 *
 * Returns per call: status (0 ok, 1 wrong version, 2 duplicates), last global position, the slot
 * and actual version of a mismatch; per slot: the stream version after its call.
 */
export const appendGroupFunction = `
DROP FUNCTION IF EXISTS event_store_append(text[], bigint[], integer[], uuid[], integer[], integer[], text[],
  integer[], text[], jsonb[], jsonb[], integer[], integer[], uuid[], boolean);

CREATE FUNCTION event_store_append_group(
  p_streams text[],
  p_slot_call integer[],
  p_slot_stream integer[],
  p_slot_expected bigint[],
  p_slot_count integer[],
  p_check_calls boolean[],
  p_event_ids uuid[],
  p_event_slots integer[],
  p_event_offsets integer[],
  p_types text[],
  p_versions integer[],
  p_occurred_at text[],
  p_data jsonb[],
  p_metadata jsonb[],
  p_link_slots integer[],
  p_link_offsets integer[],
  p_link_targets uuid[]
) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  v_calls integer := cardinality(p_check_calls);
  v_slots integer := cardinality(p_slot_call);
  v_status integer[] := array_fill(0, ARRAY[v_calls]);
  v_conflict_slot integer[] := array_fill(0, ARRAY[v_calls]);
  v_conflict_actual bigint[] := array_fill(0::bigint, ARRAY[v_calls]);
  v_call_events integer[] := array_fill(0, ARRAY[v_calls]);
  v_last bigint[] := array_fill(0::bigint, ARRAY[v_calls]);
  v_start bigint[] := array_fill(0::bigint, ARRAY[v_slots]);
  v_after bigint[] := array_fill(0::bigint, ARRAY[v_slots]);
  v_current bigint[];
  v_found uuid[];
  v_dup_calls integer[];
  v_count integer;
  v_base bigint := 0;
  v_running bigint;
  v_now timestamptz;
  v_first integer;
  v_next integer := 1;
  v_cur bigint;
  v_exp bigint;
  c integer;
BEGIN
  -- (1) calls that name an event id already stored (index lookups on event_id, then the mapping)
  IF coalesce(cardinality(p_event_ids), 0) > 0 AND true = ANY (p_check_calls) THEN
    SELECT array_agg(l.event_id) INTO v_found FROM event_log l WHERE l.event_id = ANY (p_event_ids);
    IF v_found IS NOT NULL THEN
      SELECT array_agg(DISTINCT p_slot_call[e.slot]) INTO v_dup_calls
      FROM unnest(p_event_ids, p_event_slots) AS e(id, slot)
      WHERE e.id = ANY (v_found) AND p_check_calls[p_slot_call[e.slot]];
      FOREACH c IN ARRAY coalesce(v_dup_calls, '{}'::integer[]) LOOP
        v_status[c] := 2;
      END LOOP;
    END IF;
  END IF;

  -- (2) lock the streams in id order; missing ones are created at version 0 (same as absent)
  INSERT INTO event_streams AS s (stream_id, version)
  SELECT d.id, 0 FROM unnest(p_streams) AS d(id) ORDER BY d.id
  ON CONFLICT (stream_id) DO UPDATE SET version = s.version WHERE false;
  SELECT array_agg(s.version ORDER BY array_position(p_streams, s.stream_id)) INTO v_current
  FROM event_streams s WHERE s.stream_id = ANY (p_streams);

  -- (3) expected versions, call after call
  FOR c IN 1 .. v_calls LOOP
    v_first := v_next;
    WHILE v_next <= v_slots AND p_slot_call[v_next] = c LOOP
      v_next := v_next + 1;
    END LOOP;
    CONTINUE WHEN v_status[c] <> 0;
    FOR k IN v_first .. v_next - 1 LOOP
      v_cur := v_current[p_slot_stream[k]];
      v_exp := p_slot_expected[k];
      IF (v_exp = -2 AND v_cur = 0) OR (v_exp >= 0 AND v_cur <> v_exp) THEN
        v_status[c] := 1;
        v_conflict_slot[c] := k;
        v_conflict_actual[c] := v_cur;
        EXIT;
      END IF;
    END LOOP;
    CONTINUE WHEN v_status[c] <> 0;
    FOR k IN v_first .. v_next - 1 LOOP
      v_start[k] := v_current[p_slot_stream[k]];
      v_after[k] := v_start[k] + p_slot_count[k];
      v_current[p_slot_stream[k]] := v_after[k];
    END LOOP;
  END LOOP;

  -- (4) stream versions and links of the accepted calls
  UPDATE event_streams s SET version = v_current[array_position(p_streams, s.stream_id)]
  WHERE s.stream_id = ANY (p_streams) AND s.version <> v_current[array_position(p_streams, s.stream_id)];

  IF coalesce(cardinality(p_link_targets), 0) > 0 THEN
    INSERT INTO event_links (stream_id, stream_position, event_id)
    SELECT p_streams[p_slot_stream[k.slot]], v_start[k.slot] + k.off, k.target
    FROM unnest(p_link_slots, p_link_offsets, p_link_targets) AS k(slot, off, target)
    WHERE v_status[p_slot_call[k.slot]] = 0;
  END IF;

  -- (5) positions, last: the head row lock is held from here to the commit
  v_count := 0;
  FOR k IN 1 .. coalesce(cardinality(p_event_slots), 0) LOOP
    c := p_slot_call[p_event_slots[k]];
    IF v_status[c] = 0 THEN
      v_count := v_count + 1;
      v_call_events[c] := v_call_events[c] + 1;
    END IF;
  END LOOP;
  IF v_count > 0 THEN
    UPDATE event_log_head SET position = position + v_count RETURNING position - v_count INTO v_base;
    v_now := date_trunc('milliseconds', clock_timestamp());
    INSERT INTO event_log (global_position, event_id, stream_id, stream_position, type, version,
                           occurred_at, occurred_at_instant, recorded_at, data, metadata)
    SELECT v_base + row_number() OVER (ORDER BY e.ord), e.id, p_streams[p_slot_stream[e.slot]],
           v_start[e.slot] + e.off, e.type, e.version, e.occurred_at, e.occurred_at::timestamptz, v_now,
           e.data, e.metadata
    FROM unnest(p_event_ids, p_event_slots, p_event_offsets, p_types, p_versions, p_occurred_at, p_data, p_metadata)
      WITH ORDINALITY AS e(id, slot, off, type, version, occurred_at, data, metadata, ord)
    WHERE v_status[p_slot_call[e.slot]] = 0;
    v_running := v_base;
    FOR c IN 1 .. v_calls LOOP
      IF v_call_events[c] > 0 THEN
        v_running := v_running + v_call_events[c];
        v_last[c] := v_running;
      END IF;
    END LOOP;
    PERFORM pg_notify('event_store_appended', (v_base + v_count)::text);
  END IF;

  RETURN jsonb_build_object(
    'status', to_jsonb(v_status),
    'last', to_jsonb(v_last),
    'conflictSlot', to_jsonb(v_conflict_slot),
    'conflictActual', to_jsonb(v_conflict_actual),
    'versions', to_jsonb(v_after));
END
$fn$;
`;

/** Replaces `from` by `to` in `text`, and fails loudly if `from` is not there. */
function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`appendGroupFunction: not found: ${from}`);
  return text.replace(from, to);
}

/**
 * Migration 4: the same function without its quadratic steps. Reading and writing the versions of
 * the group's streams looked each row's stream up with `array_position(p_streams, …)`, a scan of
 * the array per row: a batch of the command side names thousands of streams (an order, its
 * customer, its funds, a marker stream per refund or charge), and these two statements took most of
 * its append (≈ 0.5 s for 1,000 events over 3,000 streams). The streams are joined with their
 * ordinal instead.
 */
export const appendGroupFunctionLinear = replaced(
  replaced(
    replaced(
      appendGroupFunction.slice(appendGroupFunction.indexOf('CREATE FUNCTION')),
      'CREATE FUNCTION event_store_append_group(',
      'CREATE OR REPLACE FUNCTION event_store_append_group(',
    ),
    `  SELECT array_agg(s.version ORDER BY array_position(p_streams, s.stream_id)) INTO v_current
  FROM event_streams s WHERE s.stream_id = ANY (p_streams);`,
    `  SELECT array_agg(s.version ORDER BY d.ord) INTO v_current
  FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord) JOIN event_streams s ON s.stream_id = d.id;`,
  ),
  `  UPDATE event_streams s SET version = v_current[array_position(p_streams, s.stream_id)]
  WHERE s.stream_id = ANY (p_streams) AND s.version <> v_current[array_position(p_streams, s.stream_id)];`,
  `  UPDATE event_streams s SET version = v_current[d.ord]
  FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord)
  WHERE s.stream_id = d.id AND s.version <> v_current[d.ord];`,
);

/**
 * Migration 8: a new stream's row is written once, at its final version. Steps (2) and (4) created
 * every missing stream at version 0 and then updated every stream's version: in a batch of the
 * command side most streams are new (an order, a marker stream per refund or charge), so most rows
 * were inserted and then rewritten, and a call refused left its version-0 rows behind. Now (2)
 * locks the rows that exist, in id order, and reads their versions (a missing stream is at 0), and
 * (4) updates the existing rows and inserts the new streams of accepted calls, in id order. A
 * stream that another transaction creates meanwhile fails the insert (`event_streams_pkey`): the
 * group is then retried call by call, and such a call again from its planning, by which time the
 * row exists and is locked like any other.
 */
export const appendGroupFunctionNewStreamsLast = `${replaced(
  replaced(
    replaced(
      replaced(
        appendGroupFunctionLinear,
        `  v_current bigint[];`,
        `  v_current bigint[];
  v_exists boolean[];`,
      ),
      `  -- (2) lock the streams in id order; missing ones are created at version 0 (same as absent)
  INSERT INTO event_streams AS s (stream_id, version)
  SELECT d.id, 0 FROM unnest(p_streams) AS d(id) ORDER BY d.id
  ON CONFLICT (stream_id) DO UPDATE SET version = s.version WHERE false;
  SELECT array_agg(s.version ORDER BY d.ord) INTO v_current
  FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord) JOIN event_streams s ON s.stream_id = d.id;`,
      `  -- (2) lock the existing streams in id order and read their versions; a missing one is at 0
  WITH locked AS (
    SELECT s.stream_id, s.version FROM event_streams s
    WHERE s.stream_id = ANY (p_streams) ORDER BY s.stream_id FOR UPDATE
  )
  SELECT array_agg(coalesce(l.version, 0) ORDER BY d.ord), array_agg(l.stream_id IS NOT NULL ORDER BY d.ord)
    INTO v_current, v_exists
  FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord) LEFT JOIN locked l ON l.stream_id = d.id;`,
    ),
    `  UPDATE event_streams s SET version = v_current[d.ord]
  FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord)
  WHERE s.stream_id = d.id AND s.version <> v_current[d.ord];`,
    `  UPDATE event_streams s SET version = v_current[d.ord]
  FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord)
  WHERE v_exists[d.ord] AND s.stream_id = d.id AND s.version <> v_current[d.ord];
  INSERT INTO event_streams (stream_id, version)
  SELECT d.id, v_current[d.ord] FROM unnest(p_streams) WITH ORDINALITY AS d(id, ord)
  WHERE NOT v_exists[d.ord] AND v_current[d.ord] > 0 ORDER BY d.id;`,
  ),
  `END
$fn$;`,
  `END
$fn$
SET plan_cache_mode = force_generic_plan;`,
)}`;

/** `occurred_at` as an instant to the microsecond: digits past the 6th dropped (domain `toMicroseconds`). */
const OCCURRED_AT_INSTANT = String.raw`regexp_replace(e.occurred_at, '(\.\d{6})\d+', '\1')::timestamptz`;

/**
 * Migration 9: `occurred_at_instant` keeps an instant written with 7 to 9 fraction digits to the
 * microsecond by dropping the rest, as the domain does (`toMicroseconds`), instead of PostgreSQL's
 * rounding: 23:59:59.9999999 on a month's last day stayed in that month for the command side and
 * the projections but became midnight of the next here. Rows stored before are set again (the log's
 * `occurred_at` text is unchanged; only times with 7 or more digits are touched, after one scan).
 */
export const appendGroupFunctionMicroseconds = `${replaced(
  appendGroupFunctionNewStreamsLast,
  'e.occurred_at::timestamptz',
  OCCURRED_AT_INSTANT,
)}
UPDATE event_log e SET occurred_at_instant = ${OCCURRED_AT_INSTANT}
WHERE e.occurred_at ~ '\\.\\d{7}';
`;
