import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { linksOnlyWithinCall, NOTHING_KNOWN, planAppend } from './append.js';

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'Counted',
  occurredAt: '2026-01-01T00:00:00Z',
  data: {},
});

describe('planning an append in a given order', () => {
  it('interleaves the streams as the order says, every column moving with its event', () => {
    const [a1, a2, b1] = [event(), event(), event()] as const;
    const plan = planAppend(
      [
        { streamId: 'a', events: [a1, a2] },
        { streamId: 'b', events: [b1] },
      ],
      NOTHING_KNOWN,
      [a1.eventId, b1.eventId, a2.eventId],
    );
    expect(plan.events.ids).toEqual([a1.eventId, b1.eventId, a2.eventId]);
    expect(plan.events.requests).toEqual([0, 1, 0]);
    expect(plan.events.offsets).toEqual([1, 1, 2]);
  });

  it('puts the events the order does not name after those it names, in request order', () => {
    const [a1, b1, c1] = [event(), event(), event()] as const;
    const plan = planAppend(
      [
        { streamId: 'a', events: [a1] },
        { streamId: 'b', events: [b1] },
        { streamId: 'c', events: [c1] },
      ],
      NOTHING_KNOWN,
      [c1.eventId],
    );
    expect(plan.events.ids).toEqual([c1.eventId, a1.eventId, b1.eventId]);
  });

  it('orders a call of 200,000 events', () => {
    const events = Array.from({ length: 200_000 }, event);
    const plan = planAppend(
      [
        { streamId: 'a', events: events.slice(0, 100_000) },
        { streamId: 'b', events: events.slice(100_000) },
      ],
      NOTHING_KNOWN,
      [...events.slice(100_000), ...events.slice(0, 100_000)].map((e) => e.eventId),
    );
    expect(plan.events.ids[0]).toBe(events[100_000]!.eventId);
    expect(plan.events.requests[0]).toBe(1);
    expect(plan.events.data).toHaveLength(200_000);
  });
});

describe('whether an append may skip the lookup before it', () => {
  it('yes without links, or when every link targets an event of the same call', () => {
    const [placed, issued] = [event(), event()] as const;
    expect(linksOnlyWithinCall([{ streamId: 'a', events: [placed] }])).toBe(true);
    expect(
      linksOnlyWithinCall([
        { streamId: 'order', events: [placed] },
        { streamId: 'voucher', events: [issued, { linkTo: placed.eventId }] },
      ]),
    ).toBe(true);
  });

  it('no when a link targets an event the call does not append (it may be stored, or the link in place)', () => {
    const [placed, stored] = [event(), event()] as const;
    expect(
      linksOnlyWithinCall([
        { streamId: 'order', events: [placed] },
        { streamId: 'voucher', events: [{ linkTo: placed.eventId }, { linkTo: stored.eventId }] },
      ]),
    ).toBe(false);
  });
});
