import { Decimal, netDelta } from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../context/associations.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import { PeriodLocator } from '../time.js';
import {
  collect,
  emptySegment,
  type FoldContext,
  foldEvent,
  levelAt,
  levelChanged,
  type OrderRow,
  type PartnerLevels,
} from './fold.js';
import { pairKey } from './store.js';

/** The source-line fold, without a database: given an event and its context, then its line, net and order. */

const ASSOCIATED: Segment = {
  seq: 1,
  partnerId: 'PA',
  associationType: 'resale',
  accountManager: 'am@x',
  customerName: 'Cust',
  validFrom: '2026-01-01T00:00:00.000Z',
  validFromMs: Date.parse('2026-01-01T00:00:00.000Z'),
  validTo: null,
  validToMs: null,
  fromPosition: 2,
  toPosition: null,
};

const ORDER: OrderRow = {
  orderId: 'O1',
  customerId: 'C1',
  productType: 'ecs',
  billingMode: 'subscription',
  amount: '100',
  voucherAmount: '30',
  upgradeCharges: '0',
  refundedCash: '0',
  refundedVoucher: '0',
  position: 5,
};

let position = 10;
function event<T extends KnownEvent['type']>(
  type: T,
  data: Extract<KnownEvent, { type: T }>['data'],
  occurredAt = '2026-03-10T12:00:00.000Z',
): Extract<KnownEvent, { type: T }> {
  position += 1;
  return {
    eventId: `e${position}`,
    type,
    version: 1,
    streamId: 's',
    streamPosition: position,
    globalPosition: position,
    occurredAt,
    recordedAt: occurredAt,
    data,
    metadata: {},
  } as unknown as Extract<KnownEvent, { type: T }>;
}

function context(
  over: { orders?: OrderRow[]; segment?: Segment | null; closed?: string[]; partner?: PartnerLevels } = {},
): FoldContext {
  const periods = new PeriodLocator('UTC');
  const closed = new Set(over.closed ?? []);
  const segment = over.segment === undefined ? ASSOCIATED : over.segment;
  return {
    order: (id) => (over.orders ?? [ORDER]).find((o) => o.orderId === id),
    association: () => segment ?? undefined,
    booking: (occurredAt) => periods.booking(occurredAt, closed),
    level: (_partnerId, ms) => levelAt(over.partner ?? { partnerId: 'PA', level: 'gold', changes: [] }, ms),
  };
}

const refunded = (amount: string) =>
  event('OrderRefunded', {
    refundId: 'R1',
    orderId: 'O1',
    reason: 'customer-request',
    amount,
    resourceIds: [],
  } as never);

