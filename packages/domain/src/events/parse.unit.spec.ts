import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { EVENT_ENVELOPE_SCHEMAS, EVENT_TYPES, EventEnvelopeSchema } from './catalogue.js';
import { eventFromStored, formatFieldErrors, parseEvent } from './parse.js';

const envelope = (type: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  eventId: '9b2f6c1e-4d5a-4b8e-9c3f-2a1b0c9d8e7f',
  type,
  version: 1,
  occurredAt: '2026-10-05T10:00:00+08:00',
  data,
  ...extra,
});

const order = {
  orderId: 'o-1',
  customerId: 'c-1',
  productType: 'ecs',
  billingMode: 'subscription',
  currency: 'CNY',
  listAmount: '1000.00',
  discountId: 'd-1',
  amount: '850.00',
  voucherId: 'v-1',
  voucherAmount: '100',
  resources: [{ resourceId: 'r-1', spec: 's2.large' }],
  termEnd: '2027-10-05T10:00:00+08:00',
};

function errorsOf(raw: unknown): string[] {
  const r = parseEvent(raw);
  if (r.ok) throw new Error('expected errors');
  return r.errors.map((e) => `${e.path}: ${e.message}`);
}

describe('parseEvent', () => {
  it('gives the eventId in lower case, the form the log stores, whatever case it was written in', () => {
    const r = parseEvent(envelope('OrderPlaced', order, { eventId: '9B2F6C1E-4D5A-4B8E-9C3F-2A1B0C9D8E7F' }));
    expect(r.ok && r.event.eventId).toBe('9b2f6c1e-4d5a-4b8e-9c3f-2a1b0c9d8e7f');
  });

  it('accepts a valid envelope and defaults version to 1', () => {
    const { version: _v, ...raw } = envelope('OrderPlaced', order, { metadata: { correlationId: 'x' } });
    const r = parseEvent(raw);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.event.version).toBe(1);
      expect(r.event.type).toBe('OrderPlaced');
      expect(r.event.metadata).toEqual({ correlationId: 'x' });
    }
  });

  it('rejects unknown types and versions, never skipping them', () => {
    expect(errorsOf(envelope('OrderTeleported', {}))).toEqual(['/type: unknown event type "OrderTeleported"']);
    expect(errorsOf(envelope('OrderPlaced', order, { version: 2 }))).toEqual([
      '/version: unknown version 2 of OrderPlaced (known: 1)',
    ]);
    expect(errorsOf(envelope('OrderPlaced', order, { version: '1' }))).toEqual([
      '/version: must be an integer (got "1")',
    ]);
  });

  it('checks the envelope fields', () => {
    expect(errorsOf({ ...envelope('OrderPlaced', order), eventId: 'abc', occurredAt: '2026-10-05T10:00:00' })).toEqual([
      '/eventId: must be a UUID (got "abc")',
      '/occurredAt: must be an ISO-8601 date-time with offset like "2026-10-05T10:00:00+08:00" (got "2026-10-05T10:00:00")',
    ]);
    expect(errorsOf({ ...envelope('OrderPlaced', order), occurredAt: '2026-02-30T10:00:00Z' })[0]).toMatch(
      /^\/occurredAt: must be/,
    );
    expect(errorsOf({ ...envelope('OrderPlaced', order), streamId: 'x', metadata: [] })).toEqual([
      '/streamId: is not a known envelope field',
      '/metadata: must be an object (got array)',
    ]);
    expect(errorsOf('nope')).toEqual([': must be an event object (got "nope")']);
  });

  it('rejects amounts that are JS numbers, exponents or too precise, with clear messages', () => {
    expect(errorsOf(envelope('OrderPlaced', { ...order, amount: 850 }))).toEqual([
      '/data/amount: must be a non-negative decimal string like "12.50" (got number)',
    ]);
    expect(errorsOf(envelope('OrderPlaced', { ...order, listAmount: '1e3' }))).toEqual([
      '/data/listAmount: must be a non-negative decimal string like "12.50" (got "1e3")',
    ]);
    expect(
      errorsOf(
        envelope('OrderRefunded', {
          refundId: 'f',
          orderId: 'o',
          reason: 'unsubscribe',
          amount: '1.123456789',
          resourceIds: [],
        }),
      ),
    ).toEqual(['/data/amount: must be a positive decimal string like "12.50" (got "1.123456789")']);
    expect(
      errorsOf(
        envelope('OrderRefunded', {
          refundId: 'f',
          orderId: 'o',
          reason: 'unsubscribe',
          amount: '0.00',
          resourceIds: [],
        }),
      ),
    ).toHaveLength(1);
    expect(
      errorsOf(
        envelope('SpecChanged', {
          changeId: 'c',
          orderId: 'o',
          resourceId: 'r',
          fromSpec: 'a',
          toSpec: 'b',
          amount: '0',
        }),
      ),
    ).toEqual(['/data/amount: must be a nonzero decimal string like "12.50" or "-3.20" (got "0")']);
  });

  it('rejects unknown and missing data fields and bad enums', () => {
    const { customerId: _c, ...noCustomer } = order;
    expect(errorsOf(envelope('OrderPlaced', { ...noCustomer, colour: 'red', billingMode: 'on_demand' }))).toEqual([
      '/data/customerId: is required',
      '/data/colour: is not a known field',
      '/data/billingMode: must be one of "subscription" (got "on_demand")',
    ]);
    expect(errorsOf(envelope('OrderPlaced', { ...order, resources: [{ resourceId: 'r', size: 1 }] }))).toEqual([
      '/data/resources/0/size: is not a known field',
    ]);
  });

  it('checks relations between fields', () => {
    expect(errorsOf(envelope('OrderPlaced', { ...order, voucherAmount: '900' }))).toEqual([
      '/data/voucherAmount: must not exceed amount',
    ]);
    const { voucherId: _v, ...noVoucher } = order;
    expect(errorsOf(envelope('OrderPlaced', noVoucher))).toEqual([
      '/data/voucherId: is required when voucherAmount is above 0',
    ]);
    const charge = {
      chargeId: 'ch',
      customerId: 'c',
      productType: 'obs',
      resourceId: 'r',
      usageType: 'storage',
      quantity: '10.5',
      unit: 'GB',
      amount: '3.20',
      currency: 'CNY',
      windowStart: '2026-10-05T10:00:00+08:00',
      windowEnd: '2026-10-05T02:00:00Z',
    };
    expect(errorsOf(envelope('OnDemandCharged', charge))).toEqual(['/data/windowEnd: must be after windowStart']);
    expect(
      parseEvent(envelope('OnDemandCharged', { ...charge, quantity: 3, windowEnd: '2026-10-05T11:00:00+08:00' })).ok,
    ).toBe(true);
    expect(
      errorsOf(
        envelope('PartnerRegistered', {
          partnerId: 'p',
          name: 'P',
          tier: 'distributor',
          level: 'gold',
          timeZone: 'Mars/Base',
          currency: 'cny',
        }),
      ),
    ).toEqual(['/data/currency: must be an ISO 4217 currency code like "CNY" (got "cny")']);
    expect(
      errorsOf(
        envelope('PartnerRegistered', {
          partnerId: 'p',
          name: 'P',
          tier: 'distributor',
          level: 'gold',
          timeZone: 'Mars/Base',
          currency: 'CNY',
        }),
      ),
    ).toEqual(['/data/timeZone: must be an IANA time zone like "Asia/Shanghai" (got "Mars/Base")']);
    expect(
      errorsOf(
        envelope('DiscountGranted', {
          discountId: 'd',
          customerId: 'c',
          rate: '1.5',
          productTypes: [],
          validFrom: '2026-10-01T00:00:00+08:00',
        }),
      ),
    ).toEqual(['/data/rate: must be a decimal string from "0" to "1" like "0.15" (got "1.5")']);
  });

  it('takes a currency only if ISO 4217 assigns its code, not any three capital letters', () => {
    const partner = (currency: string) =>
      envelope('PartnerRegistered', {
        partnerId: 'p',
        name: 'P',
        tier: 'distributor',
        timeZone: 'Asia/Shanghai',
        currency,
      });
    for (const currency of ['CNY', 'USD', 'EUR', 'JPY', 'BHD', 'CHF', 'XAU', 'XCG', 'HRK']) {
      expect(parseEvent(partner(currency)).ok, currency).toBe(true);
    }
    for (const currency of ['ABC', 'XYZ', 'RMB', 'QQQ', 'EURO', 'US', 'cny']) {
      expect(errorsOf(partner(currency)), currency).toEqual([
        `/data/currency: must be an ISO 4217 currency code like "CNY" (got "${currency}")`,
      ]);
    }
    const adjustment = { adjustmentId: 'a', customerId: 'c', amount: '1', currency: 'ABC', reason: 'x' };
    expect(errorsOf(envelope('AdjustmentPosted', adjustment))).toEqual([
      '/data/currency: must be an ISO 4217 currency code like "CNY" (got "ABC")',
    ]);
  });

  it('parses incentive rule sets', () => {
    const rules = {
      version: 3,
      effectiveFrom: '2026-10',
      rules: [
        { id: 'base', rate: '0.05' },
        { id: 'resale-ecs', match: { associationType: 'resale', productType: 'ecs' }, rate: '0.08' },
      ],
      tiers: [
        { minNet: '0', bonusRate: '0' },
        { minNet: '100000', bonusRate: '0.02' },
      ],
      programs: { PCE: { bonusRate: '0.03' } },
    };
    expect(parseEvent(envelope('IncentiveRulesPublished', rules)).ok).toBe(true);
    expect(errorsOf(envelope('IncentiveRulesPublished', { ...rules, version: 0, effectiveFrom: '2026-13' }))).toEqual([
      '/data/version: must be a rule-set version: a string (1–64 characters without spaces) or a positive integer (got number)',
      '/data/effectiveFrom: must be a period "YYYY-MM" like "2026-10" (got "2026-13")',
    ]);
    expect(
      errorsOf(
        envelope('IncentiveRulesPublished', { ...rules, rules: [{ id: 'x', rate: '0.1', match: { region: 'cn' } }] }),
      ),
    ).toEqual(['/data/rules/0/match/region: is not a known field']);
  });

  it('formats errors for a problem detail', () => {
    const r = parseEvent(envelope('OrderPlaced', { ...order, amount: 850 }));
    expect(r.ok ? '' : formatFieldErrors(r.errors)).toBe(
      '/data/amount: must be a non-negative decimal string like "12.50" (got number)',
    );
  });
});

describe('stored events and idempotency', () => {
  it('reads a stored event back, ignoring store fields', () => {
    const stored = { ...envelope('OrderPlaced', order), streamId: 'order-o-1', globalPosition: 3, metadata: {} };
    expect(eventFromStored(stored).data).toEqual(order);
  });
});

describe('JSON schemas', () => {
  it('has an envelope schema per type that accepts what parseEvent accepts', () => {
    expect(Object.keys(EVENT_ENVELOPE_SCHEMAS)).toEqual(EVENT_TYPES);
    expect(Value.Check(EventEnvelopeSchema, envelope('OrderPlaced', order))).toBe(true);
    expect(Value.Check(EventEnvelopeSchema, envelope('OrderPlaced', { ...order, amount: 1 }))).toBe(false);
    expect(JSON.parse(JSON.stringify(EVENT_ENVELOPE_SCHEMAS.OrderPlaced)).properties.data.additionalProperties).toBe(
      false,
    );
  });
});
