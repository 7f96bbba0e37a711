import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../application/command-handler.js';
import { keyIdOf } from '../auth/keys.js';
import {
  customerAssociated,
  envelope,
  orderPlaced,
  orderRefunded,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../testing/events.js';
import { bearer, KEYS, openTestApp, type TestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';

describe('POST /v1/events and the stream audit view', () => {
  const db = useTestDatabase('api_events');
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(db.url);
  });
  afterAll(async () => t?.close());

  const post = (payload: unknown, role: keyof typeof KEYS = 'admin') =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(role), payload: payload as object });

  it('appends one envelope with 201 and answers its idempotent repeat with 200 and the same body', async () => {
    const event = partnerRegistered('P-A');
    const first = await post(event);
    expect(first.statusCode, first.body).toBe(201);
    const body = first.json();
    expect(body).toEqual({ appended: 1, lastPosition: expect.any(Number) });
    expect(body.lastPosition).toBe(await t.store.headPosition());
    const head = await t.store.headPosition();
    const repeat = await post(event, 'finance');
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(body);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers a batch repeat with 200, appended = events of the request, lastPosition = the highest of them', async () => {
    const batch = { events: [partnerRegistered('P-B'), customerAssociated('C-B', 'P-B')] };
    const first = await post(batch);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ appended: 2, lastPosition: await t.store.headPosition() });
    await post(partnerRegistered('P-B2'));
    const repeat = await post(batch);
    expect(repeat.statusCode).toBe(200);
    expect(repeat.json()).toEqual(first.json());
  });

  it('answers concurrent copies of one request with one 201 and 200s, never a refusal', async () => {
    const batch = { events: [partnerRegistered('P-TW'), customerAssociated('C-TW', 'P-TW')] };
    const responses = await Promise.all(Array.from({ length: 6 }, () => post(batch)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses, responses.map((r) => r.body).join('\n')).toEqual([200, 200, 200, 200, 200, 201]);
    const bodies = new Set(responses.map((response) => response.body));
    expect(bodies.size).toBe(1);
  });

  it('writes a batch to the log in the order it was validated, across streams', async () => {
    // quota, voucher, quota: grouped by stream the reclaim would precede the issue in the log, and a
    // replay (projections, audit) would see another history than the one the invariants checked.
    const batch = {
      events: [
        partnerRegistered('P-ORD'),
        customerAssociated('C-ORD', 'P-ORD'),
        voucherQuotaGranted('Q-ORD', 'P-ORD', 'P-ORD', '100'),
        voucherIssued('V-ORD', 'Q-ORD', 'C-ORD', '60'),
        envelope('VoucherQuotaReclaimed', { quotaId: 'Q-ORD', amount: '40' }),
        envelope('PartnerProgramEnrolled', { partnerId: 'P-ORD', program: 'PCE' }),
      ],
    };
    const before = await t.store.headPosition();
    const response = await post(batch);
    expect(response.statusCode, response.body).toBe(201);
    const logged: string[] = [];
    for await (const page of t.store.readAll({ fromPosition: before })) logged.push(...page.map((e) => e.eventId));
    expect(logged).toEqual(batch.events.map((event) => event.eventId));
  });

  it('keeps a client request id that looks like one and replaces one that does not', async () => {
    const ok = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'client-req-42' } });
    expect(ok.headers['x-request-id']).toBe('client-req-42');
    const bad = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects the same eventId with other content with 409 naming the id, and appends nothing', async () => {
    const event = partnerRegistered('P-C');
    expect((await post(event)).statusCode).toBe(201);
    const head = await t.store.headPosition();
    const other = { ...event, data: { ...event.data, name: 'Someone else' } };
    const single = expectProblem(await post(other), 409);
    expect(single).toMatchObject({ type: 'urn:reckon:problem:event-id-conflict', eventId: event.eventId, index: 0 });
    expect(single.detail).toContain(event.eventId);
    const inBatch = expectProblem(await post({ events: [partnerRegistered('P-C2'), other] }), 409);
    expect(inBatch).toMatchObject({ eventId: event.eventId, index: 1 });
    const twiceInBatch = partnerRegistered('P-C3');
    const conflicting = { ...twiceInBatch, data: { ...twiceInBatch.data, level: 'silver' } };
    expect(expectProblem(await post({ events: [twiceInBatch, conflicting] }), 409)).toMatchObject({
      index: 1,
      detail: `event ${twiceInBatch.eventId} is listed earlier in this batch with other content`,
    });
    expect(await t.store.headPosition()).toBe(head);
    // Times are compared to the microsecond, the finest the engine keeps: 0.1 ms apart is other content.
    const timed = { ...partnerRegistered('P-C4'), occurredAt: '2026-11-20T10:00:00.0001Z' };
    expect((await post(timed)).statusCode).toBe(201);
    const timedHead = await t.store.headPosition();
    expectProblem(await post({ ...timed, occurredAt: '2026-11-20T10:00:00.0009Z' }), 409);
    expect((await post({ ...timed, occurredAt: '2026-11-20T18:00:00.000100+08:00' })).statusCode).toBe(200);
    expect(await t.store.headPosition()).toBe(timedHead);
  });

  it('refuses a batch with a field besides "events" with 400, as it refuses an envelope’s unknown field', async () => {
    const head = await t.store.headPosition();
    const refused = expectProblem(await post({ events: [partnerRegistered('P-X1')], foo: 1 }), 400);
    expect(refused.detail).toBe('a batch is {"events": [...]} alone; unknown field "foo"');
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses a batch of more than 10,000 events with 413, however few its bytes', async () => {
    const head = await t.store.headPosition();
    const refused = expectProblem(await post({ events: Array.from({ length: 10_001 }, () => ({})) }), 413);
    expect(refused).toMatchObject({ type: 'urn:reckon:problem:payload-too-large' });
    expect(refused.detail).toBe('at most 10000 events per request, got 10001');
    expect(await t.store.headPosition()).toBe(head);
  });

  it('takes a batch of 10,000 orders under the default body limit', async () => {
    const head = await t.store.headPosition();
    const orders = Array.from({ length: 9_998 }, (_, i) => orderPlaced(`O-MAX-${i}`, 'C-MAX', '1.00'));
    const events = [partnerRegistered('P-MAX'), customerAssociated('C-MAX', 'P-MAX'), ...orders];
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(3 * 1024 * 1024);
    const response = await post({ events });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(201);
    expect(response.json()).toEqual({ appended: 10_000, lastPosition: head + 10_000 });
  });

  it('appends the new events of a mixed batch and counts the repeats apart', async () => {
    const known = partnerRegistered('P-D');
    expect((await post(known)).statusCode).toBe(201);
    const response = await post({ events: [known, customerAssociated('C-D', 'P-D')] });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ appended: 1, duplicates: 1, lastPosition: await t.store.headPosition() });
  });

  it('answers the repeat of a batch that lists an event twice with the body of the original', async () => {
    const twice = partnerRegistered('P-TWICE');
    const batch = { events: [twice, customerAssociated('C-TWICE', 'P-TWICE'), twice] };
    const first = await post(batch);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toEqual({ appended: 2, duplicates: 1, lastPosition: await t.store.headPosition() });
    const head = await t.store.headPosition();
    const repeat = await post(batch);
    expect(repeat.statusCode, repeat.body).toBe(200);
    expect(repeat.json()).toEqual(first.json());
    expect(await t.store.headPosition()).toBe(head);
  });

  it('takes an eventId in capital letters as the same UUID in lower case (SPEC §1: a repeat is a success)', async () => {
    const partner = partnerRegistered('P-UUID');
    const upper = { ...partner, eventId: partner.eventId.toUpperCase() };
    const first = await post(upper);
    expect(first.statusCode, first.body).toBe(201);
    for (const repeat of [upper, partner]) {
      const again = await post(repeat);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual(first.json());
    }
    // One batch naming an event in both spellings holds it once.
    const customer = customerAssociated('C-UUID', 'P-UUID');
    const both = await post({ events: [customer, { ...customer, eventId: customer.eventId.toUpperCase() }] });
    expect(both.statusCode, both.body).toBe(201);
    expect(both.json()).toEqual({ appended: 1, duplicates: 1, lastPosition: await t.store.headPosition() });
  });

  it('validates each event of a batch against the state the earlier ones leave', async () => {
    const response = await post({
      events: [partnerRegistered('P-E'), customerAssociated('C-E', 'P-E'), orderPlaced('O-E', 'C-E', '100.00')],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().appended).toBe(3);
  });

  it('appends a batch all or nothing: a refused event at index 2 leaves the log as it was', async () => {
    const head = await t.store.headPosition();
    const batch = [
      partnerRegistered('P-F'),
      customerAssociated('C-F', 'P-F'),
      orderRefunded('R-F', 'O-nowhere', '10.00'),
      orderPlaced('O-F', 'C-F', '10.00'),
    ];
    const body = expectProblem(await post({ events: batch }), 422);
    expect(body).toMatchObject({ type: 'urn:reckon:problem:invariant-violated', index: 2, rule: expect.any(String) });
    expect(await t.store.headPosition()).toBe(head);
    expect(await t.store.streamVersion('partner-P-F')).toBe(0);
    // The same batch without the bad event goes in whole.
    const fixed = await post({ events: [batch[0], batch[1], batch[3]] });
    expect(fixed.statusCode, fixed.body).toBe(201);
  });

  it('reports the index of the refused event in the request, repeats counted', async () => {
    const known = partnerRegistered('P-J');
    expect((await post(known)).statusCode).toBe(201);
    const body = expectProblem(await post({ events: [known, known, orderRefunded('R-J', 'O-none', '1')] }), 422);
    expect(body).toMatchObject({ index: 2, rule: expect.any(String) });
  });

  it('answers 409 concurrent-modification when another writer keeps winning past the last attempt', async () => {
    await post({
      events: [partnerRegistered('P-L'), customerAssociated('C-L', 'P-L'), orderPlaced('O-L', 'C-L', '10')],
    });
    // A second service instance that gives up after one attempt, with the order cached at its current version.
    const impatient = await openTestApp(db.url, {
      commands: new CommandHandler(t.store, { maxAttempts: 1 }),
    });
    try {
      const inject = (payload: object) =>
        impatient.app.inject({ method: 'POST', url: '/v1/events', headers: bearer('admin'), payload });
      expect((await inject(orderRefunded('R-L1', 'O-L', '1'))).statusCode).toBe(201);
      expect((await post(orderRefunded('R-L2', 'O-L', '1'))).statusCode).toBe(201);
      const head = await t.store.headPosition();
      const body = expectProblem(await inject(orderRefunded('R-L3', 'O-L', '1')), 409);
      expect(body.type).toBe('urn:reckon:problem:concurrent-modification');
      expect(await t.store.headPosition()).toBe(head);
      // The stream was marked stale: the next try reads what it missed and succeeds.
      expect((await inject(orderRefunded('R-L3', 'O-L', '1'))).statusCode).toBe(201);
    } finally {
      await impatient.close();
    }
  });

  it('refuses a currency ISO 4217 does not assign with 400 naming the field, and appends nothing', async () => {
    const head = await t.store.headPosition();
    for (const currency of ['RMB', 'ABC']) {
      const partner = partnerRegistered(`P-CUR-${currency}`);
      const body = expectProblem(await post({ ...partner, data: { ...partner.data, currency } }), 400);
      expect(body).toMatchObject({ type: 'urn:reckon:problem:invalid-event', index: 0 });
      expect(body.errors).toEqual([expect.objectContaining({ index: 0, path: '/data/currency' })]);
    }
    expect(await t.store.headPosition()).toBe(head);
    const euro = partnerRegistered('P-CUR-EUR');
    expect((await post({ ...euro, data: { ...euro.data, currency: 'EUR' } })).statusCode).toBe(201);
  });

  it('refuses a refund beyond what was paid with 422 refund-within-paid', async () => {
    await post({
      events: [partnerRegistered('P-G'), customerAssociated('C-G', 'P-G'), orderPlaced('O-G', 'C-G', '50')],
    });
    expect((await post(orderRefunded('R-G1', 'O-G', '30'))).statusCode).toBe(201);
    const body = expectProblem(await post(orderRefunded('R-G2', 'O-G', '20.01')), 422);
    expect(body).toMatchObject({ rule: 'refund-within-paid', index: 0 });
    expect((await post(orderRefunded('R-G3', 'O-G', '20.00'))).statusCode).toBe(201);
  });

  it('shows the raw log of a stream with positions, times, and the actor and ids of each append', async () => {
    const event = { ...partnerRegistered('P-H'), metadata: { correlationId: 'corr-1', causationId: 'cause-1' } };
    const appended = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer('finance'), 'x-request-id': 'req-audit-1' },
      payload: event,
    });
    expect(appended.statusCode).toBe(201);
    await post(customerAssociated('C-H1', 'P-H'));
    const response = await t.app.inject({ url: '/v1/streams/partner-P-H/events', headers: bearer('admin') });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).not.toContain(KEYS.finance);
    const page = response.json();
    expect(page).toMatchObject({ streamId: 'partner-P-H', nextCursor: null });
    const first = page.items[0];
    expect(first).toMatchObject({
      eventId: event.eventId,
      type: 'PartnerRegistered',
      version: 1,
      streamId: 'partner-P-H',
      streamPosition: 1,
      globalPosition: appended.json().lastPosition,
      occurredAt: event.occurredAt,
      recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      data: event.data,
      metadata: {
        actor: { kind: 'api-key', keyId: keyIdOf(KEYS.finance), role: 'finance' },
        requestId: 'req-audit-1',
        correlationId: 'corr-1',
        causationId: 'cause-1',
      },
    });
  });

  it('renders the times of the audit view in UTC or the partner’s zone on ?tz=, like every query', async () => {
    const setup = await post({
      events: [
        partnerRegistered('P-TZ', { timeZone: 'America/New_York' }),
        customerAssociated('C-TZ', 'P-TZ'),
        orderPlaced('O-TZ', 'C-TZ', '100'),
        orderRefunded('R-TZ', 'O-TZ', '1'),
      ],
    });
    expect(setup.statusCode, setup.body).toBe(201);
    const times = async (stream: string, tz?: string) => {
      const query = tz ? `?tz=${tz}` : '';
      const response = await t.app.inject({ url: `/v1/streams/${stream}/events${query}`, headers: bearer('admin') });
      expect(response.statusCode, response.body).toBe(200);
      const [first] = response.json().items;
      return { occurredAt: first.occurredAt, recordedAt: first.recordedAt };
    };
    // 2026-10-05T10:00:00+08:00 is 02:00 UTC and 22:00 the day before in New York (EDT, -04:00).
    expect((await times('order-O-TZ')).occurredAt).toBe('2026-10-05T10:00:00+08:00'); // as sent
    expect((await times('order-O-TZ', 'UTC')).occurredAt).toBe('2026-10-05T02:00:00.000Z');
    for (const stream of ['partner-P-TZ', 'customer-C-TZ', 'order-O-TZ', 'refund-R-TZ']) {
      const local = await times(stream, 'partner');
      expect(local.occurredAt, stream).toBe('2026-10-04T22:00:00.000-04:00');
      expect(local.recordedAt, stream).toMatch(/-0[45]:00$/);
    }
    // A stream that belongs to no partner stays in UTC.
    await post(envelope('BillingPeriodClosed', { period: '2025-12' })); // the next test closes 2026-01
    expect((await times('period-2025-12', 'partner')).occurredAt).toBe('2026-10-05T02:00:00.000Z');
    expectProblem(
      await t.app.inject({ url: '/v1/streams/order-O-TZ/events?tz=Europe/Paris', headers: bearer('admin') }),
      400,
    );
  });

  it('pages the audit view with limit and cursor, answers CSV on request and 404 for an unknown stream', async () => {
    const setup = await post({
      events: [
        partnerRegistered('P-I'),
        customerAssociated('C-I', 'P-I'),
        orderPlaced('O-I', 'C-I', '100'),
        ...['1', '2', '3', '4'].map((n) => orderRefunded(`R-I${n}`, 'O-I', '1')),
      ],
    });
    expect(setup.statusCode, setup.body).toBe(201);
    const stream = 'order-O-I';
    const version = await t.store.streamVersion(stream);
    expect(version).toBe(5);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const response = await t.app.inject({
        url: `/v1/streams/${stream}/events?limit=2${query}`,
        headers: bearer('admin'),
      });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      for (const item of page.items) seen.push(item.streamPosition);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(Array.from({ length: version }, (_, i) => i + 1));
    const refund = (await t.app.inject({ url: '/v1/streams/refund-R-I1/events', headers: bearer('admin') })).json();
    expect(refund.items).toEqual([
      expect.objectContaining({
        type: 'OrderRefunded',
        streamId: 'refund-R-I1',
        streamPosition: 1,
        linkedFrom: { streamId: stream, streamPosition: 2 },
      }),
    ]);

    const csv = await t.app.inject({
      url: `/v1/streams/${stream}/events`,
      headers: { ...bearer('admin'), accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.body.trim().split('\r\n');
    expect(rows[0]).toBe(
      'streamPosition,globalPosition,eventId,type,version,streamId,occurredAt,recordedAt,data,metadata,' +
        'linkedFrom.streamId,linkedFrom.streamPosition',
    );
    expect(rows).toHaveLength(version + 1);

    expectProblem(await t.app.inject({ url: '/v1/streams/partner-nobody/events', headers: bearer('admin') }), 404);
    // A period close is found under its period as well as in the one stream that orders the closes.
    const closing = await post({ ...envelope('BillingPeriodClosed', { period: '2026-01' }) });
    expect(closing.statusCode, closing.body).toBe(201);
    const period = (await t.app.inject({ url: '/v1/streams/period-2026-01/events', headers: bearer('admin') })).json();
    expect(period.items).toEqual([
      expect.objectContaining({
        type: 'BillingPeriodClosed',
        streamId: 'period-2026-01',
        streamPosition: 1,
        data: { period: '2026-01' },
        linkedFrom: { streamId: 'periods', streamPosition: expect.any(Number) },
      }),
    ]);
    const head = await t.store.headPosition();
    const waited = await t.app.inject({
      url: `/v1/streams/${stream}/events?minPosition=${head}`,
      headers: bearer('admin'),
    });
    expect(waited.statusCode).toBe(200);
  });
});