describe('the source-line fold', () => {
  it('an order placed makes a line on its cash part for the associated partner and keeps the order', () => {
    const e = event('OrderPlaced', {
      orderId: 'O2',
      customerId: 'C1',
      productType: 'ecs',
      billingMode: 'subscription',
      currency: 'EUR',
      listAmount: '120',
      amount: '100',
      voucherAmount: '30',
      resources: [],
      termEnd: '2027-03-10T12:00:00.000Z',
    } as never);
    const folded = foldEvent(e, context());
    expect(folded.line).toMatchObject({
      partnerId: 'PA',
      period: '2026-03',
      sourceType: 'OrderPlaced',
      sourceId: 'O2',
      orderId: 'O2',
      productType: 'ecs',
      billingMode: 'subscription',
      associationType: 'resale',
      partnerLevel: 'gold',
      correctsPeriod: null,
    });
    expect(folded.line?.base.toFixed()).toBe('70');
    expect(folded.line?.positions).toEqual([ASSOCIATED.fromPosition, e.globalPosition]);
    expect(folded.net?.amount.eq(netDelta(e))).toBe(true);
    expect(folded.order).toMatchObject({
      orderId: 'O2',
      voucherAmount: '30',
      refundedCash: '0',
      position: e.globalPosition,
    });
  });

  it("a refund's line is minus its cash part (cash first), with the order's attributes and position", () => {
    const e = refunded('80');
    const folded = foldEvent(e, context());
    expect(folded.line).toMatchObject({
      sourceType: 'OrderRefunded',
      sourceId: 'R1',
      orderId: 'O1',
      productType: 'ecs',
    });
    expect(folded.line?.base.toFixed()).toBe('-70');
    expect(folded.line?.positions).toEqual([ASSOCIATED.fromPosition, ORDER.position, e.globalPosition]);
    expect(folded.net).toMatchObject({ partnerId: 'PA', period: '2026-03' });
    expect(folded.net?.amount.eq(netDelta(e))).toBe(true);
  });

  it('a refund books its split on the order it returns, leaving the context order as it was', () => {
    const folded = foldEvent(refunded('80'), context());
    expect(folded.order).toMatchObject({ refundedCash: '70', refundedVoucher: '10' });
    expect(ORDER.refundedCash).toBe('0');
  });

  it('a refund beyond what the order has left is refused', () => {
    const order = { ...ORDER, refundedCash: '70', refundedVoucher: '20' };
    expect(() => foldEvent(refunded('20'), context({ orders: [order] }))).toThrow(ProjectionError);
  });

  it('a refund of an order not in the log is refused', () => {
    expect(() => foldEvent(refunded('10'), context({ orders: [] }))).toThrow(/order O1 is not in the log/);
  });

  it('an upgrade charge (positive spec change) is a line of its amount and adds to the order', () => {
    const e = event('SpecChanged', {
      changeId: 'S1',
      orderId: 'O1',
      resourceId: 'r',
      fromSpec: {},
      toSpec: {},
      amount: '25',
    } as never);
    const folded = foldEvent(e, context());
    expect(folded.line?.base.toFixed()).toBe('25');
    expect(folded.order?.upgradeCharges).toBe('25');
  });

  it('an event of a customer with no partner makes no line and no net, but its refund still counts on the order', () => {
    const folded = foldEvent(refunded('10'), context({ segment: null }));
    expect(folded.line).toBeNull();
    expect(folded.net).toBeNull();
    expect(folded.order?.refundedCash).toBe('10');
  });

  it('an event dated in a closed month is booked into the first open period, correcting its month', () => {
    const folded = foldEvent(refunded('10'), context({ closed: ['2026-03'] }));
    expect(folded.line).toMatchObject({ period: '2026-04', correctsPeriod: '2026-03' });
    expect(folded.net?.period).toBe('2026-04');
  });

  it('an adjustment makes no line but moves the net of the partner associated then', () => {
    const e = event('AdjustmentPosted', {
      adjustmentId: 'A1',
      customerId: 'C1',
      amount: '-12.5',
      currency: 'EUR',
      reason: 'goodwill',
    } as never);
    const folded = foldEvent(e, context());
    expect(folded.line).toBeNull();
    expect(folded.net).toMatchObject({ partnerId: 'PA', period: '2026-03' });
    expect(folded.net?.amount.eq(netDelta(e))).toBe(true);
  });

  it('a line takes the level in force at its occurredAt, not the latest registered', () => {
    const partner = levelChanged({ partnerId: 'PA', level: 'silver', changes: [] }, 'gold', '2026-03-15T00:00:00.000Z');
    expect(foldEvent(refunded('1'), context({ partner })).line?.partnerLevel).toBe('silver');
    const later = event(
      'OrderRefunded',
      { refundId: 'R2', orderId: 'O1', reason: 'customer-request', amount: '1', resourceIds: [] } as never,
      '2026-03-20T00:00:00.000Z',
    );
    expect(foldEvent(later, context({ partner })).line?.partnerLevel).toBe('gold');
  });
});

describe('collecting a segment', () => {
  it('sums the net deltas of a partner × period and touches its statement once', () => {
    const segment = emptySegment();
    collect(segment, foldEvent(refunded('10'), context()));
    collect(segment, foldEvent(refunded('5'), context()));
    expect(segment.lines).toHaveLength(2);
    expect(segment.netDeltas.get(pairKey('PA', '2026-03'))?.toFixed()).toBe(
      netDelta(refunded('10'))
        .plus(netDelta(refunded('5')))
        .toFixed(),
    );
    expect([...segment.touched.values()]).toEqual([{ partnerId: 'PA', period: '2026-03' }]);
  });

  it('a line without a net (a TrueUp) touches its statement but no net', () => {
    const segment = emptySegment();
    const line = foldEvent(refunded('10'), context()).line!;
    collect(segment, { line: { ...line, sourceType: 'TrueUp', base: new Decimal('3') }, net: null });
    expect(segment.netDeltas.size).toBe(0);
    expect(segment.touched.has(pairKey('PA', '2026-03'))).toBe(true);
  });
});
