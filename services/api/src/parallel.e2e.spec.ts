import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  orderPlaced,
  orderRefunded,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from './testing/events.js';
import { KEYS, openTestApp, type TestApp } from './testing/harness.js';

/**
 * Many clients at once, over real HTTP, against two service instances sharing one database (each
 * with its own snapshot cache and in-process locks, like two processes): invariants that span
 * requests must hold however the appends interleave.
 */
describe('parallel commands over HTTP', () => {
  const db = useTestDatabase('api_parallel');
  const instances: TestApp[] = [];
  const bases: string[] = [];
  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      const instance = await openTestApp(db.url);
      instances.push(instance);
      bases.push(await instance.app.listen({ port: 0, host: '127.0.0.1' }));
    }
  });
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
  });

  const post = async (i: number, body: unknown) => {
    const response = await fetch(`${bases[i % bases.length]}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.finance}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('50 parallel refunds of one order never refund more than was paid', async () => {
    const setup = await post(0, {
      events: [partnerRegistered('P-R'), customerAssociated('C-R', 'P-R'), orderPlaced('O-R', 'C-R', '100.00')],
    });
    expect(setup.status, JSON.stringify(setup.body)).toBe(201);
    const refunds = Array.from({ length: 50 }, (_, i) => orderRefunded(`R-${i}`, 'O-R', '7.00'));
    const results = await Promise.all(refunds.map((refund, i) => post(i, refund)));

    const accepted = refunds.filter((_, i) => results[i]?.status === 201);
    const refused = results.filter((result) => result.status !== 201);
    const total = accepted.reduce((sum, refund) => sum.plus(refund.data.amount as string), new Decimal(0));
    expect(total.lte(100)).toBe(true);
    // Serialised, exactly 14 refunds of 7.00 fit into 100.00; the rest must be refused, not lost.
    expect(accepted).toHaveLength(14);
    for (const result of refused) {
      expect(result.status, JSON.stringify(result.body)).toBe(422);
      expect(result.body.rule).toBe('refund-within-paid');
    }
    const stored = await instances[0]!.store.readStream('order-O-R');
    expect(stored.filter((event) => event.type === 'OrderRefunded')).toHaveLength(14);
  });

  it('parallel orders spending one voucher never spend more than its value', async () => {
    const setup = await post(0, {
      events: [
        partnerRegistered('P-V'),
        customerAssociated('C-V', 'P-V'),
        voucherQuotaGranted('Q-V', 'P-V', 'P-V', '1000.00'),
        voucherIssued('V-1', 'Q-V', 'C-V', '100.00'),
      ],
    });
    expect(setup.status, JSON.stringify(setup.body)).toBe(201);
    const orders = Array.from({ length: 30 }, (_, i) =>
      orderPlaced(`O-V${i}`, 'C-V', '50.00', { voucherId: 'V-1', voucherAmount: '15.00' }),
    );
    const results = await Promise.all(orders.map((order, i) => post(i, order)));
    const accepted = orders.filter((_, i) => results[i]?.status === 201);
    const spent = accepted.reduce((sum, order) => sum.plus(order.data.voucherAmount as string), new Decimal(0));
    expect(spent.lte(100)).toBe(true);
    expect(accepted).toHaveLength(6); // 6 × 15 = 90; a seventh would need 105
    for (const result of results.filter((r) => r.status !== 201)) {
      expect(result.status, JSON.stringify(result.body)).toBe(422);
      expect(result.body.rule).toEqual(expect.stringContaining('voucher'));
    }
  });
});
