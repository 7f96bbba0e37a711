import { randomUUID } from 'node:crypto';

/** Envelopes for tests: valid by the event schemas, with fresh ids unless given. */
export interface Envelope {
  eventId: string;
  type: string;
  version?: number;
  occurredAt: string;
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

const AT = '2026-10-05T10:00:00+08:00';

export function envelope(type: string, data: Record<string, unknown>, occurredAt = AT): Envelope {
  return { eventId: randomUUID(), type, version: 1, occurredAt, data };
}

export const partnerRegistered = (partnerId: string, extra: Record<string, unknown> = {}) =>
  envelope('PartnerRegistered', {
    partnerId,
    name: `Partner ${partnerId}`,
    tier: 'solution_provider',
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    ...extra,
  });

export const customerAssociated = (customerId: string, partnerId: string, associationType = 'referral') =>
  envelope('CustomerAssociated', {
    customerId,
    customerName: `Customer ${customerId}`,
    partnerId,
    associationType,
    accountManager: 'Li Lei',
  });

export const orderPlaced = (orderId: string, customerId: string, amount: string, extra: Record<string, unknown> = {}) =>
  envelope('OrderPlaced', {
    orderId,
    customerId,
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: amount,
    amount,
    resources: [{ resourceId: `res-${orderId}` }],
    termEnd: '2027-10-05T10:00:00+08:00',
    ...extra,
  });

export const orderRefunded = (refundId: string, orderId: string, amount: string) =>
  envelope('OrderRefunded', { refundId, orderId, reason: 'unsubscribe', amount, resourceIds: [`res-${orderId}`] });

export const voucherQuotaGranted = (quotaId: string, grantorId: string, partnerId: string, amount: string) =>
  envelope('VoucherQuotaGranted', { quotaId, grantorId, partnerId, amount, currency: 'CNY' });

export const voucherIssued = (voucherId: string, quotaId: string, customerId: string, amount: string) =>
  envelope('VoucherIssued', { voucherId, quotaId, customerId, amount, expiresAt: '2027-12-31T00:00:00+08:00' });
