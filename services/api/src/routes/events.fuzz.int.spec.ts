import { randomUUID } from 'node:crypto';
import { useTestDatabase } from '@reckon/database/vitest';
import { EXAMPLES, parseEvent } from '@reckon/domain';
import type { PostgresEventStore } from '@reckon/event-store-postgres';
import { waitForPosition } from '@reckon/projections';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  type Envelope,
  orderPlaced,
  orderRefunded,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';

/**
 * Hostile and random requests: whatever arrives, the answer is never a 5xx; an invalid body is a
 * 4xx (400 when it breaks the envelope's shape or a SPEC §1 bound, 422 an invariant) and leaves the
 * log as it was; a valid one is a 2xx. Every route's path ids and query parameters get the same
 * treatment, from the OpenAPI document so that a new route is covered without touching this file.
 */
describe('the HTTP surface under hostile and random input', () => {
  const db = useTestDatabase('api_fuzz');
  let t: QueryTestApp;
  let store: PostgresEventStore;
  let app: FastifyInstance;
  const base: Envelope[] = [
    partnerRegistered('P-Z'),
    customerAssociated('C-Z', 'P-Z'),
    orderPlaced('O-Z', 'C-Z', '100.00'),
    voucherQuotaGranted('Q-Z', 'P-Z', 'P-Z', '500.00'),
    voucherIssued('V-Z', 'Q-Z', 'C-Z', '50.00'),
  ];
  /** Every response of the run, so that the last test can say there was no 5xx at all. */
  const statuses: number[] = [];

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    ({ store, app } = t);
    await t.seed(base);
  });
  afterAll(async () => t?.close());

  function recorded(response: LightMyRequestResponse): LightMyRequestResponse {
    statuses.push(response.statusCode);
    expect(response.statusCode, response.body).toBeLessThan(500);
    if (response.statusCode >= 400) expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    return response;
  }

  /** Posts a raw body; checks no 5xx, problem+json on errors, and an unchanged log when refused. */
  async function post(payload: string | Buffer, contentType = 'application/json'): Promise<LightMyRequestResponse> {
    const before = await store.headPosition();
    const response = recorded(
      await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { ...bearer('admin'), 'content-type': contentType },
        payload,
      }),
    );
    if (response.statusCode >= 400) expect(await store.headPosition()).toBe(before);
    return response;
  }

  /** Posts a body that must be refused with 400, naming `path` when given. */
  async function refused(payload: string | Buffer, path?: string): Promise<void> {
    const response = await post(payload);
    expect(response.statusCode, response.body).toBe(400);
    if (path !== undefined) {
      const errors = (response.json().errors ?? []) as { path: string }[];
      expect(
        errors.map((e) => e.path),
        response.body,
      ).toContain(path);
    }
  }

  const fresh = <T extends { eventId: string }>(event: T): T => ({ ...structuredClone(event), eventId: randomUUID() });

  describe('POST /v1/events', () => {
    const money = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom('1e3', 'NaN', '-0.5', '1.123456789', '', ' 1', '١٢', '0x10', '1,5', '1'.repeat(16), '1e400'),
      fc.constant(null),
    );
    const anyValue = fc.oneof(fc.jsonValue(), money, fc.constant(undefined));
    const fields = ['eventId', 'type', 'version', 'occurredAt', 'data', 'metadata'] as const;
    const amountFields = ['amount', 'listAmount', 'voucherAmount'];

    it('answers random JSON and random bytes with 400', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.json().map((text) => Buffer.from(text)),
            fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
            fc.jsonValue().map((value) => Buffer.from(JSON.stringify({ events: [value] }))),
          ),
          async (payload) => {
            expect((await post(payload)).statusCode).toBe(400);
          },
        ),
        { numRuns: 150 },
      );
    });

    it('answers a mutated envelope with 400 exactly when the domain parser refuses it, else 201 or 422', async () => {
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
            // (A whole JSON string: a value may hold an escaped quote.)
            text = text.replace(/"(amount|listAmount)":"(?:[^"\\]|\\.)*"/, '"$1":123456789012345678901234567890.5e400');
          const valid = parseEvent(JSON.parse(text)).ok;
          const { statusCode } = await post(text);
          if (valid) expect([201, 422]).toContain(statusCode);
          else expect(statusCode).toBe(400);
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
          expect((await post(JSON.stringify(payload))).statusCode).toBe(422);
        }),
        { numRuns: 120 },
      );
    });

    /** Valid values up to the bounds: 15 integer digits, 1970–9998, ±14:00, 128-character ids, 1,024-character text. */
    const idChar = fc.constantFrom(...'abcXYZ019-_.:中文', '😀');
    const id = fc.array(idChar, { minLength: 1, maxLength: 60 }).map((chars) => chars.join(''));
    const amount = fc
      .tuple(fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }), fc.option(fc.stringMatching(/^\d{1,8}$/)))
      .map(([int, fraction]) => (fraction === null ? `${int}` : `${int}.${fraction}`));
    const instant = fc
      .record({
        year: fc.integer({ min: 1970, max: 9998 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minutes: fc.integer({ min: 0, max: 59 }),
        offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
      })
      .map(({ year, month, day, hour, minutes, offset }) => {
        const pad = (n: number, w = 2) => String(n).padStart(w, '0');
        const o = Math.abs(offset);
        const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(o / 60))}:${pad(o % 60)}`;
        return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minutes)}:00${zone}`;
      });
    const text = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }).filter((s) => !s.includes('\u0000'));

    it('accepts generated valid batches up to the bounds with 201', async () => {
      await fc.assert(
        fc.asyncProperty(
          id,
          id,
          text,
          amount,
          instant,
          instant,
          async (partnerKey, customerKey, name, price, at, termEnd) => {
            const partnerId = `P${partnerKey}-${randomUUID()}`.slice(0, 128);
            const customerId = `C${customerKey}-${randomUUID()}`.slice(0, 128);
            const events = [
              { ...partnerRegistered(partnerId, { name }), occurredAt: at },
              { ...customerAssociated(customerId, partnerId), occurredAt: at },
              { ...orderPlaced(`O-${randomUUID()}`, customerId, price, { termEnd }), occurredAt: at },
            ];
            const response = await post(JSON.stringify({ events }));
            expect(response.statusCode, response.body).toBe(201);
          },
        ),
        { numRuns: 60 },
      );
    });

    it('refuses a NUL or an unpaired surrogate in every string of every event type with 400 naming it', async () => {
      let checked = 0;
      for (const example of EXAMPLES) {
        const leaves: string[] = [];
        const walk = (value: unknown, path: string) => {
          if (typeof value === 'string') leaves.push(path);
          else if (value && typeof value === 'object')
            for (const [k, v] of Object.entries(value)) walk(v, `${path}/${k}`);
        };
        walk(example, '');
        for (const path of leaves) {
          for (const bad of ['\u0000', '\ud800', '\udfff']) {
            const event = fresh(example) as unknown as Record<string, unknown>;
            const keys = path.split('/').slice(1);
            let node = event;
            for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
            node[keys.at(-1) as string] = `x${bad}y`;
            await refused(JSON.stringify(event), path);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(300);
    });

    it('refuses 10^22 amounts, years 0000 and 10000, +16:00 offsets, 900 kB ids and 8 KiB+ metadata with 400', async () => {
      const order = () => fresh(orderPlaced(`O-${randomUUID()}`, 'C-Z', '10.00'));
      for (const field of ['amount', 'listAmount', 'voucherAmount']) {
        const event = order();
        event.data[field] = '10000000000000000000000';
        await refused(JSON.stringify(event), `/data/${field}`);
      }
      for (const value of ['0000-01-01T00:00:00Z', '10000-01-01T00:00:00Z', '2026-10-05T10:00:00+16:00']) {
        await refused(JSON.stringify({ ...order(), occurredAt: value }), '/occurredAt');
        const event = order();
        event.data.termEnd = value;
        await refused(JSON.stringify(event), '/data/termEnd');
      }
      await refused(
        JSON.stringify({ ...order(), metadata: { causationId: 'c'.repeat(900_000) } }),
        '/metadata/causationId',
      );
      await refused(
        JSON.stringify({ ...order(), metadata: { a: ['x'.repeat(1000)].concat(Array(8).fill('y'.repeat(1000))) } }),
        '/metadata',
      );
      const long = order();
      long.data.orderId = 'o'.repeat(129);
      await refused(JSON.stringify(long), '/data/orderId');
    });

    it('refuses deep nesting, repeated keys and invalid UTF-8 anywhere in a body with 400', async () => {
      const event = JSON.stringify(fresh(orderPlaced(`O-${randomUUID()}`, 'C-Z', '10.00')));
      for (const depth of [32, 33, 3500, 100_000]) {
        const spec = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
        await refused(event.replace(/"resourceId":"([^"]+)"/, `"resourceId":"$1","spec":${spec}`));
        await refused(`{"events":[${event.replace('"occurredAt"', `"metadata":${spec},"occurredAt"`)}]}`);
      }
      // A key repeated at every level a body has.
      await refused(`{"events":[${event}],"events":[${event}]}`, '/events');
      await refused(event.replace('"type"', '"type":"OrderPlaced","type"'), '/type');
      await refused(event.replace('"currency"', '"currency":"USD","currency"'), '/data/currency');
      await refused(
        event.replace(/"resourceId":"([^"]+)"/, '"resourceId":"$1","resourceId":"$1"'),
        '/data/resources/0/resourceId',
      );
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: event.length }),
          fc.constantFrom(
            [0xff],
            [0xfe],
            [0xc0, 0xaf],
            [0xe0, 0x80, 0x80],
            [0xed, 0xa0, 0x80],
            [0xf5, 0x80, 0x80, 0x80],
            [0x80],
            [0xe4, 0xb8],
          ),
          async (at, bad) => {
            const bytes = Buffer.from(event);
            await refused(Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]));
          },
        ),
        { numRuns: 80 },
      );
    });
  });

  describe('path ids and query parameters of every route', () => {
    interface Parameter {
      name: string;
      in: 'path' | 'query';
      schema: { type?: string; enum?: string[]; pattern?: string };
    }
    interface Route {
      method: 'GET' | 'POST';
      path: string;
      parameters: Parameter[];
    }

    /** A value each parameter accepts, so that a hostile value in one of them is what is tested. */
    const valid: Record<string, string> = {
      id: 'P-Z',
      streamId: 'partner-P-Z',
      period: '2026-10',
      revision: '1',
      limit: '10',
      minPosition: '0',
      tz: 'UTC',
      year: '2026',
    };
    beforeAll(async () => {
      // Commands that act on the log (rebuild, publish) wait for the projections: let them catch up first.
      expect(await waitForPosition(t.read.queries.pool, await store.headPosition(), 30_000)).toBe(true);
    });

    const validFor = (route: Route, p: Parameter): string => {
      if (p.name === 'id' && route.path.startsWith('/v1/customers')) return 'C-Z';
      if (p.name === 'id' && route.path.startsWith('/v1/voucher-quotas')) return 'Q-Z';
      return valid[p.name] ?? p.schema.enum?.[0] ?? 'x';
    };

    async function routes(): Promise<Route[]> {
      const doc = (await app.inject('/docs/json')).json() as {
        paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
      };
      const found: Route[] = [];
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          if (path === '/v1/events') continue; // its body is fuzzed above; it has no parameters
          found.push({ method: method.toUpperCase() as Route['method'], path, parameters: operation.parameters ?? [] });
        }
      }
      return found;
    }

    function request(route: Route, values: Record<string, string>) {
      let url = route.path;
      const query: string[] = [];
      for (const p of route.parameters) {
        const value = values[p.name];
        if (value === undefined) continue;
        if (p.in === 'path') url = url.replace(`{${p.name}}`, value);
        else query.push(`${p.name}=${value}`);
      }
      url = url.replace(/\{(\w+)\}/g, (_, name: string) => valid[name] ?? 'x');
      return app.inject({
        method: route.method,
        url: query.length > 0 ? `${url}?${query.join('&')}` : url,
        headers: bearer('admin'),
        ...(route.method === 'POST' ? { payload: { rulesVersion: 'v1' } } : {}),
      });
    }

    const base64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    /** Percent-encoded hostile values, and whether each must be exactly 400 whatever the parameter. */
    const HOSTILE: [string, boolean][] = [
      ['%00', true],
      ['a%00b', true],
      ['P-Z%00', true],
      ['%ED%A0%80', false],
      ['%C0%80', false],
      ['%FF', false],
      ['%', false],
      ['%E4%B8%AD%F0%9F%98%80', false],
      ['%20', false],
      ['..', false],
      ['%2F..%2F', false],
      ['%27%3B%20DROP%20TABLE%20x%3B--', false],
      ['%3Cscript%3E', false],
      ['null', false],
      ['x'.repeat(300), false],
      ['%E4%B8%AD'.repeat(200), false],
      [base64({ t: 8.64e15 + 1, r: 'x' }), false],
      [base64({ t: -1e300, r: 'x' }), false],
      [base64({ p: '9999-99', n: 1e300 }), false],
      [base64({ from: -1 }), false],
      [Buffer.from('p:99999999999999999999').toString('base64url'), false],
    ];
    const HOSTILE_INTEGERS = [
      'Infinity',
      '-Infinity',
      '1e309',
      '1e3',
      'NaN',
      '0x10',
      '%205',
      '5.5',
      '99999999999999999999',
      '9007199254740992',
      '-1',
      '',
    ];

    it('answers every hostile value in every path id and query parameter without a 5xx (400 for NUL and non-integers)', async () => {
      const all = await routes();
      expect(all.map((r) => `${r.method} ${r.path}`)).toEqual(
        expect.arrayContaining([
          'GET /v1/partners/{id}/balance',
          'GET /v1/partners/{id}/consumption',
          'GET /v1/partners/{id}/incentives',
          'GET /v1/partners/{id}/statements/{period}',
          'GET /v1/customers/{id}/subscriptions',
          'GET /v1/voucher-quotas/{id}/operations',
          'GET /v1/streams/{streamId}/events',
        ]),
      );
      let requests = 0;
      for (const route of all) {
        const defaults = Object.fromEntries(
          route.parameters
            .filter((p) => p.in === 'path' || p.name === 'period')
            .map((p) => [p.name, validFor(route, p)]),
        );
        for (const p of route.parameters) {
          const integer = p.schema.type === 'integer';
          const values: [string, boolean][] = [
            ...HOSTILE,
            ...HOSTILE_INTEGERS.map((v): [string, boolean] => [v, integer]),
          ];
          for (const [value, must400] of values) {
            const started = Date.now();
            const response = recorded(await request(route, { ...defaults, [p.name]: value }));
            const label = `${route.method} ${route.path} ${p.name}=${value.slice(0, 40)}`;
            if (must400) expect(response.statusCode, `${label}: ${response.body}`).toBe(400);
            // No hostile value makes minPosition wait for a position the log will not reach.
            expect(Date.now() - started, label).toBeLessThan(2000);
            requests++;
          }
        }
      }
      expect(requests).toBeGreaterThan(500);
    });

    it('answers random strings in every parameter without a 5xx, and 400 when one holds a NUL', async () => {
      const all = await routes();
      const encode = (s: string) =>
        [...s]
          .map((c) => (c.length === 1 && c >= '\ud800' && c <= '\udfff' ? '%ED%A0%80' : encodeURIComponent(c)))
          .join('');
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...all),
          fc.nat(),
          fc
            .tuple(
              fc.string({ unit: 'binary', maxLength: 20 }),
              fc.constantFrom('', '', '\u0000', '\ud800', '\udc00', '1e309', 'Infinity'),
              fc.string({ unit: 'binary', maxLength: 20 }),
            )
            .map(([a, b, c]) => a + b + c),
          async (route, which, raw) => {
            const p = route.parameters[which % Math.max(route.parameters.length, 1)];
            if (!p || (p.name === 'minPosition' && /^\d+$/.test(raw))) return; // a real position may be waited for
            const defaults = Object.fromEntries(
              route.parameters
                .filter((q) => q.in === 'path' || q.name === 'period')
                .map((q) => [q.name, validFor(route, q)]),
            );
            const response = recorded(await request(route, { ...defaults, [p.name]: encode(raw) }));
            if (raw.includes('\u0000')) expect(response.statusCode).toBe(400);
            if (p.schema.type === 'integer' && !/^-?\d{1,16}$/.test(raw)) expect(response.statusCode).toBe(400);
          },
        ),
        { numRuns: 300 },
      );
    });
  });

  it('answered no request of the whole run with a 5xx', () => {
    expect(statuses.length).toBeGreaterThan(1500);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });
});
