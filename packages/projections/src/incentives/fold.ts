/**
 * The source-line fold (SPEC §4): what one event of the log makes — its rate-independent source
 * line (base, match attributes, booking period) and what it adds to a partner × period net — given
 * the context the handler has gathered for it (the order, the association at occurredAt, the
 * booking period, the partner's level). Pure: no reads, no writes; the handler loads the context,
 * calls `foldEvent`, keeps the order it returns and collects the rest into the segment it writes.
 * Every figure is the domain's: `lineBase`, `netDelta`, `orderRefundSplit`.
 */
import { add, type BookingPeriod, Decimal, lineBase, netDelta, orderRefundSplit, ZERO } from '@reckon/domain';
import type { Segment } from '../context/associations.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import { millis } from '../time.js';
import type { SourceLine, SourceType } from './rating.js';
import { type Pair, pairKey } from './store.js';

/** What the projection keeps of an order: its line attributes and how much of its cash part is left. */
export interface OrderRow {
  orderId: string;
  customerId: string;
  productType: string;
  billingMode: string;
  amount: string;
  voucherAmount: string;
  upgradeCharges: string;
  refundedCash: string;
  refundedVoucher: string;
  position: number;
}

/** A partner's level as registered, then each change with the instant it counts from. */
export interface PartnerLevels {
  partnerId: string;
  level: string | null;
  changes: { level: string; fromMs: number }[];
}

/** The level in force at `ms`: the latest change from at most `ms` (the last in the log on a tie), else the registered one. */
export function levelAt(partner: PartnerLevels | undefined, ms: number): string | null {
  if (!partner) return null;
  let level = partner.level;
  let from = Number.NEGATIVE_INFINITY;
  for (const c of partner.changes) {
    if (c.fromMs <= ms && c.fromMs >= from) {
      level = c.level;
      from = c.fromMs;
    }
  }
  return level;
}

/** A partner's levels after a `PartnerProfileChanged`: a new level counts from its occurredAt on (SPEC §6). */
export function levelChanged(partner: PartnerLevels, level: string, occurredAt: string): PartnerLevels {
  return { ...partner, changes: [...partner.changes, { level, fromMs: millis(occurredAt) }] };
}

/** What the fold reads, as the handler has it in memory when the event comes. */
export interface FoldContext {
  /** The order of that id (placed earlier in the log), as refunds and spec changes left it. */
  order(orderId: string): OrderRow | undefined;
  /** The customer's association in force at `ms` (none: the event makes no line and counts in no net). */
  association(customerId: string, ms: number): Segment | undefined;
  /** The booking period of an event's occurredAt (its month, moved to the first open one when closed). */
  booking(occurredAt: string): BookingPeriod;
  /** The partner's level in force at `ms` (`levelAt`). */
  level(partnerId: string, ms: number): string | null;
}

/** What an amount adds to a partner × period net. */
export interface NetDelta {
  partnerId: string;
  period: string;
  amount: Decimal;
}

/** What one event makes: its source line, the net it moves, the order row as it now is. */
export interface Folded {
  line: SourceLine | null;
  net: NetDelta | null;
  /** The order placed or changed by the event (to keep), else null. */
  order: OrderRow | null;
}

const NOTHING: Folded = { line: null, net: null, order: null };

/** The source line and net delta of one event of the log (none for events that move no money). */
export function foldEvent(e: KnownEvent, ctx: FoldContext): Folded {
  switch (e.type) {
    case 'OrderPlaced': {
      const d = e.data;
      const order: OrderRow = {
        orderId: d.orderId,
        customerId: d.customerId,
        productType: d.productType,
        billingMode: d.billingMode,
        amount: d.amount,
        voucherAmount: d.voucherAmount ?? '0',
        upgradeCharges: '0',
        refundedCash: '0',
        refundedVoucher: '0',
        position: e.globalPosition,
      };
      return {
        ...customerLine(e, ctx, d.customerId, 'OrderPlaced', d.orderId, lineBase(e), netDelta(e), order, {
          productType: d.productType,
          billingMode: d.billingMode,
        }),
        order,
      };
    }
    case 'OrderRefunded': {
      const refunded = refund(e, orderOf(e, ctx, e.data.orderId), new Decimal(e.data.amount));
      return {
        ...customerLine(
          e,
          ctx,
          refunded.order.customerId,
          'OrderRefunded',
          e.data.refundId,
          lineBase(e, refunded.cash),
          netDelta(e),
          refunded.order,
        ),
        order: refunded.order,
      };
    }
    case 'SpecChanged': {
      const before = orderOf(e, ctx, e.data.orderId);
      const amount = new Decimal(e.data.amount);
      let order: OrderRow;
      let cash: Decimal | undefined;
      if (amount.isPositive()) {
        order = { ...before, upgradeCharges: amount.plus(before.upgradeCharges).toFixed() };
      } else {
        ({ order, cash } = refund(e, before, amount.abs()));
      }
      return {
        ...customerLine(
          e,
          ctx,
          order.customerId,
          'SpecChanged',
          e.data.changeId,
          lineBase(e, cash),
          netDelta(e),
          order,
        ),
        order,
      };
    }
    case 'OnDemandCharged': {
      const d = e.data;
      return {
        ...customerLine(e, ctx, d.customerId, 'OnDemandCharged', d.chargeId, lineBase(e), netDelta(e), null, {
          productType: d.productType,
          billingMode: 'on_demand',
        }),
        order: null,
      };
    }
    case 'AdjustmentPosted': {
      // An adjustment makes no line but counts in the net of the partner associated then.
      const segment = ctx.association(e.data.customerId, millis(e.occurredAt));
      if (!segment) return NOTHING;
      return {
        line: null,
        net: { partnerId: segment.partnerId, period: ctx.booking(e.occurredAt).period, amount: netDelta(e) },
        order: null,
      };
    }
    default:
      return NOTHING;
  }
}

