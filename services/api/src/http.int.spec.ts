import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvColumns } from './routes/csv.js';
import { StoredEvent } from './routes/schemas.js';
import { orderPlaced, partnerRegistered } from './testing/events.js';
import { bearer, openTestApp, type TestApp } from './testing/harness.js';
import { expectProblem } from './testing/problems.js';

describe('HTTP surface: auth, problem+json, limits, probes, docs', () => {
  const db = useTestDatabase('api_http');
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(db.url);
  });
  afterAll(async () => t?.close());

  const post = (payload: unknown, headers: Record<string, string> = bearer('admin')) =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers, payload: payload as string });

  it('answers the probes and the documentation without a key', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    const docs = await t.app.inject('/docs/json');
    expect(docs.statusCode).toBe(200);
    const spec = docs.json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/events', '/v1/streams/{streamId}/events', '/healthz', '/readyz']),
    );
    expect(spec.components.schemas.Problem).toBeDefined();
    expect(JSON.stringify(spec.paths['/v1/events'].post.requestBody)).toContain('EventEnvelope');
    expect(spec.components.schemas.EventEnvelope.oneOf).toContainEqual({
      $ref: '#/components/schemas/OrderRefundedEvent',
    });
    expect(spec.components.schemas.OrderRefundedEvent.properties.data.required).toContain('refundId');
    // What the route schemas cannot say and the server does: CSV, its headers, and those of 401, 429 and 503.
    const stream = spec.paths['/v1/streams/{streamId}/events'].get.responses;
    expect(Object.keys(stream['200'].content)).toEqual(['application/json', 'text/csv']);
    // Its example has the columns the route writes (a shared item schema, resolved).
    expect(stream['200'].content['text/csv'].example.split('\r\n')[0]).toBe(csvColumns(StoredEvent).join(','));
    expect(Object.keys(stream['200'].headers)).toEqual(['X-Next-Cursor']);
    expect(Object.keys(stream['401'].headers)).toEqual(['WWW-Authenticate']);
    expect(Object.keys(stream['429'].headers)).toEqual(['Retry-After']);
    expect(spec.paths['/v1/events'].post.responses['201'].content['text/csv']).toBeUndefined();
    const ui = await t.app.inject('/docs');
    expect(ui.statusCode).toBeLessThan(400);
  });

  it('refuses a missing or unknown key with 401 and a role without the right with 403', async () => {
    const event = partnerRegistered('P-1');
    const missing = expectProblem(await post(event, {}), 401);
    expect(missing.type).toBe('urn:reckon:problem:unauthorized');
    expectProblem(await post(event, { authorization: 'Bearer not-a-key-at-all' }), 401);
    expectProblem(await post(event, { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }), 401);
    const unauthorised = await post(event, {});
    expect(unauthorised.headers['www-authenticate']).toMatch(/^Bearer/);
    expectProblem(await post(event, bearer('partner')), 403);
    expectProblem(await t.app.inject({ url: '/v1/streams/partner-P-1/events', headers: bearer('partner') }), 403);
    expectProblem(await t.app.inject({ url: '/v1/streams/partner-P-1/events' }), 401);
    expect(await t.store.headPosition()).toBe(0);
    expect((await post(event, bearer('finance'))).statusCode).toBe(201);
  });

  it('answers malformed requests with 400 problem+json', async () => {
    const head = await t.store.headPosition();
    const json = { ...bearer('admin'), 'content-type': 'application/json' };
    expectProblem(await post('{"eventId": ', json), 400);
    expectProblem(await post('', json), 400);
    expectProblem(await post('[]', json), 400);
    expectProblem(await post('"text"', json), 400);
    expectProblem(await post('{"events": []}', json), 400);
    expectProblem(await post('{"events": {}}', json), 400);
    expectProblem(await post('{"__proto__": {"x": 1}}', json), 400);
    const text = await post(JSON.stringify(partnerRegistered('P-2')), {
      ...bearer('admin'),
      'content-type': 'text/plain',
    });
    expectProblem(text, 400);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('says what is wrong with a JSON event sent as text/plain, without a type, or compressed', async () => {
    const head = await t.store.headPosition();
    const event = JSON.stringify(partnerRegistered('P-3'));
    // The body is a JSON object: the detail names the content type, not the body's shape.
    for (const [type, said] of [
      ['text/plain', 'the Content-Type is "text/plain", not application/json'],
      ['text/plain; charset=utf-8', 'the Content-Type is "text/plain; charset=utf-8", not application/json'],
      ['application/xml', 'the Content-Type is "application/xml", not application/json'],
    ] as const) {
      const problem = expectProblem(await post(event, { ...bearer('admin'), 'content-type': type }), 400);
      expect(problem.detail).toBe(`the body must be JSON, sent with Content-Type: application/json (${said})`);
    }
    const untyped = await t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer('admin'), body: event });
    expect(expectProblem(untyped, 400).detail).toContain('no Content-Type was sent');
    // A gzip body is not malformed JSON: its encoding is one the service does not decode.
    const gzipped = await post(gzipSync(event), {
      ...bearer('admin'),
      'content-type': 'application/json',
      'content-encoding': 'gzip',
    });
    expect(expectProblem(gzipped, 400).detail).toBe(
      'the Content-Encoding "gzip" is not supported: send the JSON body uncompressed (no Content-Encoding, or identity)',
    );
    expect(await t.store.headPosition()).toBe(head);
    // identity is no encoding at all.
    const plain = await post(event, {
      ...bearer('admin'),
      'content-type': 'application/json',
      'content-encoding': 'identity',
    });
    expect(plain.statusCode, plain.body).toBe(201);
  });

  it('lists every invalid field with the index of its event and its JSON path', async () => {
    const head = await t.store.headPosition();
    const good = partnerRegistered('P-3');
    const floatMoney = orderPlaced('O-1', 'C-1', '10');
    floatMoney.data.amount = 10.5;
    const unknown = { ...partnerRegistered('P-4'), type: 'PartnerExploded' };
    const body = expectProblem(await post({ events: [good, floatMoney, unknown] }), 400);
    expect(body.type).toBe('urn:reckon:problem:invalid-event');
    expect(body.index).toBe(1);
    expect(body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: '/data/amount' }),
        expect.objectContaining({ index: 2, path: '/type' }),
      ]),
    );
    expect((body.errors as unknown[]).some((e) => (e as { index: number }).index === 0)).toBe(false);
    const single = expectProblem(await post({ ...good, occurredAt: '2026-10-05 10:00' }), 400);
    expect(single).toMatchObject({ index: 0, errors: [{ index: 0, path: '/occurredAt' }] });
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers a body over the limit (8 MiB by default) with 413 problem+json', async () => {
    const head = await t.store.headPosition();
    const huge = { events: [{ ...partnerRegistered('P-5'), data: { name: 'x'.repeat(8 * 1024 * 1024) } }] };
    const response = await post(JSON.stringify(huge), { ...bearer('admin'), 'content-type': 'application/json' });
    expectProblem(response, 413);
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers 413 to a client still sending a body many times the limit, over a real socket', async () => {
    // inject() cannot show it, nor a client in this process: answering before the body is read and
    // closing the socket made a client still writing a few MiB see EPIPE/ECONNRESET, not the 413.
    const head = await t.store.headPosition();
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const send = async (headers: Record<string, string>) => JSON.parse(await postFromChildProcess(address, headers));
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await send({ ...bearer('admin'), 'content-type': 'application/json' });
        expect(answer).toMatchObject({
          status: 413,
          contentType: expect.stringMatching(/^application\/problem\+json/),
        });
        expect(answer.body).toMatchObject({ type: 'urn:reckon:problem:payload-too-large', status: 413 });
      }
      // The key is still checked first: no key, 401.
      expect(await send({ 'content-type': 'application/json' })).toMatchObject({ status: 401 });
    } finally {
      await t.app.server.close();
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const body = expectProblem(await t.app.inject({ url: '/v1/nothing-here', headers: bearer('admin') }), 404);
    expect(body.type).toBe('urn:reckon:problem:not-found');
  });

  it('validates query parameters into 400 problems', async () => {
    const response = await t.app.inject({ url: '/v1/streams/partner-P-1/events?limit=5000', headers: bearer('admin') });
    expectProblem(response, 400);
    const cursor = await t.app.inject({ url: '/v1/streams/partner-P-1/events?cursor=zzz', headers: bearer('admin') });
    expectProblem(cursor, 400);
  });

  it('reports 503 on /readyz when the database cannot be reached', async () => {
    const broken = await openTestApp(db.url);
    await broken.store.close();
    try {
      const answer = await broken.app.inject('/readyz');
      const body = expectProblem(answer, 503);
      expect(body.type).toBe('urn:reckon:problem:not-ready');
      expect(answer.headers['retry-after']).toBe('1');
      expect((await broken.app.inject('/healthz')).statusCode).toBe(200);
    } finally {
      await broken.app.close();
    }
  });

  it('reports 503 on /healthz once its embedded database is given up, so that liveness restarts it', async () => {
    let fatal: string | undefined;
    const doomed = await openTestApp(db.url, { fatal: () => fatal });
    try {
      expect((await doomed.app.inject('/healthz')).statusCode).toBe(200);
      fatal = 'embedded PostgreSQL given up, not started again: its cluster is gone';
      const answer = await doomed.app.inject('/healthz');
      const body = expectProblem(answer, 503);
      expect(body.type).toBe('urn:reckon:problem:database-unavailable');
      expect(body.detail).toBe(fatal);
      expect(answer.headers['retry-after']).toBe('1');
    } finally {
      await doomed.close();
    }
  });

  it('reports 503 on /readyz within 2 s when the database hangs instead of refusing', async () => {
    const hanging = await openTestApp(db.url, { readiness: () => new Promise(() => {}) });
    try {
      const started = Date.now();
      const body = expectProblem(await hanging.app.inject('/readyz'), 503);
      expect(body.detail).toBe('database not answering: no answer within 2 s');
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await hanging.close();
    }
  });
});

/** POSTs 16 MiB with fetch from another process; its answer as JSON `{status, contentType, body}` or `{error}`. */
function postFromChildProcess(address: string, headers: Record<string, string>): Promise<string> {
  const script = `
    const body = Buffer.alloc(16 * 1024 * 1024, 'x');
    fetch(process.argv[1], { method: 'POST', headers: JSON.parse(process.argv[2]), body })
      .then(async (r) => console.log(JSON.stringify({ status: r.status, contentType: r.headers.get('content-type'), body: await r.json() })))
      .catch((e) => console.log(JSON.stringify({ error: String(e.cause?.code ?? e.message) })));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script, `${address}/v1/events`, JSON.stringify(headers)], (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}
