import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, type Envelope, envelope, orderPlaced, partnerRegistered } from '../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';
import { RANGED_LISTS, rangedListEvents } from '../testing/ranged-lists.js';

/**
 * The engine keeps times to the microsecond (docs/events.md, "instant"), and its rules compare them
 * so: a discount's `validTo`, a voucher's or quota's `expiresAt`, a rate change's `effectiveFrom` and
 * an association's start all divide times that differ below the millisecond, on the command side and
 * in the read models alike; so do the time bounds of every query (`from`/`to`, `expiringBefore`/`expiringAfter`).
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

  it('a query’s time bounds divide times that differ below the millisecond, on every list', async () => {
    // Each list's row is at .999 (its subscription's term ends at .999 a year later).
    await t.seed(rangedListEvents('2026-10-31T15:59:59.999Z', '2027-10-31T15:59:59.999Z'));
    const count = async (url: string) => {
      const response = await t.app.inject({ method: 'GET', url, headers: bearer('admin') });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return (response.json() as { items: unknown[] }).items.length;
    };
    for (const { url, start, end } of RANGED_LISTS) {
      const year = start === 'from' ? '2026' : '2027';
      const s = (time: string) => `${year}-10-31T${time}Z`;
      const shown = (from: string, to: string) => count(`${url}?${start}=${s(from)}&${end}=${s(to)}`);
      if (start === 'from') {
        // from is inclusive, to exclusive: .999 is before .999001 and before .9995.
        expect(await shown('15:59:59.999001', '16:00:00'), url).toBe(0);
        expect(await shown('15:59:59', '15:59:59.9995'), url).toBe(1);
        expect(await shown('15:59:59.999', '15:59:59.999001'), url).toBe(1);
        expect(await shown('15:59:59.998999', '15:59:59.999'), url).toBe(0);
      } else {
        // Both exclusive: .999 is after .998999 and before .999001.
        expect(await shown('15:59:59.998999', '15:59:59.999001'), url).toBe(1);
        expect(await shown('15:59:59.998999', '15:59:59.999'), url).toBe(0);
        expect(await shown('15:59:59.999', '15:59:59.9995'), url).toBe(0);
      }
    }
    // A customer's subscriptions take expiringBefore alone; digits past the 6th are dropped, not rounded.
    const customer = '/v1/customers/C-TS/subscriptions?expiringBefore=2027-10-31T15:59:59.999';
    expect(await count(`${customer}0019Z`)).toBe(1);
    expect(await count(`${customer}0009Z`)).toBe(0);
    expect(await count(`${customer}Z`)).toBe(0);
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
