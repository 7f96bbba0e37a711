import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, type Envelope, envelope, orderPlaced, partnerRegistered } from '../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';

/**
 * The engine keeps times to the microsecond (docs/events.md, "instant"), and its rules compare them
 * so: a discount's `validTo`, a voucher's or quota's `expiresAt`, a rate change's `effectiveFrom` and
 * an association's start all divide times that differ below the millisecond, on the command side and
 * in the read models alike.
 */
describe('times compared to the microsecond', () => {
  const db = useTestDatabase('api_microseconds');
  let t: QueryTestApp;
  const at = (fraction: string) => `2026-10-31T00:00:00${fraction}Z`;
  const order = (orderId: string, occurredAt: string, extra: Record<string, unknown> = {}): Envelope => ({
    ...orderPlaced(orderId, 'C-US', '10.00', { resources: [], ...extra }),
    occurredAt,
  });
  const charge = (chargeId: string, occurredAt: string, currency = 'CNY'): Envelope =>
    envelope(
      'OnDemandCharged',
      {
        chargeId,
        customerId: 'C-LATE',
        productType: 'obs',
        resourceId: 'bucket-1',
        usageType: 'traffic',
        quantity: '1',
        unit: 'GB',
        amount: '7.00',
        currency,
        windowStart: '2026-11-04T00:00:00Z',
        windowEnd: '2026-11-05T00:00:00Z',
      },
      occurredAt,
    );

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-US'),
      customerAssociated('C-US', 'P-US'),
      envelope(
        'DiscountGranted',
        {
          discountId: 'D-1',
          customerId: 'C-US',
          rate: '0.5',
          productTypes: [],
          validFrom: '2026-10-01T00:00:00Z',
          validTo: at(''),
        },
        '2026-10-01T00:00:00Z',
      ),
      envelope('VoucherQuotaGranted', {
        quotaId: 'Q-1',
        grantorId: 'P-US',
        partnerId: 'P-US',
        amount: '100.00',
        currency: 'CNY',
        expiresAt: at('.000500'),
      }),
      envelope(
        'VoucherIssued',
        { voucherId: 'V-1', quotaId: 'Q-1', customerId: 'C-US', amount: '5.00', expiresAt: at('.000500') },
        at('.000100'),
      ),
    ]);
  });
  afterAll(async () => t?.close());

  const post = (events: Envelope[]) =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer('admin'), payload: { events } });

  it('a discount ends at its validTo, a voucher and a quota expire at their expiresAt, each to the microsecond', async () => {
    const discounted = (orderId: string, occurredAt: string) =>
      order(orderId, occurredAt, { discountId: 'D-1', listAmount: '10.00', amount: '5.00' });
    expect((await post([discounted('O-AT-END', at(''))])).statusCode).toBe(201);
    const late = expectProblem(await post([discounted('O-1US-LATE', at('.000001'))]), 422);
    expect(late.rule).toBe('discount-applies');

    const withVoucher = (orderId: string, occurredAt: string) =>
      order(orderId, occurredAt, { voucherId: 'V-1', voucherAmount: '1.00' });
    expect((await post([withVoucher('O-V-IN-TIME', at('.000499'))])).statusCode).toBe(201);
    expect(expectProblem(await post([withVoucher('O-V-EXPIRED', at('.000500'))]), 422).rule).toBe(
      'voucher-covers-amount',
    );

    const issue = (voucherId: string, occurredAt: string) =>
      envelope(
        'VoucherIssued',
        { voucherId, quotaId: 'Q-1', customerId: 'C-US', amount: '1.00', expiresAt: '2027-01-01T00:00:00Z' },
        occurredAt,
      );
    expect((await post([issue('V-IN-TIME', at('.000499'))])).statusCode).toBe(201);
    expect(expectProblem(await post([issue('V-LATE', at('.000500'))]), 422).rule).toBe('voucher-within-quota');
  });

  it('a customer associated at .000500 has no partner at .000100, on both sides', async () => {
    await t.seed([
      partnerRegistered('P-USD', { currency: 'USD', timeZone: 'UTC' }),
      envelope(
        'CustomerAssociated',
        { customerId: 'C-LATE', customerName: 'Late', partnerId: 'P-USD', associationType: 'referral' },
        '2026-11-05T00:00:00.000500Z',
      ),
    ]);
    // No partner yet: no currency to match (SPEC §4: the event counts for no partner).
    expect((await post([charge('CH-EARLY-EUR', '2026-11-05T00:00:00.000100Z', 'EUR')])).statusCode).toBe(201);
    const last = await t.seed([
      charge('CH-EARLY', '2026-11-05T00:00:00.000200Z', 'USD'),
      charge('CH-AT', '2026-11-05T00:00:00.000500Z', 'USD'),
    ]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/partners/P-USD/consumption?period=2026-11&minPosition=${last}`,
      headers: bearer('admin'),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ consumption: '7.00' });
  });
});
