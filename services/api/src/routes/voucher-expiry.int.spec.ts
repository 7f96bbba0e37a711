import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  type Envelope,
  envelope,
  partnerRegistered,
  voucherQuotaGranted,
} from '../testing/events.js';
import { bearer, type KEYS, openTestApp, type TestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';

/**
 * Audit money F2: a voucher whose expiresAt is at or before its occurredAt could pay for nothing and
 * would only take its value from the quota: refused (422 `voucher-expires-after-issue`), nothing
 * appended, whoever sends it (admin, or the quota's holder with its own key).
 */
describe('VoucherIssued already expired when issued', () => {
  const db = useTestDatabase('api_voucher_expiry');
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(db.url);
    const response = await post([
      partnerRegistered('P-DIST', { tier: 'distributor' }),
      partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' }),
      customerAssociated('C-1', 'P-RES', 'resale'),
      voucherQuotaGranted('Q-1', 'P-DIST', 'P-RES', '100.00'),
    ]);
    expect(response.statusCode, response.body).toBe(201);
  });
  afterAll(async () => t?.close());

  const post = (events: Envelope[], role: keyof typeof KEYS = 'admin') =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(role), payload: { events } });
  const issued = (voucherId: string, expiresAt: string) =>
    envelope(
      'VoucherIssued',
      { voucherId, quotaId: 'Q-1', customerId: 'C-1', amount: '3', expiresAt },
      '2026-11-10T10:00:00+08:00',
    );
  const quotaEvents = async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/v1/streams/quota-Q-1/events',
      headers: bearer('admin'),
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as { items: Array<{ type: string }> }).items.map((e) => e.type);
  };

  it.each([
    ['before its occurredAt', '2026-11-01T00:00:00+08:00', 'admin'],
    ['at its occurredAt', '2026-11-10T10:00:00+08:00', 'admin'],
    ['at its occurredAt, written in UTC', '2026-11-10T02:00:00Z', 'admin'],
    ['before its occurredAt, sent by the holder', '2026-11-01T00:00:00+08:00', 'reseller'],
  ] as const)('expiring %s: 422, nothing appended', async (_, expiresAt, role) => {
    const problem = expectProblem(await post([issued('V-X', expiresAt)], role), 422);
    expect(problem).toMatchObject({
      rule: 'voucher-expires-after-issue',
      index: 0,
      detail: `voucher "V-X" expires at ${expiresAt}, not after its occurredAt 2026-11-10T10:00:00+08:00`,
    });
    expect(await quotaEvents()).toEqual(['VoucherQuotaGranted']);
  });

  it('a voucher expiring after its occurredAt, even by a millisecond, is issued', async () => {
    const response = await post([issued('V-OK', '2026-11-10T10:00:00.001+08:00')], 'reseller');
    expect(response.statusCode, response.body).toBe(201);
    expect(await quotaEvents()).toEqual(['VoucherQuotaGranted', 'VoucherIssued']);
  });
});
