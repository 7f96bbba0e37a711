import {
  type DomainEvent,
  EVENT_TYPES,
  type EventType,
  isPeriod,
  nextPeriod,
  parseEvent,
  planBatch,
  type StreamSnapshot,
} from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import { defaultCustomerCount, generateEvents } from './generate.js';

/**
 * Runs every event, one by one in log order, through the domain's schema check and command core
 * against an in-memory snapshot map, as the service does against the store. Returns the first
 * refusal (or undefined) and how many events of each type went through.
 */
function replay(events: Iterable<DomainEvent>): {
  refusal?: { index: number; type: string; rule: string; detail: string; event: unknown };
  counts: Map<EventType, number>;
  total: number;
} {
  const snapshots = new Map<string, StreamSnapshot>();
  const counts = new Map<EventType, number>();
  let index = 0;
  for (const raw of events) {
    // Through JSON, as the event would travel in an NDJSON file or a request body.
    const parsed = parseEvent(JSON.parse(JSON.stringify(raw)));
    if (!parsed.ok) {
      return {
        refusal: { index, type: raw.type, rule: 'schema', detail: JSON.stringify(parsed.errors), event: raw },
        counts,
        total: index,
      };
    }
    for (;;) {
      const plan = planBatch([parsed.event], (id) => snapshots.get(id));
      if (plan.kind === 'need') {
        for (const id of plan.streamIds)
          if (!snapshots.has(id)) snapshots.set(id, { streamId: id, version: 0, state: undefined });
        continue;
      }
      if (plan.kind === 'refused') {
        return {
          refusal: { index, type: raw.type, rule: plan.rule, detail: plan.detail, event: raw },
          counts,
          total: index,
        };
      }
      if (plan.kind === 'forbidden') throw new Error(`no partner scope here: ${plan.detail}`);
      for (const s of plan.snapshots) snapshots.set(s.streamId, s);
      break;
    }
    counts.set(raw.type, (counts.get(raw.type) ?? 0) + 1);
    index++;
  }
  return { counts, total: index };
}

/** The month of an instant in Asia/Shanghai (UTC+8 all year): cheaper than luxon per event. */
function periodOf(occurredAt: string): string {
  return new Date(Date.parse(occurredAt) + 8 * 3600_000).toISOString().slice(0, 7);
}

const EXPECTED_TYPES = EVENT_TYPES.filter((t) => t !== 'StatementRevisionPublished');

describe('generateEvents against the domain', () => {
  for (const seed of ['alpha', 20260101]) {
    it(`seed ${seed}: 20,000 events, all parsed and accepted, every event type present`, () => {
      const { refusal, counts, total } = replay(generateEvents({ events: 20_000, seed }));
      expect(refusal).toBeUndefined();
      expect(total).toBe(20_000);
      const missing = EXPECTED_TYPES.filter((t) => !counts.has(t));
      expect(missing).toEqual([]);
      expect(counts.has('StatementRevisionPublished')).toBe(false);
    });
  }

  it('dates each marketplace refund after the sale it refunds (SPEC §6: an earlier purchase or renewal)', () => {
    const sales = new Map<string, number>();
    let refunds = 0;
    for (const e of generateEvents({ events: 20_000, seed: 'alpha' })) {
      if (e.type !== 'MarketplaceTransactionRecorded') continue;
      const d = (e as DomainEvent<'MarketplaceTransactionRecorded'>).data;
      if (d.refundOf === undefined) {
        sales.set(d.transactionId, Date.parse(e.occurredAt));
        continue;
      }
      refunds++;
      expect(sales.get(d.refundOf), d.transactionId).toBeLessThanOrEqual(Date.parse(e.occurredAt));
    }
    expect(refunds).toBeGreaterThan(0);
  });

  it('the replay does catch a refund dated before its marketplace sale', () => {
    const events = Array.from(generateEvents({ events: 20_000, seed: 'alpha' }));
    const i = events.findIndex((e) => e.type === 'MarketplaceTransactionRecorded' && 'refundOf' in e.data);
    const refund = events[i] as DomainEvent<'MarketplaceTransactionRecorded'>;
    const sale = events.find(
      (e) => e.type === 'MarketplaceTransactionRecorded' && e.data.transactionId === refund.data.refundOf,
    )!;
    events[i] = { ...refund, occurredAt: new Date(Date.parse(sale.occurredAt) - 1000).toISOString() };
    expect(replay(events).refusal).toMatchObject({ index: i, rule: 'marketplace-refund-of-sale' });
  });

  it('the replay does catch a broken event (a refund above what was paid)', () => {
    const events = Array.from(generateEvents({ events: 3_000, seed: 'alpha' }));
    const i = events.findIndex((e) => e.type === 'OrderRefunded');
    const refund = events[i] as DomainEvent<'OrderRefunded'>;
    events[i] = { ...refund, data: { ...refund.data, amount: '99999999.00' } };
    const { refusal } = replay(events);
    expect(refusal).toMatchObject({ index: i, rule: 'refund-within-paid' });
  });
});

