/** Event builders with sensible defaults for the decider tests. */
import type { DomainEvent, EventDataMap } from '../events/catalogue.js';
import { event } from './decider-spec.js';

type D<K extends keyof EventDataMap> = Partial<EventDataMap[K]>;
const T = '2026-10-05T10:00:00+08:00';

export const ev = {
  distributor: (over: D<'PartnerRegistered'> = {}, at = '2026-09-01T00:00:00+08:00') =>
    event(
      'PartnerRegistered',
      {
        partnerId: 'dist',
        name: 'Dist Co',
        tier: 'distributor',
        level: 'gold',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
        ...over,
      },
      at,
    ),
  reseller: (over: D<'PartnerRegistered'> = {}, at = '2026-09-01T00:00:00+08:00') =>
    event(
      'PartnerRegistered',
      {
        partnerId: 'res',
        name: 'Res Co',
        tier: 'reseller',
        parentId: 'dist',
        level: 'silver',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
        ...over,
      },
      at,
    ),
  associate: (over: D<'CustomerAssociated'> = {}, at = '2026-09-02T00:00:00+08:00') =>
    event(
      'CustomerAssociated',
      { customerId: 'cust', customerName: 'Cust Ltd', partnerId: 'res', associationType: 'resale', ...over },
      at,
    ),
  allocate: (amount: string, over: D<'FundsAllocated'> = {}, at = '2026-09-03T00:00:00+08:00') =>
    event(
      'FundsAllocated',
      {
        allocationId: `a-${amount}-${Math.random()}`,
        distributorId: 'dist',
        resellerId: 'res',
        amount,
        currency: 'CNY',
        ...over,
      },
      at,
    ),
  discount: (over: D<'DiscountGranted'> = {}, at = '2026-09-04T00:00:00+08:00') =>
    event(
      'DiscountGranted',
      {
        discountId: 'disc',
        customerId: 'cust',
        rate: '0.15',
        productTypes: [],
        validFrom: '2026-09-04T00:00:00+08:00',
        ...over,
      },
      at,
    ),
  quota: (over: D<'VoucherQuotaGranted'> = {}, at = '2026-09-05T00:00:00+08:00') =>
    event(
      'VoucherQuotaGranted',
      { quotaId: 'quota', grantorId: 'dist', partnerId: 'res', amount: '1000', currency: 'CNY', ...over },
      at,
    ),
  voucher: (over: D<'VoucherIssued'> = {}, at = '2026-09-06T00:00:00+08:00') =>
    event(
      'VoucherIssued',
      {
        voucherId: 'vch',
        quotaId: 'quota',
        customerId: 'cust',
        amount: '100',
        expiresAt: '2027-01-01T00:00:00+08:00',
        ...over,
      },
      at,
    ),
  order: (over: D<'OrderPlaced'> = {}, at = T) =>
    event(
      'OrderPlaced',
      {
        orderId: 'ord',
        customerId: 'cust',
        productType: 'ecs',
        billingMode: 'subscription',
        currency: 'CNY',
        listAmount: '1000',
        amount: '1000',
        resources: [{ resourceId: 'r1' }],
        termEnd: '2027-10-05T10:00:00+08:00',
        ...over,
      },
      at,
    ),
  refund: (amount: string, over: D<'OrderRefunded'> = {}, at = '2026-10-10T10:00:00+08:00') =>
    event(
      'OrderRefunded',
      { refundId: `f-${Math.random()}`, orderId: 'ord', reason: 'unsubscribe', amount, resourceIds: ['r1'], ...over },
      at,
    ),
  specChange: (amount: string, over: D<'SpecChanged'> = {}, at = '2026-10-11T10:00:00+08:00') =>
    event(
      'SpecChanged',
      { changeId: `c-${Math.random()}`, orderId: 'ord', resourceId: 'r1', fromSpec: 's', toSpec: 'm', amount, ...over },
      at,
    ),
  close: (period: string, at = '2026-11-02T00:00:00+08:00') => event('BillingPeriodClosed', { period }, at),
};

/** A distributor, its reseller, a resale customer of the reseller and funds of `funds`. */
export function resaleSetup(funds = '5000'): DomainEvent[] {
  return [ev.distributor(), ev.reseller(), ev.associate(), ev.allocate(funds)];
}
