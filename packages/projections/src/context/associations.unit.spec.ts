import type { StoredEvent } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { millis } from '../time.js';
import { AssociationBook, AssociationHistories } from './associations.js';

let position = 0;
function event(type: string, occurredAt: string, data: Record<string, unknown>): StoredEvent {
  position++;
  return {
    eventId: `e${position}`,
    type,
    version: 1,
    streamId: 'customer-c',
    streamPosition: position,
    globalPosition: position,
    occurredAt,
    recordedAt: occurredAt,
    data: data as StoredEvent['data'],
    metadata: {},
  };
}

const associated = (customerId: string, partnerId: string, at: string) =>
  event('CustomerAssociated', at, {
    customerId,
    partnerId,
    associationType: 'resale',
    customerName: `name ${customerId}`,
  });
const switched = (customerId: string, partnerId: string, at: string) =>
  event('AssociationTypeSwitched', at, { customerId, partnerId, associationType: 'referral' });
const disassociated = (customerId: string, partnerId: string, at: string) =>
  event('CustomerDisassociated', at, { customerId, partnerId });

/** Two books of projections replayed together from position 0, one copy of the histories between them. */
function sharedPair(maxCustomers?: number) {
  const histories = new AssociationHistories(maxCustomers);
  const ahead = new AssociationBook('a', histories);
  const behind = new AssociationBook('b', histories);
  ahead.startComplete();
  behind.startComplete();
  return { histories, ahead, behind };
}

describe('association histories shared by the projections of a replay', () => {
  it('a book behind sees each customer as it stood at its own position', () => {
    position = 0;
    const { histories, ahead, behind } = sharedPair();
    const log = [
      associated('c1', 'p1', '2026-01-05T00:00:00Z'),
      switched('c1', 'p1', '2026-02-05T00:00:00Z'),
      disassociated('c1', 'p1', '2026-03-05T00:00:00Z'),
    ];
    const seenAhead = log.map((e) => {
      ahead.apply(e);
      return ahead.touched.map((s) => ({ ...s }));
    });
    // One copy: the two segments, applied once.
    expect(histories.customers.size).toBe(1);
    expect(histories.customers.get('c1')!.segments).toHaveLength(2);
    expect(ahead.at('c1', millis('2026-03-10T00:00:00Z'))).toBeUndefined();

    // Before its first event the book behind knows nothing of the customer.
    expect(behind.history('c1')).toEqual({ customerId: 'c1', segments: [] });
    expect(behind.at('c1', millis('2026-01-10T00:00:00Z'))).toBeUndefined();

    behind.apply(log[0]!);
    expect(behind.touched).toEqual(seenAhead[0]);
    expect(behind.touched[0]!.validTo).toBeNull();
    // The switch ahead of it has not happened yet here: the resale association is still open.
    expect(behind.at('c1', millis('2026-02-10T00:00:00Z'))?.associationType).toBe('resale');
    expect(behind.nameOf('c1')).toBe('name c1');

    behind.apply(log[1]!);
    expect(behind.touched).toEqual(seenAhead[1]);
    expect(behind.at('c1', millis('2026-02-10T00:00:00Z'))?.associationType).toBe('referral');
    expect(behind.at('c1', millis('2026-03-10T00:00:00Z'))?.associationType).toBe('referral');

    behind.apply(log[2]!);
    expect(behind.touched).toEqual(seenAhead[2]);
    expect(behind.at('c1', millis('2026-03-10T00:00:00Z'))).toBeUndefined();
    expect(behind.history('c1')).toBe(histories.customers.get('c1'));
    expect(histories.customers.get('c1')!.segments).toHaveLength(2);
  });

  it('an event that cannot be placed changes nothing and fails for every book', () => {
    position = 0;
    const { histories, ahead, behind } = sharedPair();
    const bad = disassociated('c9', 'p1', '2026-01-05T00:00:00Z');
    expect(() => ahead.apply(bad)).toThrow(/no open association/);
    expect(() => behind.apply(bad)).toThrow(/no open association/);
    expect(histories.customers.size).toBe(0);
  });

  it('past its bound, only what every book has committed and none has in hand is dropped', () => {
    position = 0;
    const { histories, ahead, behind } = sharedPair(4);
    const log = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].map((c, i) => associated(c, 'p1', `2026-01-0${i + 1}T00:00:00Z`));
    for (const e of log) ahead.apply(e);
    ahead.committed();
    // Over the bound, but the book behind has written none of them yet.
    expect(histories.customers.size).toBe(6);
    expect(histories.complete).toBe(true);

    // The book ahead takes its next batch, which needs c3 (complete: nothing to read) …
    void ahead.load(undefined as never, new Set(['c3']));
    // … while the book behind commits c1–c3: they are in both tables now, and c3 is in hand.
    for (const e of log.slice(0, 3)) behind.apply(e);
    behind.committed();
    expect([...histories.customers.keys()]).toEqual(['c3', 'c4', 'c5', 'c6']);
    expect(histories.complete).toBe(false);
  });

  it('a shared book that is reset goes on with histories of its own', () => {
    position = 0;
    const { histories, ahead, behind } = sharedPair();
    ahead.apply(associated('c1', 'p1', '2026-01-05T00:00:00Z'));
    behind.reset();
    expect(histories.books.has(behind)).toBe(false);
    expect(histories.books.has(ahead)).toBe(true);
    expect(behind.history('c1')).toBeUndefined();
  });

  it('a book that starts after the others have begun does not share', () => {
    position = 0;
    const histories = new AssociationHistories();
    const first = new AssociationBook('a', histories);
    first.startComplete();
    first.apply(associated('c1', 'p1', '2026-01-05T00:00:00Z'));
    const late = new AssociationBook('b', histories);
    late.startComplete();
    expect(histories.books.has(late)).toBe(false);
    expect(late.history('c1')).toBeUndefined();
  });
});