describe('generateEvents output', () => {
  const serialise = (seed: string | number, events: number) =>
    Array.from(generateEvents({ events, seed }), (e) => JSON.stringify(e)).join('\n');

  it('is the same, byte for byte, for the same seed; different for another seed', () => {
    const a = serialise('determinism', 5_000);
    expect(serialise('determinism', 5_000)).toBe(a);
    expect(serialise('determinism-2', 5_000)).not.toBe(a);
  });

  it('yields exactly the number of events asked for, and a prefix of a longer run', () => {
    expect(Array.from(generateEvents({ events: 0, seed: 1 }))).toHaveLength(0);
    expect(Array.from(generateEvents({ events: 7, seed: 1 }))).toHaveLength(7);
    const short = Array.from(generateEvents({ events: 300, seed: 1 }));
    expect(short).toHaveLength(300);
    // The set-up (partners, first customers) does not depend on the total.
    const long = Array.from(generateEvents({ events: 100_000, seed: 1, customers: 1000 }));
    expect(long.slice(0, 100)).toEqual(
      Array.from(generateEvents({ events: 100, seed: 1, customers: 1000 })).slice(0, 100),
    );
  });

  it('has unique event ids, UUID-shaped, and amounts as decimal strings', () => {
    const ids = new Set<string>();
    for (const e of generateEvents({ events: 20_000, seed: 'ids' })) {
      expect(e.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      ids.add(e.eventId);
      const data = e.data as Record<string, unknown>;
      for (const key of ['amount', 'listAmount', 'voucherAmount']) {
        if (key in data) expect(data[key]).toMatch(/^-?\d+\.\d{2,8}$/);
      }
    }
    expect(ids.size).toBe(20_000);
  });

  it('closes every past period in order, leaves the last open, and has late events in closed periods', () => {
    const closed: string[] = [];
    let late = 0;
    let lateAdjustments = 0;
    for (const e of generateEvents({ events: 20_000, seed: 'periods' })) {
      if (e.type === 'BillingPeriodClosed') {
        if (closed.length > 0) expect(e.data.period).toBe(nextPeriod(closed[closed.length - 1]!));
        closed.push(e.data.period);
      } else if (closed.length > 0 && periodOf(e.occurredAt) <= closed[closed.length - 1]!) {
        late++;
      }
      if (e.type === 'AdjustmentPosted' && e.data.correctsPeriod !== undefined) {
        expect(isPeriod(e.data.correctsPeriod)).toBe(true);
        expect(closed).toContain(e.data.correctsPeriod);
        lateAdjustments++;
      }
    }
    expect(closed).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(late).toBeGreaterThan(0);
    expect(lateAdjustments).toBeGreaterThan(0);
  });

  it('covers the months asked for', () => {
    const periods = new Set<string>();
    for (const e of generateEvents({ events: 3_000, seed: 's', start: '2025-07', months: 3 })) {
      periods.add(periodOf(e.occurredAt));
    }
    expect([...periods].sort()).toEqual(['2025-07', '2025-08', '2025-09']);
  });

  it('scales customers with the number of events', () => {
    expect(defaultCustomerCount(20_000)).toBe(1000);
    expect(defaultCustomerCount(100_000)).toBe(2000);
    expect(defaultCustomerCount(1_000_000)).toBe(20_000);
    expect(defaultCustomerCount(10_000_000)).toBe(20_000);
    const customers = new Set<string>();
    for (const e of generateEvents({ events: 20_000, seed: 'c' })) {
      if (e.type === 'CustomerAssociated') customers.add(e.data.customerId);
    }
    expect(customers.size).toBeGreaterThanOrEqual(1000);
  });
});
