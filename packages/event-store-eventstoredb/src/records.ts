import {
  type AppendRecordInput,
  type AppendStreamRequest,
  type ConsistencyCheck,
  type CurrentStreamState,
  ErrorType,
  type EventData,
  isCommandError,
  jsonEvent,
  STREAM_STATE,
} from '@kurrent/kurrentdb-client';
import { type JsonObject, type NewEvent, type StoredEvent, UnsupportedOperationError } from '@reckon/event-store';
import {
  decodeRecordedEvent,
  encodeProperties,
  LINK_RECORD_TYPE,
  LINK_TYPE,
  type RecordedLike,
  UndecodableRecordError,
} from './envelope.js';
import { linkEventId, type StreamNames } from './names.js';
import type { CallPlan, LinkTarget, PlannedWrite, StreamPlan } from './plan.js';
import { currentRevisionToVersion, toExpectedRevision } from './positions.js';

/**
 * How a planned call becomes one atomic write of KurrentDB's v2 streams API:
 * - `appendRecords` (KurrentDB 26.1+): records of any streams in any order, plus consistency checks
 *   on any streams, written or not. The call maps onto it exactly.
 * - `multiStreamAppend` (KurrentDB 25.1+): one request per stream, each with at least one record;
 *   the log gets the requests one after the other. Guards and interleaved orders do not fit.
 * Both take only record types of letters, digits, `_`, `.` and `-`, and metadata as string values.
 */

const SCHEMA_NAME = /^[a-zA-Z0-9_.-]+$/;

/** An event of the call as a v2 record: the port's id, type and data; metadata as one property. */
export function eventRecord(eventId: string, event: NewEvent): EventData {
  if (!SCHEMA_NAME.test(event.type) || event.type === LINK_RECORD_TYPE) {
    throw new TypeError(
      `event type ${event.type} cannot go into a multi-stream append: KurrentDB takes letters, digits, _ . - there (and ${LINK_RECORD_TYPE} is reserved)`,
    );
  }
  return jsonEvent({ id: eventId, type: event.type, data: event.data, metadata: encodeProperties(event) });
}

/** What a link record says: the event it stands for and where that event lives. */
export interface LinkRecordData {
  eventId: string;
  streamId: string;
  streamPosition?: number;
}

/** A link as a v2 record in `streamName`; its id derives from stream and target, as `$>` links' do. */
export function linkRecord(streamName: string, targetId: string, target: LinkTarget): EventData {
  const data: JsonObject = { eventId: targetId, streamId: target.streamId };
  if (target.streamPosition !== undefined) data.streamPosition = target.streamPosition;
  return jsonEvent({ id: linkEventId(streamName, targetId), type: LINK_RECORD_TYPE, data });
}

/**
 * The target a link record names; undefined for any record of another type. A record of the link
 * record type that names no target is no record this adapter wrote: `UndecodableRecordError`.
 */
export function decodeLinkRecord(recorded: RecordedLike): LinkRecordData | undefined {
  if (recorded.type !== LINK_RECORD_TYPE) return undefined;
  const data = recorded.data;
  if (!recorded.isJson || typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UndecodableRecordError(recorded, 'a link record whose data is not a JSON object');
  }
  const { eventId, streamId, streamPosition } = data as Record<string, unknown>;
  if (typeof eventId !== 'string' || typeof streamId !== 'string') {
    throw new UndecodableRecordError(recorded, 'a link record naming no event id and home stream');
  }
  if (streamPosition === undefined) return { eventId, streamId };
  if (!(Number.isSafeInteger(streamPosition) && (streamPosition as number) > 0)) {
    throw new UndecodableRecordError(recorded, `a link record with stream position ${String(streamPosition)}`);
  }
  return { eventId, streamId, streamPosition: streamPosition as number };
}

/** How a stream read (with link resolution) hands back one entry of a stream. */
export interface ResolvedLike {
  event?: RecordedLike;
  link?: RecordedLike;
}

/**
 * One entry of a port stream as read from KurrentDB with link resolution: an event (its own, or
 * one a `$>` link stands for, resolved by the server) or a link record to resolve. This store
 * writes nothing else into a port stream, so anything else fails the read rather than leaving an
 * entry out: a `$>` link the server could not resolve (it sends the link alone, or the link in
 * place of the event), a link to a record that is no event of this store, a foreign record.
 */
export function streamEntry(
  resolved: ResolvedLike,
  names: StreamNames,
): { event: StoredEvent } | { link: LinkRecordData } | undefined {
  const unresolved = resolved.event ? (resolved.event.type === LINK_TYPE ? resolved.event : undefined) : resolved.link;
  if (unresolved) throw new UndecodableRecordError(unresolved, 'a link whose event KurrentDB could not resolve');
  if (!resolved.event) return undefined;
  const link = decodeLinkRecord(resolved.event);
  if (link) return { link };
  const event = decodeRecordedEvent(resolved.event, names);
  if (!event) throw new UndecodableRecordError(resolved.link ?? resolved.event, 'no event or link of this store');
  return { event };
}

function record(names: StreamNames, streamId: string, write: PlannedWrite): EventData {
  return write.kind === 'event'
    ? eventRecord(write.eventId, write.event)
    : linkRecord(names.stream(streamId), write.targetId, write.target);
}

