/**
 * Stream names. Every event has a home stream (named from its type and ids) and possibly linked
 * streams; the kind of a stream is the prefix of its name.
 */

export const STREAM_KINDS = [
  'partner',
  'customer',
  'discount',
  'order',
  'charge',
  'adjustment',
  'funds',
  'quota',
  'voucher',
  'refund',
  'change',
  'allocation',
  'reclaim',
  'periods',
  'period',
  'rules',
  'statement',
  'catalogue',
  'market',
] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

export const streamIds = {
  partner: (partnerId: string) => `partner-${partnerId}`,
  customer: (customerId: string) => `customer-${customerId}`,
  discount: (discountId: string) => `discount-${discountId}`,
  order: (orderId: string) => `order-${orderId}`,
  charge: (chargeId: string) => `charge-${chargeId}`,
  adjustment: (adjustmentId: string) => `adjustment-${adjustmentId}`,
  funds: (resellerId: string) => `funds-${resellerId}`,
  quota: (quotaId: string) => `quota-${quotaId}`,
  voucher: (voucherId: string) => `voucher-${voucherId}`,
  refund: (refundId: string) => `refund-${refundId}`,
  change: (changeId: string) => `change-${changeId}`,
  allocation: (allocationId: string) => `allocation-${allocationId}`,
  reclaim: (reclaimId: string) => `reclaim-${reclaimId}`,
  periods: () => 'periods',
  /** One closed period: its `BillingPeriodClosed` is linked here (SPEC §1's `period-<YYYY-MM>`). */
  period: (period: string) => `period-${period}`,
  rules: () => 'rules',
  statement: (partnerId: string, period: string) => `statement-${partnerId}-${period}`,
  /** The product catalogue: every product type, usage type and measure unit (a handful; one stream). */
  catalogue: () => 'catalogue',
  /** A marketplace transaction; its refunds are linked here. */
  market: (transactionId: string) => `market-${transactionId}`,
} as const;

/**
 * Kinds whose streams only mark an id as taken: a decision reads them for `mustBeNew` alone (a
 * refund, spec change, charge, adjustment, allocation or reclaim id used twice is refused), never
 * for their state. Most of a metering history's streams are of these kinds.
 */
const ID_MARKER_KINDS: ReadonlySet<StreamKind> = new Set([
  'refund',
  'change',
  'charge',
  'adjustment',
  'allocation',
  'reclaim',
]);

/** Whether `streamId` (a stream of the domain) is an id marker (see ID_MARKER_KINDS). */
export function isIdMarker(streamId: string): boolean {
  return ID_MARKER_KINDS.has(streamKind(streamId));
}

/** The kind of a stream from its name; throws for a name no event is ever stored under. */
export function streamKind(streamId: string): StreamKind {
  if (streamId === 'periods' || streamId === 'rules' || streamId === 'catalogue') return streamId;
  const dash = streamId.indexOf('-');
  const prefix = dash > 0 ? streamId.slice(0, dash) : '';
  if ((STREAM_KINDS as readonly string[]).includes(prefix) && dash < streamId.length - 1) return prefix as StreamKind;
  throw new RangeError(`not a stream of the domain: ${JSON.stringify(streamId)}`);
}

/** The id inside a stream name (`order-o-1` → `o-1`); for `statement-…` the partner id and period. */
export function streamEntityId(streamId: string): string {
  const kind = streamKind(streamId);
  if (kind === 'periods' || kind === 'rules' || kind === 'catalogue') return '';
  return streamId.slice(kind.length + 1);
}
