import {
  AppendConsistencyViolationError,
  WrongExpectedVersionError as ClientWrongExpectedVersion,
  STREAM_STATE,
  UnavailableError,
  UnknownError,
  UnsupportedError,
} from '@kurrent/kurrentdb-client';
import { type AppendRequest, type NewEvent, UnsupportedOperationError } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import {
  decodeRecordedEvent,
  ENVELOPE_PROPERTY,
  LINK_RECORD_TYPE,
  type RecordedLike,
  UndecodableRecordError,
} from './envelope.js';
import { linkEventId, StreamNames } from './names.js';
import { type IndexEntry, planCall } from './plan.js';
import { revisionToVersion } from './positions.js';
import {
  conflictsOf,
  decodeLinkRecord,
  eventRecord,
  firstRevision,
  isUnsupported,
  lastRevisions,
  linkRecord,
  streamEntry,
  toAppendRecords,
  toStreamRequests,
} from './records.js';

const ids = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
};

const names = new StreamNames('t1-');

function newEvent(eventId: string, type = 'OrderPlaced'): NewEvent {
  return {
    eventId,
    type,
    version: 2,
    occurredAt: '2026-05-01T10:00:00+08:00',
    data: { orderId: 'o-1', lines: [{ sku: 'a' }] },
    metadata: { actor: { kind: 'api-key', keyId: 'k1' }, requestId: 'r-1' },
  };
}

const plan = (requests: AppendRequest[], order?: string[], known: Map<string, IndexEntry> = new Map()) =>
  planCall(requests, known, order);

/** A record as the server gives it back: properties as a JSON object of strings, plus its own keys. */
function readBack(streamName: string, revision: bigint, data: ReturnType<typeof eventRecord>): RecordedLike {
  return {
    streamId: streamName,
    id: data.id,
    revision,
    type: data.type,
    created: new Date('2026-05-01T02:00:00.500Z'),
    isJson: data.contentType === 'application/json',
    data: JSON.parse(JSON.stringify(data.data)),
    metadata: { ...(data.metadata as Record<string, string>), '$schema.format': 'Json', '$schema.name': data.type },
    position: { commit: 812n, prepare: 812n },
  };
}

describe('events and links as v2 records', () => {
  it('carries id, type and data as given, envelope and metadata as one string property, and reads back whole', () => {
    const event = newEvent(ids.a);
    const record = eventRecord(ids.a, event);
    expect(record).toMatchObject({ id: ids.a, type: 'OrderPlaced', contentType: 'application/json', data: event.data });
    const properties = record.metadata as Record<string, unknown>;
    expect(Object.values(properties).every((value) => typeof value === 'string')).toBe(true);
    expect(Object.keys(properties)).toEqual([ENVELOPE_PROPERTY]);
    expect(decodeRecordedEvent(readBack('t1-order-1', 0n, record), names)).toEqual({
      eventId: ids.a,
      type: 'OrderPlaced',
      version: 2,
      streamId: 'order-1',
      streamPosition: 1,
      globalPosition: 813,
      occurredAt: '2026-05-01T10:00:00+08:00',
      recordedAt: '2026-05-01T02:00:00.500Z',
      data: event.data,
      metadata: event.metadata,
    });
  });

  it('refuses types KurrentDB does not take in a multi-stream append, and the link record type', () => {
    expect(() => eventRecord(ids.a, newEvent(ids.a, 'Order Placed'))).toThrow(TypeError);
    expect(() => eventRecord(ids.a, newEvent(ids.a, '$>'))).toThrow(TypeError);
    expect(() => eventRecord(ids.a, newEvent(ids.a, LINK_RECORD_TYPE))).toThrow(TypeError);
    expect(() => eventRecord(ids.a, newEvent(ids.a, 'billing.Order_Placed-v2'))).not.toThrow();
  });

  it('writes a link as a link record naming the target and where it lives, with an id derived from both', () => {
    const record = linkRecord('t1-voucher-1', ids.a, { streamId: 'order-1', streamPosition: 3 });
    expect(record).toMatchObject({
      id: linkEventId('t1-voucher-1', ids.a),
      type: LINK_RECORD_TYPE,
      data: { eventId: ids.a, streamId: 'order-1', streamPosition: 3 },
    });
    const back = readBack('t1-voucher-1', 1n, record);
    expect(decodeLinkRecord(back)).toEqual({ eventId: ids.a, streamId: 'order-1', streamPosition: 3 });
    expect(decodeRecordedEvent(back, names)).toBeUndefined();
    const unplaced = linkRecord('t1-voucher-1', ids.a, { streamId: 'order-1', streamPosition: undefined });
    expect(decodeLinkRecord(readBack('t1-voucher-1', 1n, unplaced))).toEqual({ eventId: ids.a, streamId: 'order-1' });
  });

  it('takes no other record for a link record, and fails on a link record naming no target', () => {
    const event = readBack('t1-order-1', 0n, eventRecord(ids.a, newEvent(ids.a)));
    expect(decodeLinkRecord(event)).toBeUndefined();
    expect(() => decodeLinkRecord({ ...event, type: LINK_RECORD_TYPE, data: { eventId: 1 } })).toThrow(
      UndecodableRecordError,
    );
    expect(() =>
      decodeLinkRecord({
        ...event,
        type: LINK_RECORD_TYPE,
        data: { eventId: ids.a, streamId: 's', streamPosition: 0 },
      }),
    ).toThrow(/stream position 0/);
    expect(() => decodeLinkRecord({ ...event, type: LINK_RECORD_TYPE, isJson: false, data: new Uint8Array() })).toThrow(
      UndecodableRecordError,
    );
  });
});