/** The call as `appendRecords` arguments: the writes in global order, a check per pinned stream. */
export function toAppendRecords(
  plan: CallPlan,
  names: StreamNames,
): { records: AppendRecordInput[]; checks: ConsistencyCheck[] } {
  assertDistinctNames(plan, names);
  const records = plan.sequence.map(({ stream, write }): AppendRecordInput => {
    const { streamId, writes } = plan.streams[stream]!;
    return { streamName: names.stream(streamId), record: record(names, streamId, writes[write]!) };
  });
  const checks: ConsistencyCheck[] = [];
  for (const { streamId, expectedVersion } of plan.streams) {
    const expectedState = toExpectedRevision(expectedVersion);
    if (expectedState !== 'any') checks.push({ type: STREAM_STATE, streamName: names.stream(streamId), expectedState });
  }
  return { records, checks };
}

/**
 * The call as `multiStreamAppend` requests, or `UnsupportedOperationError` (nothing written) when
 * it does not fit: a stream that is only checked (a guard, or entries all in place), or a global
 * order that interleaves the streams. Streams neither written nor checked are left out.
 */
export function toStreamRequests(plan: CallPlan, names: StreamNames): AppendStreamRequest[] {
  assertDistinctNames(plan, names);
  const requests: AppendStreamRequest[] = [];
  const placed = new Map<number, AppendStreamRequest>();
  let previous = -1;
  for (const { stream, write } of plan.sequence) {
    const { streamId, expectedVersion, writes } = plan.streams[stream]!;
    let request = placed.get(stream);
    if (!request) {
      request = { streamName: names.stream(streamId), expectedState: toExpectedRevision(expectedVersion), events: [] };
      placed.set(stream, request);
      requests.push(request);
    } else if (previous !== stream) {
      throw new UnsupportedOperationError(
        'KurrentDB 25.1 writes each stream of a multi-stream append as one block: this order interleaves streams (KurrentDB 26.1+ can)',
      );
    }
    request.events.push(record(names, streamId, writes[write]!));
    previous = stream;
  }
  for (const [stream, { streamId, expectedVersion, writes }] of plan.streams.entries()) {
    if (writes.length === 0 && toExpectedRevision(expectedVersion) !== 'any') {
      throw new UnsupportedOperationError(
        `KurrentDB 25.1 cannot check stream ${streamId} in a multi-stream append without writing to it (a guard); KurrentDB 26.1+ can`,
      );
    }
    if (writes.length > 0 && !placed.has(stream)) throw new Error(`stream ${streamId} lost its writes`);
  }
  return requests;
}

/**
 * Each written stream's last revision (0-based) from a multi-stream append's response, by stream
 * index. The server names streams as the request spelled them first and compares them ignoring
 * case; `appendRecords` lists only the streams it wrote (not the ones it only checked).
 */
export function lastRevisions(
  plan: CallPlan,
  responses: ReadonlyArray<{ streamName: string; revision: bigint }>,
  names: StreamNames,
): Map<number, bigint> {
  const revisions = new Map(responses.map((r) => [r.streamName.toLowerCase(), r.revision]));
  const last = new Map<number, bigint>();
  plan.streams.forEach((stream, index) => {
    if (stream.writes.length === 0) return;
    const revision = revisions.get(names.stream(stream.streamId).toLowerCase());
    if (revision === undefined || revision < BigInt(stream.writes.length - 1)) {
      throw new Error(`the multi-stream append reported no revision for ${stream.streamId} that fits its writes`);
    }
    last.set(index, revision);
  });
  return last;
}

/** The revision of a written stream's first write of the call, its writes ending at `last`. */
export function firstRevision(stream: StreamPlan, last: bigint): bigint {
  return last - BigInt(stream.writes.length - 1);
}

/**
 * Two streams whose names differ in case only are one stream to KurrentDB's multi-stream appends
 * (it compares names ignoring case), so such a call cannot be written as asked.
 */
function assertDistinctNames(plan: CallPlan, names: StreamNames): void {
  const seen = new Map<string, string>();
  for (const { streamId } of plan.streams) {
    const key = names.stream(streamId).toLowerCase();
    const other = seen.get(key);
    if (other !== undefined) {
      throw new UnsupportedOperationError(
        `streams ${other} and ${streamId} differ in case only: KurrentDB's multi-stream append takes them for one`,
      );
    }
    seen.set(key, streamId);
  }
}

/** A stream the server reported in conflict, with its version then if it said. */
export interface Conflict {
  streamName: string;
  actual: number | undefined;
}

/** gRPC's FAILED_PRECONDITION: the status of a failed expected version or consistency check. */
const FAILED_PRECONDITION = 9;

/**
 * The conflicts a failed append reports: a wrong expected version (one-stream appends, and
 * `multiStreamAppend`) or violated consistency checks (`appendRecords`). An empty list when the
 * server failed a precondition without details this client reads (a newer server's error shape,
 * or a conflict it reports without a stream); undefined for any other error.
 */
export function conflictsOf(error: unknown): Conflict[] | undefined {
  if (!(error instanceof Error) || !isCommandError(error)) return undefined;
  if (error.type === ErrorType.WRONG_EXPECTED_VERSION) {
    return error.streamName
      ? [{ streamName: error.streamName, actual: currentRevisionToVersion(error.actualState) }]
      : [];
  }
  if (error.type === ErrorType.APPEND_CONSISTENCY_VIOLATION) {
    return error.violations.map((violation) => ({
      streamName: violation.streamName,
      actual: currentRevisionToVersion(violation.actualState as CurrentStreamState),
    }));
  }
  if (error.type === ErrorType.UNKNOWN && error.code === FAILED_PRECONDITION) return [];
  return undefined;
}

/** Whether the client refused a call because the server does not offer it (checked before sending anything). */
export function isUnsupported(error: unknown): boolean {
  return error instanceof Error && isCommandError(error) && error.type === ErrorType.UNSUPPORTED;
}
