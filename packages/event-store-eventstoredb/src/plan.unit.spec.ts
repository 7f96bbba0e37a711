import {
  type AppendRequest,
  DuplicateEventIdError,
  type NewEvent,
  type StoredEvent,
  UnknownLinkTargetError,
} from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { type CallPlan, type IndexEntry, planCall } from './plan.js';

const ids = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
  d: '00000000-0000-4000-8000-00000000000d',
};

function newEvent(eventId: string, data: NewEvent['data'] = { n: 1 }): NewEvent {
  return { eventId, type: 'Counted', occurredAt: '2026-01-01T00:00:00Z', data };
}

function stored(
  event: NewEvent,
  streamId: string,
  globalPosition: number,
  linkedInto: string[] = [],
  streamPosition = 1,
): IndexEntry {
  const storedEvent: StoredEvent = {
    eventId: event.eventId,
    type: event.type,
    version: event.version ?? 1,
    streamId,
    streamPosition,
    globalPosition,
    // The same instant written another way: content compares instants, not strings.
    occurredAt: new Date(event.occurredAt).toISOString(),
    recordedAt: '2026-01-01T00:00:01.000Z',
    data: event.data,
    metadata: { actor: 'someone else' },
  };
  return { event: storedEvent, linkedInto: new Set(linkedInto) };
}

function planOne(request: AppendRequest, known: Map<string, IndexEntry> = new Map()) {
  const plan = planCall([request], known);
  return { ...plan, writes: plan.streams[0]!.writes };
}

/** The sequence as `stream:eventId` (links as `stream:>target`). */
function sequenceOf(plan: CallPlan): string[] {
  return plan.sequence.map(({ stream, write }) => {
    const { streamId, writes } = plan.streams[stream]!;
    const w = writes[write]!;
    return `${streamId}:${w.kind === 'event' ? w.eventId.slice(-1) : `>${w.targetId.slice(-1)}`}`;
  });
}

describe('planning one stream', () => {
  it('writes new events in call order', () => {
    const plan = planOne({ streamId: 's', events: [newEvent(ids.a), newEvent(ids.b)] });
    expect(plan.writes.map((w) => w.kind === 'event' && w.eventId)).toEqual([ids.a, ids.b]);
    expect(plan).toMatchObject({ duplicates: 0, storedPosition: 0, entries: 2 });
  });

  it('skips events stored with the same content, wherever they are', () => {
    const a = newEvent(ids.a);
    const plan = planOne({ streamId: 's', events: [a, newEvent(ids.b)] }, new Map([[ids.a, stored(a, 'other', 17)]]));
    expect(plan.writes.map((w) => w.kind === 'event' && w.eventId)).toEqual([ids.b]);
    expect(plan).toMatchObject({ duplicates: 1, storedPosition: 17 });
  });

  it('refuses an id stored with other content, naming where it is', () => {
    const a = newEvent(ids.a);
    const store = new Map([[ids.a, stored(a, 'other', 17)]]);
    const attempt = () => planOne({ streamId: 's', events: [newEvent(ids.a, { n: 2 })] }, store);
    expect(attempt).toThrow(DuplicateEventIdError);
    expect(attempt).toThrow(/in other/);
  });

  it('counts an id repeated within the call once, and refuses a repeat with other content', () => {
    const plan = planOne({ streamId: 's', events: [newEvent(ids.a), newEvent(ids.a.toUpperCase())] });
    expect(plan.writes).toHaveLength(1);
    expect(plan.duplicates).toBe(1);
    expect(() => planOne({ streamId: 's', events: [newEvent(ids.a), newEvent(ids.a, { n: 9 })] })).toThrow(
      DuplicateEventIdError,
    );
  });

  it('links stored events of other streams once, knowing where they are', () => {
    const c = newEvent(ids.c);
    const plan = planOne(
      { streamId: 's', events: [{ linkTo: ids.c }, newEvent(ids.a), { linkTo: ids.c }] },
      new Map([[ids.c, stored(c, 'home', 40, [], 7)]]),
    );
    expect(plan.writes.map((w) => w.kind)).toEqual(['link', 'event']);
    expect(plan.writes[0]).toEqual({ kind: 'link', targetId: ids.c, target: { streamId: 'home', streamPosition: 7 } });
    expect(plan.storedPosition).toBe(40);
    expect(plan.duplicates).toBe(0);
  });

  it('keeps the highest global position of the stored events it names, whichever comes last', () => {
    const [a, c] = [newEvent(ids.a), newEvent(ids.c)];
    const plan = planOne(
      { streamId: 's', events: [a, { linkTo: ids.c }] },
      new Map([
        [ids.a, stored(a, 'other', 40)],
        [ids.c, stored(c, 'home', 9)],
      ]),
    );
    expect(plan.storedPosition).toBe(40);
  });

  it('does not link an event into a stream that already holds it', () => {
    const c = newEvent(ids.c);
    const home = planOne({ streamId: 'home', events: [{ linkTo: ids.c }] }, new Map([[ids.c, stored(c, 'home', 40)]]));
    expect(home.writes).toEqual([]);
    expect(home.entries).toBe(1);
    const linked = planOne(
      { streamId: 's', events: [{ linkTo: ids.c }] },
      new Map([[ids.c, stored(c, 'home', 40, ['s'])]]),
    );
    expect(linked.writes).toEqual([]);
    const sameCall = planOne({ streamId: 's', events: [{ linkTo: ids.a }, newEvent(ids.a)] });
    expect(sameCall.writes.map((w) => w.kind)).toEqual(['event']);
  });

  it('refuses links to events nobody appended', () => {
    expect(() => planOne({ streamId: 's', events: [{ linkTo: ids.b }] })).toThrow(UnknownLinkTargetError);
  });

  it('keeps a guard: a request without entries, with its expected version', () => {
    const plan = planOne({ streamId: 's', expectedVersion: 3, events: [] });
    expect(plan).toMatchObject({ entries: 0, streams: [{ streamId: 's', expectedVersion: 3, writes: [] }] });
  });
});