describe('entries of a stream read with link resolution', () => {
  const event = readBack('t1-order-1', 0n, eventRecord(ids.a, newEvent(ids.a)));
  const dollarLink: RecordedLike = {
    ...event,
    streamId: 't1-voucher-1',
    id: ids.c,
    type: '$>',
    isJson: false,
    data: new Uint8Array(),
    metadata: undefined,
  };

  it('gives an event, the event a resolved $> link stands for, or a link record to resolve', () => {
    expect(streamEntry({ event }, names)).toMatchObject({ event: { eventId: ids.a, streamId: 'order-1' } });
    expect(streamEntry({ event, link: dollarLink }, names)).toMatchObject({ event: { eventId: ids.a } });
    const link = readBack(
      't1-voucher-1',
      0n,
      linkRecord('t1-voucher-1', ids.a, { streamId: 'order-1', streamPosition: 1 }),
    );
    expect(streamEntry({ event: link }, names)).toEqual({
      link: { eventId: ids.a, streamId: 'order-1', streamPosition: 1 },
    });
  });

  it('fails on a $> link KurrentDB could not resolve, whichever way the server sends it', () => {
    expect(() => streamEntry({ link: dollarLink }, names)).toThrow(UndecodableRecordError);
    expect(() => streamEntry({ event: dollarLink }, names)).toThrow(/could not resolve/);
  });

  it('fails on anything else in a port stream: a link to a record outside the store, a system record', () => {
    const elsewhere = { ...event, streamId: 't2-order-1' };
    expect(() => streamEntry({ event: elsewhere, link: dollarLink }, names)).toThrow(/no event or link/);
    expect(() => streamEntry({ event: { ...event, type: '$metadata' } }, names)).toThrow(UndecodableRecordError);
  });
});

describe('a call as appendRecords (KurrentDB 26.1+)', () => {
  it('sends the writes in the global order and checks every stream with an expected version, guards too', () => {
    const call = plan(
      [
        { streamId: 'quota', expectedVersion: 'no_stream', events: [newEvent(ids.a), newEvent(ids.c)] },
        { streamId: 'voucher', expectedVersion: 2, events: [newEvent(ids.b), { linkTo: ids.a }] },
        { streamId: 'customer', expectedVersion: 1, events: [] },
        { streamId: 'partner', expectedVersion: 'stream_exists', events: [] },
        { streamId: 'loose', events: [] },
      ],
      [ids.a, ids.b, ids.c],
    );
    const { records, checks } = toAppendRecords(call, names);
    expect(records.map((r) => [r.streamName, r.record.type, r.record.id])).toEqual([
      ['t1-quota', 'OrderPlaced', ids.a],
      ['t1-voucher', 'OrderPlaced', ids.b],
      ['t1-voucher', LINK_RECORD_TYPE, linkEventId('t1-voucher', ids.a)],
      ['t1-quota', 'OrderPlaced', ids.c],
    ]);
    expect(records[2]!.record.data).toEqual({ eventId: ids.a, streamId: 'quota', streamPosition: 1 });
    expect(checks).toEqual([
      { type: STREAM_STATE, streamName: 't1-quota', expectedState: 'no_stream' },
      { type: STREAM_STATE, streamName: 't1-voucher', expectedState: 1n },
      { type: STREAM_STATE, streamName: 't1-customer', expectedState: 0n },
      { type: STREAM_STATE, streamName: 't1-partner', expectedState: 'stream_exists' },
    ]);
  });

  it('refuses streams whose names differ in case only, which KurrentDB would take for one', () => {
    const call = plan([
      { streamId: 'order-A', events: [newEvent(ids.a)] },
      { streamId: 'order-a', events: [newEvent(ids.b)] },
    ]);
    expect(() => toAppendRecords(call, names)).toThrow(UnsupportedOperationError);
  });
});

