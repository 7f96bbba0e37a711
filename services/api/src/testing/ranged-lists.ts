import {
  customerAssociated,
  type Envelope,
  envelope,
  orderPlaced,
  partnerRegistered,
  voucherQuotaGranted,
} from './events.js';

/** A list that takes a time range: its URL and the names of the range's start and end. */
export interface RangedList {
  url: string;
  start: 'from' | 'expiringAfter';
  end: 'to' | 'expiringBefore';
}

/**
 * Every list with a time range (SPEC §5, §6): `from` (inclusive) and `to` (exclusive) on the
 * business time, and the partner's subscriptions' `expiringAfter`/`expiringBefore` (both
 * exclusive) on the term end. Each holds one row of `rangedListEvents`.
 */
export const RANGED_LISTS: readonly RangedList[] = [
  { url: '/v1/partners/P-TS/incentives', start: 'from', end: 'to' },
  { url: '/v1/partners/P-TS/association-records', start: 'from', end: 'to' },
  { url: '/v1/partners/P-TR/fund-operations', start: 'from', end: 'to' },
  { url: '/v1/voucher-quotas/Q-TS/operations', start: 'from', end: 'to' },
  { url: '/v1/partners/P-TR/marketplace/transactions', start: 'from', end: 'to' },
  { url: '/v1/partners/P-TS/subscriptions', start: 'expiringAfter', end: 'expiringBefore' },
];

/**
 * One row on each of RANGED_LISTS, dated `at` (the term end of the subscription: `termEnd`): the
 * customer C-TS of solution provider P-TS associated and ordering; funds, a voucher quota and a
 * marketplace transaction of reseller P-TR (of distributor P-TD).
 */
export function rangedListEvents(at: string, termEnd: string): Envelope[] {
  const dated = (event: Envelope): Envelope => ({ ...event, occurredAt: at });
  return [
    partnerRegistered('P-TS'),
    partnerRegistered('P-TD', { tier: 'distributor' }),
    partnerRegistered('P-TR', { tier: 'reseller', parentId: 'P-TD' }),
    dated(customerAssociated('C-TS', 'P-TS')),
    dated(orderPlaced('O-TS', 'C-TS', '10.00', { termEnd })),
    dated(
      envelope('FundsAllocated', {
        allocationId: 'AL-TS',
        distributorId: 'P-TD',
        resellerId: 'P-TR',
        amount: '100.00',
        currency: 'CNY',
      }),
    ),
    dated(voucherQuotaGranted('Q-TS', 'P-TD', 'P-TR', '50.00')),
    dated(
      envelope('MarketplaceTransactionRecorded', {
        transactionId: 'MT-TS',
        orderId: 'MO-TS',
        partnerId: 'P-TR',
        customerName: 'Acme',
        productName: 'Backup appliance',
        currency: 'CNY',
        supervised: false,
        kind: 'purchase',
        amount: '10.00',
        commissionRate: '0.1',
      }),
    ),
  ];
}