describe('planning several streams', () => {
  it('refuses a stream named by two requests', () => {
    expect(() =>
      planCall(
        [
          { streamId: 's', events: [newEvent(ids.a)] },
          { streamId: 's', events: [newEvent(ids.b)] },
        ],
        new Map(),
      ),
    ).toThrow(TypeError);
  });

  it('links an event new in the call into another stream, at the position its home stream will give it', () => {
    const plan = planCall(
      [
        { streamId: 'order', expectedVersion: 4, events: [newEvent(ids.a), newEvent(ids.b)] },
        { streamId: 'voucher', expectedVersion: 1, events: [{ linkTo: ids.b }] },
        { streamId: 'refund', expectedVersion: 'no_stream', events: [{ linkTo: ids.a }, newEvent(ids.c)] },
      ],
      new Map(),
    );
    expect(plan.streams[1]!.writes).toEqual([
      { kind: 'link', targetId: ids.b, target: { streamId: 'order', streamPosition: 6 } },
    ]);
    expect(plan.streams[2]!.writes[0]).toEqual({
      kind: 'link',
      targetId: ids.a,
      target: { streamId: 'order', streamPosition: 5 },
    });
  });

  it('counts links before an event in its home stream, and knows no position under `any`', () => {
    const d = newEvent(ids.d);
    const plan = planCall(
      [
        { streamId: 'funds', expectedVersion: 'no_stream', events: [{ linkTo: ids.d }, newEvent(ids.a)] },
        { streamId: 'order', events: [newEvent(ids.b)] },
        { streamId: 'quota', expectedVersion: 2, events: [{ linkTo: ids.a }, { linkTo: ids.b }] },
      ],
      new Map([[ids.d, stored(d, 'home', 9)]]),
    );
    expect(plan.streams[2]!.writes.map((w) => w.kind === 'link' && w.target)).toEqual([
      { streamId: 'funds', streamPosition: 2 },
      { streamId: 'order', streamPosition: undefined },
    ]);
  });

  it('takes an event repeated in two requests as one, written where it first appears', () => {
    const plan = planCall(
      [
        { streamId: 'x', events: [newEvent(ids.a)] },
        { streamId: 'y', events: [newEvent(ids.a), newEvent(ids.b)] },
      ],
      new Map(),
    );
    expect(plan.streams.map((s) => s.writes.length)).toEqual([1, 1]);
    expect(plan.duplicates).toBe(1);
    expect(() =>
      planCall(
        [
          { streamId: 'x', events: [newEvent(ids.a)] },
          { streamId: 'y', events: [newEvent(ids.a, { n: 2 })] },
        ],
        new Map(),
      ),
    ).toThrow(/in x/);
  });
});

describe('the global order of a call', () => {
  const requests: AppendRequest[] = [
    { streamId: 'quota', events: [newEvent(ids.a), { linkTo: ids.d }, newEvent(ids.c)] },
    { streamId: 'voucher', events: [newEvent(ids.b)] },
  ];
  const known = new Map([[ids.d, stored(newEvent(ids.d), 'home', 3)]]);

  it('is the call order without an order: request by request, a link after the event before it', () => {
    expect(sequenceOf(planCall(requests, known))).toEqual(['quota:a', 'quota:>d', 'quota:c', 'voucher:b']);
  });

  it('follows the order given, interleaving streams, each stream in its own order', () => {
    const plan = planCall(requests, known, [ids.a, ids.b, ids.c]);
    expect(sequenceOf(plan)).toEqual(['quota:a', 'quota:>d', 'voucher:b', 'quota:c']);
  });

  it('puts ids the order does not name after the named ones, in call order; ids compare in any case', () => {
    expect(sequenceOf(planCall(requests, known, [ids.b.toUpperCase()]))).toEqual([
      'voucher:b',
      'quota:a',
      'quota:>d',
      'quota:c',
    ]);
  });

  it('refuses an order that puts a stream out of its own order, also by leaving its first event unnamed', () => {
    expect(() => planCall(requests, known, [ids.c, ids.a])).toThrow(TypeError);
    expect(() => planCall(requests, known, [ids.c])).toThrow(TypeError);
  });

  it('places a stream of links only where its request stands, its leading links with its first event', () => {
    const plan = planCall(
      [
        { streamId: 'order', expectedVersion: 'no_stream', events: [newEvent(ids.a)] },
        { streamId: 'voucher', expectedVersion: 1, events: [{ linkTo: ids.a }] },
        { streamId: 'funds', events: [{ linkTo: ids.a }, newEvent(ids.b)] },
      ],
      new Map(),
    );
    expect(sequenceOf(plan)).toEqual(['order:a', 'voucher:>a', 'funds:>a', 'funds:b']);
    expect(sequenceOf(planCall(plan.streams.map(toRequest), new Map(), [ids.b, ids.a]))).toEqual([
      'funds:>a',
      'funds:b',
      'order:a',
      'voucher:>a',
    ]);
  });
});

function toRequest(stream: CallPlan['streams'][number]): AppendRequest {
  return {
    streamId: stream.streamId,
    expectedVersion: stream.expectedVersion,
    events: stream.writes.map((w) => (w.kind === 'event' ? w.event : { linkTo: w.targetId })),
  };
}