function orderOf(e: KnownEvent, ctx: FoldContext, orderId: string): OrderRow {
  const order = ctx.order(orderId);
  if (!order) throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
  return order;
}

/** Books a refund or rebate against the order (cash part first): the order after it and the cash part. */
function refund(e: KnownEvent, order: OrderRow, amount: Decimal): { order: OrderRow; cash: Decimal } {
  const split = orderRefundSplit(order, amount);
  if (!split) {
    throw new ProjectionError(
      `${e.type}: ${amount.toFixed()} exceeds what order ${order.orderId} can refund`,
      e.globalPosition,
    );
  }
  return {
    order: {
      ...order,
      refundedCash: split.cash.plus(order.refundedCash).toFixed(),
      refundedVoucher: split.voucher.plus(order.refundedVoucher).toFixed(),
    },
    cash: split.cash,
  };
}

// The positions a line rests on, ascending (per line of the log: `Array#sort` would allocate).
const ascending2 = (a: number, b: number): number[] => (a <= b ? [a, b] : [b, a]);
function ascending3(a: number, b: number, c: number): number[] {
  const x = Math.min(a, b);
  const y = Math.max(a, b);
  return c <= x ? [c, x, y] : c <= y ? [x, c, y] : [x, y, c];
}

/**
 * The source line of a customer-level event, for the partner associated at its occurredAt (none:
 * no line, no net), booked into its booking period; `netAmount` is what it adds to the net.
 */
function customerLine(
  e: KnownEvent,
  ctx: FoldContext,
  customerId: string,
  sourceType: SourceType,
  sourceId: string,
  base: Decimal,
  netAmount: Decimal,
  order: OrderRow | null,
  attributes?: { productType: string; billingMode: string },
): Omit<Folded, 'order'> {
  const occurredMs = millis(e.occurredAt);
  const segment = ctx.association(customerId, occurredMs);
  if (!segment) return { line: null, net: null };
  const booking = ctx.booking(e.occurredAt);
  const positions =
    order && order.position !== e.globalPosition
      ? ascending3(e.globalPosition, segment.fromPosition, order.position)
      : ascending2(e.globalPosition, segment.fromPosition);
  return {
    line: {
      partnerId: segment.partnerId,
      period: booking.period,
      sourceType,
      sourceId,
      correctsPeriod: booking.correctsPeriod ?? null,
      orderId: order?.orderId ?? null,
      customerId,
      customerName: segment.customerName,
      accountManager: segment.accountManager,
      productType: attributes?.productType ?? order?.productType ?? null,
      billingMode: (attributes?.billingMode ?? order?.billingMode ?? null) as SourceLine['billingMode'],
      associationType: segment.associationType,
      partnerLevel: ctx.level(segment.partnerId, occurredMs),
      occurredAt: e.occurredAt,
      occurredMs,
      base,
      position: e.globalPosition,
      positions,
    },
    net: { partnerId: segment.partnerId, period: booking.period, amount: netAmount },
  };
}

/** What a segment of a batch (between two barrier events) adds: its source lines, net deltas and touched statements. */
export interface SegmentDeltas {
  lines: SourceLine[];
  netDeltas: Map<string, Decimal>;
  touched: Map<string, Pair>;
}

export const emptySegment = (): SegmentDeltas => ({ lines: [], netDeltas: new Map(), touched: new Map() });

/**
 * Adds what an event made to the segment: a line touches its statement, a net delta (even of zero)
 * its net and statement. A TrueUp line comes without one: it does not change the net.
 */
export function collect(segment: SegmentDeltas, folded: Pick<Folded, 'line' | 'net'>): void {
  if (folded.line) {
    const { partnerId, period } = folded.line;
    segment.lines.push(folded.line);
    segment.touched.set(pairKey(partnerId, period), { partnerId, period });
  }
  if (folded.net) {
    const { partnerId, period, amount } = folded.net;
    const key = pairKey(partnerId, period);
    segment.netDeltas.set(key, add(segment.netDeltas.get(key) ?? ZERO, amount));
    segment.touched.set(key, { partnerId, period });
  }
}
