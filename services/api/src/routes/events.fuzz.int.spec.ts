import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '@reckon/database/vitest';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  type Envelope,
  orderPlaced,
  orderRefunded,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../testing/events';
import { bearer, openTestApp, type TestApp } from '../testing/harness';

/**
 * Random bodies at POST /v1/events: whatever arrives, the answer is never a 5xx and a refused
 * request leaves the log exactly as it was.
 */
describe('POST /v1/events under random input', () => {
  const db = useTestDatabase('api_fuzz');
  let t: TestApp;
  const base: Envelope[] = [
    partnerRegistered('P-Z'),
    customerAssociated('C-Z', 'P-Z'),
    orderPlaced('O-Z', 'C-Z', '100.00'),
    voucherQuotaGranted('Q-Z', 'P-Z', 'P-Z', '500.00'),
    voucherIssued('V-Z', 'Q-Z', 'C-Z', '50.00'),
  ];
  beforeAll(async () => {
    t = await openTestApp(db.url);
    const seeded = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer('admin'),
      payload: { events: base },
    });
    expect(seeded.statusCode, seeded.body).toBe(201);
  });
  afterAll(async () => t?.close());

  /** Posts a raw body; checks no 5xx, problem+json on errors, and an unchanged log when refused. */
  async function check(payload: string | Buffer, contentType = 'application/json'): Promise<number> {
    const before = await t.store.headPosition();
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer('admin'), 'content-type': contentType },
      payload,
    });
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode >= 400) {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await t.store.headPosition()).toBe(before);
    }
    return response.statusCode;
  }

  const money = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom('1e3', 'NaN', '-0.5', '1.123456789', '', ' 1', '١٢', '0x10', '1,5'),
    fc.constant(null),
  );
  const anyValue = fc.oneof(fc.jsonValue(), money, fc.constant(undefined));
  const fields = ['eventId', 'type', 'version', 'occurredAt', 'data', 'metadata'] as const;
  const amountFields = ['amount', 'listAmount', 'voucherAmount'];

  it('answers random JSON and random bytes with 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.json().map((text) => Buffer.from(text)),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
          fc.jsonValue().map((value) => Buffer.from(JSON.stringify({ events: [value] }))),
        ),
        async (payload) => {
          await check(payload);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers envelopes with wrong types, floats or huge numbers for money and missing fields with a 4xx', async () => {
    const mutated = fc.record({
      template: fc.constantFrom(...base),
      field: fc.constantFrom(...fields),
      dataField: fc.option(fc.constantFrom('orderId', 'customerId', ...amountFields, 'resources', 'currency')),
      value: anyValue,
      hugeNumber: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(mutated, async ({ template, field, dataField, value, hugeNumber }) => {
        const event: Record<string, unknown> = { ...template, eventId: randomUUID(), data: { ...template.data } };
        if (dataField !== null) (event.data as Record<string, unknown>)[dataField] = value;
        else if (value === undefined) delete event[field];
        else event[field] = value;
        let text = JSON.stringify(event);
        // JSON numbers beyond any double, and beyond 2^53, spliced in as raw text.
        if (hugeNumber)
          text = text.replace(/"(amount|listAmount)":"[^"]*"/, '"$1":123456789012345678901234567890.5e400');
        const status = await check(text);
        // Some mutations leave a valid event (a new order id, metadata {}): those may be appended.
        expect([201, 400, 409, 422]).toContain(status);
      }),
      { numRuns: 150 },
    );
  });

  it('refuses well-formed events that break invariants with 422 and appends nothing', async () => {
    const invalid = fc.oneof(
      fc.record({ id: fc.uuid() }).map(({ id }) => orderRefunded(`R-${id}`, `O-missing-${id}`, '1.00')),
      fc
        .integer({ min: 10_001, max: 100_000_000 })
        .map((cents) => orderRefunded(`R-${cents}`, 'O-Z', (cents / 100).toFixed(2))),
      fc.uuid().map((id) => orderPlaced(`O-${id}`, `C-missing-${id}`, '10.00')),
      fc.integer({ min: 5_001, max: 1_000_000 }).map((cents) =>
        orderPlaced(`O-${cents}-${randomUUID()}`, 'C-Z', '100000.00', {
          voucherId: 'V-Z',
          voucherAmount: (cents / 100).toFixed(2),
        }),
      ),
      fc.constant(null).map(() => orderPlaced('O-Z', 'C-Z', '1.00')),
      fc.constant(null).map(() => customerAssociated('C-Z', 'P-nobody')),
      fc.uuid().map((id) => voucherIssued(`V-${id}`, 'Q-missing', 'C-Z', '1.00')),
      fc
        .integer({ min: 50_001, max: 10_000_000 })
        .map((cents) => voucherIssued(`V-${cents}-${randomUUID()}`, 'Q-Z', 'C-Z', (cents / 100).toFixed(2))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(invalid, { minLength: 1, maxLength: 3 }), fc.boolean(), async (events, batched) => {
        const payload =
          batched || events.length > 1 ? { events: [partnerRegistered(`P-${randomUUID()}`), ...events] } : events[0];
        const status = await check(JSON.stringify(payload));
        expect(status).toBe(422);
      }),
      { numRuns: 120 },
    );
  });
});
