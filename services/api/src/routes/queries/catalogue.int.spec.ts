import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, envelope, partnerRegistered } from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

const unit = (unit: string, dimension: string, baseUnit: string, factor: string) =>
  envelope('MeasureUnitRegistered', { unit, dimension, baseUnit, factor }, '2026-10-01T09:00:00+08:00');
const productType = (productType: string, name: string, resourceTypes: string[]) =>
  envelope('ProductTypeRegistered', { productType, name, resourceTypes }, '2026-10-01T09:00:00+08:00');
const usageType = (usageType: string, productType: string, unit: string) =>
  envelope('UsageTypeRegistered', { usageType, productType, unit }, '2026-10-01T09:00:00+08:00');
const charge = (chargeId: string, over: Record<string, unknown> = {}) =>
  envelope('OnDemandCharged', {
    chargeId,
    customerId: 'C-1',
    productType: 'obs',
    resourceId: 'bucket-1',
    usageType: 'traffic',
    quantity: '512',
    unit: 'MB',
    amount: '0.25',
    currency: 'CNY',
    windowStart: '2026-10-04T00:00:00+08:00',
    windowEnd: '2026-10-05T00:00:00+08:00',
    ...over,
  });

/** SPEC §6 "Product catalogue" over HTTP: the three lists, who may write, and the charge rule. */
describe('the product catalogue', () => {
  const db = useTestDatabase('api_catalogue');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { tier: 'distributor' }),
      partnerRegistered('P-SP', { timeZone: 'America/New_York' }),
      customerAssociated('C-1', 'P-DIST'),
      customerAssociated('C-2', 'P-SP'),
      // Before its usage type is registered: not checked, and listed in its own unit.
      charge('CHG-0', { quantity: '2048' }),
      unit('MB', 'data', 'MB', '1'),
      unit('GB', 'data', 'MB', '1024'),
      unit('TB', 'data', 'GB', '1024.00'),
      unit('second', 'time', 'second', '1'),
      unit('hour', 'time', 'second', '3600'),
      productType('obs', 'Object Storage Service', ['bucket']),
      productType('ecs', 'Elastic Cloud Server', ['instance', 'disk']),
      productType('cdn', 'Content Delivery Network', []),
      usageType('traffic', 'obs', 'GB'),
      usageType('storage', 'obs', 'TB'),
      usageType('duration', 'ecs', 'hour'),
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
  const post = (body: object, key: keyof typeof KEYS = 'admin') =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: body });

  it('GET /v1/catalogue/product-types lists every product type by name, to every key', async () => {
    for (const key of ['admin', 'finance', 'partner', 'reseller', 'provider'] as const) {
      const page = (await get('/v1/catalogue/product-types', key)).json();
      expect(page.items.map((i: { productType: string }) => i.productType)).toEqual(['cdn', 'ecs', 'obs']);
    }
    expect((await get('/v1/catalogue/product-types', 'admin')).json().items[1]).toEqual({
      productType: 'ecs',
      name: 'Elastic Cloud Server',
      resourceTypes: ['instance', 'disk'],
      registeredAt: '2026-10-01T01:00:00.000Z',
    });
    expect((await t.app.inject({ method: 'GET', url: '/v1/catalogue/product-types' })).statusCode).toBe(401);
  });

  it('GET /v1/catalogue/usage-types filters on productType, with the dimension of each unit', async () => {
    const all = (await get('/v1/catalogue/usage-types', 'provider')).json();
    expect(all.items.map((i: { usageType: string }) => i.usageType)).toEqual(['duration', 'storage', 'traffic']);
    const obs = (await get('/v1/catalogue/usage-types?productType=obs', 'reseller')).json();
    expect(obs).toEqual({
      items: [
        {
          usageType: 'storage',
          productType: 'obs',
          unit: 'TB',
          dimension: 'data',
          registeredAt: '2026-10-01T01:00:00.000Z',
        },
        {
          usageType: 'traffic',
          productType: 'obs',
          unit: 'GB',
          dimension: 'data',
          registeredAt: '2026-10-01T01:00:00.000Z',
        },
      ],
      nextCursor: null,
    });
    expect((await get('/v1/catalogue/usage-types?productType=nothing', 'admin')).json().items).toEqual([]);
  });

  it('GET /v1/catalogue/units filters on dimension and gives each unit in its root unit, exactly', async () => {
    const data = (await get('/v1/catalogue/units?dimension=data', 'partner')).json();
    expect(
      data.items.map((i: { unit: string; factor: string; rootUnit: string; toRoot: string }) => [
        i.unit,
        i.factor,
        i.rootUnit,
        i.toRoot,
      ]),
    ).toEqual([
      ['GB', '1024', 'MB', '1024'],
      ['MB', '1', 'MB', '1'],
      ['TB', '1024', 'MB', '1048576'],
    ]);
    const time = (await get('/v1/catalogue/units?dimension=time', 'admin')).json();
    expect(time.items.map((i: { unit: string }) => i.unit)).toEqual(['hour', 'second']);
  });

  it('pages with cursors bound to their filters, answers CSV, renders times with ?tz=partner', async () => {
    const first = (await get('/v1/catalogue/units?limit=2', 'admin')).json();
    expect(first.items.map((i: { unit: string }) => i.unit)).toEqual(['GB', 'MB']);
    const second = (await get(`/v1/catalogue/units?limit=2&cursor=${first.nextCursor}`, 'admin')).json();
    expect(second.items.map((i: { unit: string }) => i.unit)).toEqual(['TB', 'hour']);
    const third = (await get(`/v1/catalogue/units?limit=2&cursor=${second.nextCursor}`, 'admin')).json();
    expect(third).toMatchObject({ items: [{ unit: 'second' }], nextCursor: null });
    const other = await get(`/v1/catalogue/units?limit=2&dimension=data&cursor=${first.nextCursor}`, 'admin');
    expect(expectProblem(other, 400).detail).toMatch(/other filters/);

    const csv = await get('/v1/catalogue/usage-types?productType=ecs', 'finance', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual(['usageType,productType,unit,dimension,registeredAt', 'duration,ecs,hour,time,2026-10-01T01:00:00.000Z']);

    const inZone = (await get('/v1/catalogue/product-types?tz=partner', 'provider')).json();
    expect(inZone.items[0].registeredAt).toBe('2026-09-30T21:00:00.000-04:00');
    const unknown = await get('/v1/catalogue/units?dimensions=data', 'admin');
    expect(expectProblem(unknown, 400).detail).toMatch(/dimensions/);
  });

  it('a partner key may not register catalogue entries (403, nothing appended)', async () => {
    const head = await t.store.headPosition();
    for (const e of [productType('rds', 'RDS', []), usageType('x', 'obs', 'GB'), unit('KB', 'data', 'KB', '1')]) {
      expectProblem(await post(e, 'partner'), 403);
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it('refuses a second root of a dimension, a base of another dimension, a taken name (422, nothing appended)', async () => {
    const head = await t.store.headPosition();
    for (const [e, rule] of [
      [unit('B', 'data', 'B', '1'), 'unit-base-same-dimension'],
      [unit('GB-hour', 'data', 'hour', '3600'), 'unit-base-same-dimension'],
      [unit('GB', 'data', 'MB', '1000'), 'created-id-is-new'],
      [usageType('egress', 'vpc', 'GB'), 'referenced-id-exists'],
    ] as const) {
      expect(expectProblem(await post(e), 422)).toMatchObject({ rule });
    }
    expect(await t.store.headPosition()).toBe(head);
  });

  it('an on-demand charge of a registered usage type gives a unit of its dimension that converts exactly (else 422)', async () => {
    const head = await t.store.headPosition();
    for (const [over, detail] of [
      [{ unit: 'hour' }, 'usage type "traffic" is measured in "GB": unit "hour" measures "time", not "data" like "GB"'],
      [{ unit: 'GB-day' }, 'usage type "traffic" is measured in "GB": unit "GB-day" is not registered'],
      [
        { usageType: 'duration', productType: 'ecs', unit: 'second', quantity: 1 },
        'usage type "duration" is measured in "hour": 1 second has no exact decimal in hour (1 hour = 3600 second)',
      ],
    ] as const) {
      const body = expectProblem(await post(charge('CHG-BAD', over)), 422);
      expect(body).toMatchObject({
        type: 'urn:reckon:problem:invariant-violated',
        rule: 'charge-unit-matches-usage-type',
      });
      expect(body.detail).toContain(detail);
    }
    expect(await t.store.headPosition()).toBe(head);
    // Accepted: MB for a GB usage type, seconds that make whole quarter hours, and a usage type not registered.
    for (const e of [
      charge('CHG-1'),
      charge('CHG-2', { usageType: 'duration', productType: 'ecs', unit: 'second', quantity: '900' }),
      charge('CHG-3', { usageType: 'requests', unit: 'calls' }),
    ]) {
      const r = await post(e);
      expect(r.statusCode, r.body).toBe(201);
    }
  });

  it('GET /v1/partners/{id}/on-demand: per resource × usage type × period, in the catalogue unit, exactly', async () => {
    const r = await post({
      events: [
        charge('CHG-4', { quantity: '0.5', unit: 'TB', amount: '1.00' }),
        charge('CHG-5', { customerId: 'C-2', quantity: '1', unit: 'GB' }),
      ],
    });
    expect(r.statusCode, r.body).toBe(201);
    const at = `minPosition=${r.json().lastPosition}`;
    const row = (
      usageType: string,
      unit: string,
      quantity: string,
      amount: string,
      charges = 1,
      productType = 'obs',
    ) => ({
      period: '2026-10',
      resourceId: 'bucket-1',
      customerId: 'C-1',
      productType,
      usageType,
      unit,
      quantity,
      amount,
      currency: 'CNY',
      charges,
    });
    const all = (await get(`/v1/partners/P-DIST/on-demand?${at}`, 'partner')).json();
    expect(all).toEqual({
      items: [
        row('duration', 'hour', '0.25', '0.25', 1, 'ecs'),
        row('requests', 'calls', '512', '0.25'),
        // 512 MB (0.5 GB) + 0.5 TB (512 GB), both in the usage type's GB.
        row('traffic', 'GB', '512.5', '1.25', 2),
        // CHG-0 came before the usage type was registered: it stays in its own unit.
        row('traffic', 'MB', '2048', '0.25'),
      ],
      nextCursor: null,
    });
    const traffic = (await get(`/v1/partners/P-DIST/on-demand?usageType=traffic&period=2026-10`, 'admin')).json();
    expect(traffic.items.map((i: { unit: string }) => i.unit)).toEqual(['GB', 'MB']);
    const ecs = (await get(`/v1/partners/P-DIST/on-demand?productType=ecs`, 'finance')).json();
    expect(ecs.items.map((i: { usageType: string }) => i.usageType)).toEqual(['duration']);
    expect((await get(`/v1/partners/P-DIST/on-demand?resourceId=other`, 'admin')).json().items).toEqual([]);
    expect((await get(`/v1/partners/P-DIST/on-demand?period=2026-11`, 'admin')).json().items).toEqual([]);
    // Paging, and a cursor bound to its filters.
    const first = (await get(`/v1/partners/P-DIST/on-demand?limit=3`, 'partner')).json();
    expect(first.items).toHaveLength(3);
    const rest = (await get(`/v1/partners/P-DIST/on-demand?limit=3&cursor=${first.nextCursor}`, 'partner')).json();
    expect(rest).toEqual({ items: [row('traffic', 'MB', '2048', '0.25')], nextCursor: null });
    const other = await get(`/v1/partners/P-DIST/on-demand?limit=3&period=2026-10&cursor=${first.nextCursor}`, 'admin');
    expectProblem(other, 400);
    // The other partner's customer is its own; scope as every partner list.
    const sp = (await get('/v1/partners/P-SP/on-demand', 'provider')).json();
    expect(sp.items).toEqual([{ ...row('traffic', 'GB', '1', '0.25'), customerId: 'C-2' }]);
    expectProblem(await get('/v1/partners/P-DIST/on-demand', 'provider'), 403);
    expectProblem(await get('/v1/partners/P-NONE/on-demand', 'admin'), 404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/partners/P-DIST/on-demand' })).statusCode).toBe(401);
    const csv = await get('/v1/partners/P-DIST/on-demand?productType=ecs', 'partner', { accept: 'text/csv' });
    expect(
      csv.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toEqual([
      'period,resourceId,customerId,productType,usageType,unit,quantity,amount,currency,charges',
      '2026-10,bucket-1,C-1,ecs,duration,hour,0.25,0.25,CNY,1',
    ]);
  });
});
