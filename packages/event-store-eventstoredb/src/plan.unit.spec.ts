import { DuplicateEventIdError, type NewEvent, type StoredEvent, UnknownLinkTargetError } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { assertKeepsStreamOrder, type IndexEntry, planWrite } from './plan';

const ids = {
  a: '00000000-0000-4000-8000-00000000000a',
  b: '00000000-0000-4000-8000-00000000000b',
  c: '00000000-0000-4000-8000-00000000000c',
};

function newEvent(eventId: string, data: NewEvent['data'] = { n: 1 }): NewEvent {
  return { eventId, type: 'Counted', occurredAt: '2026-01-01T00:00:00Z', data };
}

function stored(event: NewEvent, streamId: string, globalPosition: number, linkedInto: string[] = []): IndexEntry {
  const storedEvent: StoredEvent = {
    eventId: event.eventId,
    type: event.type,
    version: event.version ?? 1,
    streamId,
    streamPosition: 1,
    globalPosition,
    // The same instant written another way: content compares instants, not strings.
    occurredAt: new Date(event.occurredAt).toISOString(),
    recordedAt: '2026-01-01T00:00:01.000Z',
    data: event.data,
    metadata: { actor: 'someone else' },
  };
  return { event: storedEvent, linkedInto: new Set(linkedInto) };
}

describe('planning a write', () => {
  it('writes new events in call order', () => {
    const plan = planWrite({ streamId: 's', events: [newEvent(ids.a), newEvent(ids.b)] }, new Map());
    expect(plan.writes.map((w) => w.kind === 'event' && w.eventId)).toEqual([ids.a, ids.b]);
    expect(plan).toMatchObject({ duplicates: 0, storedPositions: [] });
  });

  it('skips events stored with the same content, wherever they are', () => {
    const a = newEvent(ids.a);
    const plan = planWrite({ streamId: 's', events: [a, newEvent(ids.b)] }, new Map([[ids.a, stored(a, 'other', 17)]]));
    expect(plan.writes.map((w) => w.kind === 'event' && w.eventId)).toEqual([ids.b]);
    expect(plan).toMatchObject({ duplicates: 1, storedPositions: [17] });
  });

  it('refuses an id stored with other content, naming where it is', () => {
    const a = newEvent(ids.a);
    const store = new Map([[ids.a, stored(a, 'other', 17)]]);
    const attempt = () => planWrite({ streamId: 's', events: [newEvent(ids.a, { n: 2 })] }, store);
    expect(attempt).toThrow(DuplicateEventIdError);
    expect(attempt).toThrow(/in other/);
  });

  it('counts an id repeated within the call once, and refuses a repeat with other content', () => {
    const plan = planWrite({ streamId: 's', events: [newEvent(ids.a), newEvent(ids.a.toUpperCase())] }, new Map());
    expect(plan.writes).toHaveLength(1);
    expect(plan.duplicates).toBe(1);
    expect(() => planWrite({ streamId: 's', events: [newEvent(ids.a), newEvent(ids.a, { n: 9 })] }, new Map())).toThrow(
      DuplicateEventIdError,
    );
  });

  it('links stored events of other streams once', () => {
    const c = newEvent(ids.c);
    const plan = planWrite(
      { streamId: 's', events: [{ linkTo: ids.c }, newEvent(ids.a), { linkTo: ids.c }] },
      new Map([[ids.c, stored(c, 'home', 40)]]),
    );
    expect(plan.writes.map((w) => w.kind)).toEqual(['link', 'event']);
    expect(plan.writes[0]).toMatchObject({ kind: 'link', targetId: ids.c, target: { streamId: 'home' } });
    expect(plan.storedPositions).toEqual([40, 40]);
    expect(plan.duplicates).toBe(0);
  });

  it('does not link an event into a stream that already holds it', () => {
    const c = newEvent(ids.c);
    const home = planWrite(
      { streamId: 'home', events: [{ linkTo: ids.c }] },
      new Map([[ids.c, stored(c, 'home', 40)]]),
    );
    expect(home.writes).toEqual([]);
    const linked = planWrite(
      { streamId: 's', events: [{ linkTo: ids.c }] },
      new Map([[ids.c, stored(c, 'home', 40, ['s'])]]),
    );
    expect(linked.writes).toEqual([]);
    const sameCall = planWrite({ streamId: 's', events: [{ linkTo: ids.a }, newEvent(ids.a)] }, new Map());
    expect(sameCall.writes.map((w) => w.kind)).toEqual(['event']);
  });

  it('refuses links to events nobody appended', () => {
    expect(() => planWrite({ streamId: 's', events: [{ linkTo: ids.b }] }, new Map())).toThrow(UnknownLinkTargetError);
  });
});

describe('an order for the one stream of a call', () => {
  const { writes } = planWrite(
    { streamId: 's', events: [newEvent(ids.a), newEvent(ids.b), newEvent(ids.c)] },
    new Map(),
  );

  it('is accepted when it keeps the stream order, also partly named or in upper case', () => {
    expect(() => assertKeepsStreamOrder(writes, [ids.a, ids.b, ids.c])).not.toThrow();
    expect(() => assertKeepsStreamOrder(writes, [ids.a, ids.b.toUpperCase()])).not.toThrow();
    expect(() => assertKeepsStreamOrder(writes, undefined)).not.toThrow();
  });

  it('is refused when it contradicts the stream order, unnamed events ranking after named ones', () => {
    expect(() => assertKeepsStreamOrder(writes, [ids.b, ids.a, ids.c])).toThrow(TypeError);
    expect(() => assertKeepsStreamOrder(writes, [ids.c])).toThrow(TypeError);
  });
});