describe('a call as multiStreamAppend requests (KurrentDB 25.1)', () => {
  it('is one request per written stream, in the order the log gets them, with expected states', () => {
    const call = plan(
      [
        { streamId: 'voucher', expectedVersion: 1, events: [{ linkTo: ids.a }] },
        { streamId: 'order', expectedVersion: 0, events: [newEvent(ids.a)] },
        { streamId: 'loose', events: [] },
      ],
      [ids.a],
    );
    const requests = toStreamRequests(call, names);
    expect(requests.map((r) => [r.streamName, r.expectedState, r.events.map((e) => e.type)])).toEqual([
      ['t1-order', 'no_stream', ['OrderPlaced']],
      ['t1-voucher', 0n, [LINK_RECORD_TYPE]],
    ]);
  });

  it('refuses guards and orders that interleave streams, which 25.1 cannot write atomically', () => {
    const guarded = plan([
      { streamId: 'order', expectedVersion: 0, events: [newEvent(ids.a)] },
      { streamId: 'customer', expectedVersion: 1, events: [] },
    ]);
    expect(() => toStreamRequests(guarded, names)).toThrow(UnsupportedOperationError);
    expect(() => toStreamRequests(guarded, names)).toThrow(/customer/);
    const interleaved = plan(
      [
        { streamId: 'quota', events: [newEvent(ids.a), newEvent(ids.c)] },
        { streamId: 'voucher', events: [newEvent(ids.b)] },
      ],
      [ids.a, ids.b, ids.c],
    );
    expect(() => toStreamRequests(interleaved, names)).toThrow(UnsupportedOperationError);
    const blocks = plan(
      [
        { streamId: 'quota', events: [newEvent(ids.a), newEvent(ids.c)] },
        { streamId: 'voucher', events: [newEvent(ids.b)] },
      ],
      [ids.b, ids.a, ids.c],
    );
    expect(toStreamRequests(blocks, names).map((r) => r.streamName)).toEqual(['t1-voucher', 't1-quota']);
  });
});

describe('the response of a multi-stream append, mapped back', () => {
  const call = plan(
    [
      { streamId: 'quota', expectedVersion: 'no_stream', events: [newEvent(ids.a), newEvent(ids.c)] },
      { streamId: 'voucher', expectedVersion: 2, events: [newEvent(ids.b), { linkTo: ids.a }] },
      { streamId: 'customer', expectedVersion: 1, events: [] },
    ],
    [ids.a, ids.b, ids.c],
  );

  it("gives each written stream's last revision, its first write's, and so its version after the call", () => {
    // As appendRecords answers: written streams only, named as the request first spelled them.
    const last = lastRevisions(
      call,
      [
        { streamName: 't1-quota', revision: 1n },
        { streamName: 'T1-Voucher', revision: 3n },
      ],
      names,
    );
    expect([...last]).toEqual([
      [0, 1n],
      [1, 3n],
    ]);
    expect(firstRevision(call.streams[0]!, 1n)).toBe(0n);
    expect(firstRevision(call.streams[1]!, 3n)).toBe(2n);
    // Versions after: the expected version plus the writes (links count), as the port numbers them.
    expect([...last].map(([index, revision]) => [call.streams[index]!.streamId, revisionToVersion(revision)])).toEqual([
      ['quota', 2],
      ['voucher', 4],
    ]);
  });

  it('fails when the response leaves out a written stream or reports fewer records than were written', () => {
    expect(() => lastRevisions(call, [{ streamName: 't1-quota', revision: 1n }], names)).toThrow(/voucher/);
    expect(() =>
      lastRevisions(
        call,
        [
          { streamName: 't1-quota', revision: 0n },
          { streamName: 't1-voucher', revision: 3n },
        ],
        names,
      ),
    ).toThrow(/quota/);
  });
});

describe('failures of an append', () => {
  it('reads a wrong expected version: the stream and its version then', () => {
    const error = new ClientWrongExpectedVersion(undefined as never, {
      streamName: 't1-voucher',
      expected: 0n,
      current: 4n,
    });
    expect(conflictsOf(error)).toEqual([{ streamName: 't1-voucher', actual: 5 }]);
    const missing = new ClientWrongExpectedVersion(undefined as never, {
      streamName: 't1-order',
      expected: 'stream_exists',
      current: 'no_stream',
    });
    expect(conflictsOf(missing)).toEqual([{ streamName: 't1-order', actual: 0 }]);
  });

  it('reads violated consistency checks, a deleted stream without a version', () => {
    const error = new AppendConsistencyViolationError(
      undefined as never,
      {
        violationsList: [
          { checkIndex: 2, streamState: { stream: 't1-customer', expectedState: '0', actualState: '1' } },
          { checkIndex: 0, streamState: { stream: 't1-gone', expectedState: '-4', actualState: '-5' } },
        ],
      } as never,
    );
    expect(conflictsOf(error)).toEqual([
      { streamName: 't1-customer', actual: 2 },
      { streamName: 't1-gone', actual: undefined },
    ]);
  });

  it('takes a failed precondition it cannot read for a conflict naming no stream', () => {
    const unread = new UnknownError({ code: 9, message: '9 FAILED_PRECONDITION: consistency check failed' } as never);
    expect(conflictsOf(unread)).toEqual([]);
    const other = new UnknownError({ code: 13, message: '13 INTERNAL' } as never);
    expect(conflictsOf(other)).toBeUndefined();
  });

  it('knows other failures are no conflicts, and tells an unsupported call', () => {
    expect(conflictsOf(new Error('boom'))).toBeUndefined();
    expect(conflictsOf(new UnavailableError(undefined as never))).toBeUndefined();
    expect(isUnsupported(new UnsupportedError('appendRecords', '26.1'))).toBe(true);
    expect(isUnsupported(new UnavailableError(undefined as never))).toBe(false);
  });
});
