/**
 * A month of two partners over HTTP against `main.ts` (projections in-process): statements and
 * incentive lines, close, a late event, a rule change, rebuild with its diff, publish with its
 * true-up, the permission and error answers, and a replay from zero that reproduces every checksum
 * while the service keeps serving.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import type { JsonObject } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, rebuildProjections } from '@reckon/projections';
import { at, event, order } from '@reckon/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, '../../services/api/src/main.ts');
const TSX = path.resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
const KEYS = [
  { key: 'e2e-admin-key-0001', role: 'admin' },
  { key: 'e2e-finance-key-0001', role: 'finance' },
  { key: 'e2e-pb-key-0001', role: 'partner', partnerId: 'PB' },
];
type Who = 'admin' | 'finance' | 'PB';
const keyOf: Record<Who, string> = { admin: KEYS[0]!.key, finance: KEYS[1]!.key, PB: KEYS[2]!.key };

function start(env: Record<string, string>): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, ['--conditions=@reckon/source', MAIN], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
      stdio: 'pipe',
    });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Reckon ready: (http:\/\/localhost:\d+)/);
      if (match?.[1]) resolve({ child, base: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`main exited (${code}) before listening:\n${output}`)));
  });
}

// The rule sets below are typed object literals, not JsonObject.
const ev = (type: string, occurredAt: string, data: object) => event(type, occurredAt, data as JsonObject);
const dec = (s: unknown) => new Decimal(String(s));

const RULES_1 = {
  version: '2026.10',
  effectiveFrom: '2026-10',
  rules: [
    { id: 'base', rate: '0.02' },
    { id: 'ecs', match: { productType: 'ecs' }, rate: '0.05' },
    { id: 'gold-ecs', match: { partnerLevel: 'gold', productType: 'ecs', billingMode: 'subscription' }, rate: '0.08' },
  ],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '5000', bonusRate: '0.01' },
  ],
  programs: { PCE: { bonusRate: '0.02' } },
};
const RULES_2 = {
  version: '2026.11',
  effectiveFrom: '2026-11',
  rules: [
    { id: 'base', rate: '0.03' },
    { id: 'ecs', match: { productType: 'ecs' }, rate: '0.06' },
  ],
  programs: { PCE: { bonusRate: '0.01' } },
};

describe('incentives and statements over HTTP (pnpm start)', () => {
  const db = useTestDatabase('incentives_e2e');
  let service: Awaited<ReturnType<typeof start>>;
  let last = 0;

  const call = async (method: string, url: string, who: Who, body?: unknown, accept = 'application/json') => {
    const response = await fetch(`${service.base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${keyOf[who]}`,
        accept,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const json = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined;
    return { status: response.status, json, text, headers: response.headers };
  };
  const post = async (events: unknown[]) => {
    const r = await call('POST', '/v1/events', 'finance', { events });
    expect(r.status, r.text).toBe(201);
    last = r.json.lastPosition;
  };
  const get = async (url: string, who: Who = 'finance') =>
    call('GET', `${url}${url.includes('?') ? '&' : '?'}minPosition=${last}`, who);
  const statement = async (partnerId: string, period: string, revision?: number) => {
    const r = await get(`/v1/partners/${partnerId}/statements/${period}${revision ? `?revision=${revision}` : ''}`);
    expect(r.status, r.text).toBe(200);
    return r.json;
  };
  const lineOf = (s: { lines: { sourceId: string }[] }, sourceId: string) =>
    s.lines.find((l) => l.sourceId === sourceId);

  beforeAll(async () => {
    service = await start({ DATABASE_URL: db.url, RECKON_API_KEYS: JSON.stringify(KEYS), LOG_LEVEL: 'info' });
  }, 60_000);
  afterAll(async () => {
    service?.child.kill('SIGTERM');
  });

  it('rates October for two partners (rules, tier, programme, refund) with estimated lines', async () => {
    await post([
      ev('PartnerRegistered', at('2026-09-01'), {
        partnerId: 'PA',
        name: 'Alpha Cloud',
        tier: 'solution_provider',
        level: 'gold',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      }),
      ev('PartnerRegistered', at('2026-09-01'), {
        partnerId: 'PB',
        name: 'Beta Cloud',
        tier: 'solution_provider',
        level: 'silver',
        timeZone: 'Asia/Shanghai',
        currency: 'CNY',
      }),
      ev('CustomerAssociated', at('2026-09-02'), {
        customerId: 'CA1',
        customerName: 'Acme Ltd',
        partnerId: 'PA',
        associationType: 'referral',
        accountManager: 'Li Lei',
      }),
      ev('CustomerAssociated', at('2026-09-02'), {
        customerId: 'CB1',
        customerName: 'Bolt Co',
        partnerId: 'PB',
        associationType: 'referral',
        accountManager: 'Han Mei',
      }),
      ev('PartnerProgramEnrolled', at('2026-10-01', '00:00:00'), { partnerId: 'PB', program: 'PCE' }),
      ev('IncentiveRulesPublished', at('2026-09-30'), RULES_1),
      order('OA1', 'CA1', 'ecs', '4000', at('2026-10-05')),
      order('OA2', 'CA1', 'rds', '2000', at('2026-10-06')),
      ev('OnDemandCharged', at('2026-10-07'), {
        chargeId: 'CHB1',
        customerId: 'CB1',
        productType: 'obs',
        resourceId: 'bucket-1',
        usageType: 'storage',
        quantity: '100',
        unit: 'GB-day',
        amount: '1234.56',
        currency: 'CNY',
        windowStart: at('2026-10-06'),
        windowEnd: at('2026-10-07'),
      }),
      order('OB1', 'CB1', 'ecs', '333.33', at('2026-10-08')),
      ev('OrderRefunded', at('2026-10-20'), {
        refundId: 'RA1',
        orderId: 'OA2',
        reason: 'unsubscribe',
        amount: '500',
        resourceIds: ['OA2-r'],
      }),
    ]);
    const pa = await statement('PA', '2026-10');
    expect(pa).toMatchObject({
      partnerId: 'PA',
      period: '2026-10',
      revision: 1,
      rulesVersion: '2026.10',
      status: 'estimated',
    });
    // net 5500 ≥ 5000: tier 0.01 on top; gold-ecs (3 fields) wins for OA1
    expect(lineOf(pa, 'OA1')).toMatchObject({
      rate: '0.09',
      amount: '360.00',
      status: 'estimated',
      customerName: 'Acme Ltd',
    });
    expect(lineOf(pa, 'OA2')).toMatchObject({ rate: '0.03', amount: '60.00' });
    expect(lineOf(pa, 'RA1')).toMatchObject({
      sourceType: 'OrderRefunded',
      base: '-500.00',
      amount: '-15.00',
      orderId: 'OA2',
    });
    expect(dec(pa.total).eq('405')).toBe(true);
    const pb = await statement('PB', '2026-10');
    // 1234.56 × (0.02 + PCE 0.02) = 49.3824; 333.33 × (0.05 + 0.02) = 23.3331
    expect(lineOf(pb, 'CHB1')).toMatchObject({ rate: '0.04', amount: '49.38', billingMode: 'on_demand' });
    expect(lineOf(pb, 'OB1')).toMatchObject({ rate: '0.07', amount: '23.33' });
    expect(pb.total).toBe('72.71');
    expect(pb.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers incentive detail with filters, pages and CSV; a partner sees only its own', async () => {
    const all = await get('/v1/partners/PA/incentives?period=2026-10');
    expect(all.json.items.map((i: { sourceId: string }) => i.sourceId)).toEqual(['OA1', 'OA2', 'RA1']);
    expect(Object.keys(all.json.items[0]).sort()).toEqual(
      [
        'sourceType',
        'sourceId',
        'orderId',
        'customerId',
        'customerName',
        'accountManager',
        'productType',
        'billingMode',
        'associationType',
        'period',
        'correctsPeriod',
        'rulesVersion',
        'base',
        'rate',
        'amount',
        'status',
        'occurredAt',
        'currency',
        'positions',
      ].sort(),
    );
    const filtered = await get('/v1/partners/PA/incentives?year=2026&productType=rds&customerName=acme&orderId=OA2');
    expect(filtered.json.items.map((i: { sourceId: string }) => i.sourceId)).toEqual(['OA2', 'RA1']);
    const page1 = await get('/v1/partners/PA/incentives?limit=2');
    expect(page1.json.items).toHaveLength(2);
    const page2 = await get(`/v1/partners/PA/incentives?limit=2&cursor=${page1.json.nextCursor}`);
    expect(page2.json).toMatchObject({ items: [{ sourceId: 'RA1' }], nextCursor: null });
    const forged = await get('/v1/partners/PA/incentives?limit=2&cursor=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(forged.json).toMatchObject({
      type: 'urn:reckon:problem:invalid-request',
      detail: expect.stringMatching(/cursor/),
    });
    const csv = await call('GET', '/v1/partners/PB/incentives?billingMode=on_demand', 'PB', undefined, 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe(
      'sourceType,sourceId,orderId,customerId,customerName,accountManager,productType,billingMode,associationType,period,correctsPeriod,rulesVersion,base,rate,amount,status,occurredAt,currency,positions',
    );
    expect(csv.text).toContain(
      'OnDemandCharged,CHB1,,CB1,Bolt Co,Han Mei,obs,on_demand,referral,2026-10,,2026.10,1234.56,0.04,49.38,estimated,',
    );
    expect((await get('/v1/partners/PA/incentives', 'PB')).status).toBe(403);
    expect((await get('/v1/partners/PA/statements/2026-10', 'PB')).status).toBe(403);
    expect((await get('/v1/partners/NOPE/statements/2026-10')).status).toBe(404);
    expect((await get('/v1/partners/PA/statements/2026-07')).status).toBe(404);
  });

  it('closes October, forwards a late event into November, and a rule change revises only the open period', async () => {
    const october = await statement('PA', '2026-10');
    await post([ev('BillingPeriodClosed', at('2026-11-01', '02:00:00'), { period: '2026-10' })]);
    await post([order('OA3', 'CA1', 'ecs', '1000', at('2026-10-25'))]);
    const closed = await statement('PA', '2026-10');
    expect(closed).toMatchObject({
      revision: 1,
      status: 'confirmed',
      total: october.total,
      checksum: october.checksum,
    });
    expect(closed.lines.every((l: { status: string }) => l.status === 'confirmed')).toBe(true);
    const november = await statement('PA', '2026-11');
    expect(lineOf(november, 'OA3')).toMatchObject({
      period: '2026-11',
      correctsPeriod: '2026-10',
      rate: '0.08',
      amount: '80.00',
    });

    await post([ev('IncentiveRulesPublished', at('2026-11-02'), RULES_2)]);
    const revised = await statement('PA', '2026-11');
    expect(revised).toMatchObject({ revision: 2, rulesVersion: '2026.11', total: '60.00' });
    expect(await statement('PA', '2026-11', 1)).toMatchObject({ revision: 1, status: 'superseded', total: '80.00' });
    expect(await statement('PA', '2026-10')).toMatchObject({ revision: 1, rulesVersion: '2026.10' });
  });

  it('rebuilds closed October under the new rules (draft + diff), publishes it, and books the TrueUp in November', async () => {
    const url = '/v1/partners/PA/statements/2026-10';
    expect((await call('POST', `${url}/rebuild`, 'PB', { rulesVersion: '2026.11' })).status).toBe(403);
    expect((await call('POST', `${url}/rebuild`, 'finance', { rulesVersion: 'nope' })).status).toBe(422);
    expect(
      (await call('POST', '/v1/partners/NOPE/statements/2026-10/rebuild', 'admin', { rulesVersion: '2026.11' })).status,
    ).toBe(404);
    const before = await statement('PA', '2026-10');

    const rebuilt = await call('POST', `${url}/rebuild`, 'finance', { rulesVersion: '2026.11' });
    expect(rebuilt.status, rebuilt.text).toBe(201);
    // OA1 4000 × 0.06 = 240 (was 360); OA2 and RA1 keep 0.03 (0.02 + tier 0.01 before, 0.03 now)
    expect(rebuilt.json).toEqual({
      revision: 2,
      status: 'draft',
      rulesVersion: '2026.11',
      total: '285.00',
      diff: {
        totalBefore: '405.00',
        totalAfter: '285.00',
        difference: '-120.00',
        lines: [{ sourceType: 'OrderPlaced', sourceId: 'OA1', before: '360.00', after: '240.00' }],
      },
    });
    expect(await statement('PA', '2026-10', 2)).toMatchObject({ status: 'draft', total: '285.00' });
    expect((await call('POST', `${url}/revisions/2/publish`, 'PB')).status).toBe(403);
    expect((await call('POST', `${url}/revisions/9/publish`, 'admin')).status).toBe(404);
    expect((await call('POST', `${url}/revisions/1/publish`, 'admin')).status).toBe(409);

    const published = await call('POST', `${url}/revisions/2/publish`, 'admin');
    expect(published.status, published.text).toBe(200);
    expect(published.json).toEqual({
      revision: 2,
      status: 'published',
      trueUp: { period: '2026-11', amount: '-120.00' },
    });
    expect((await call('POST', `${url}/revisions/2/publish`, 'admin')).status).toBe(409);

    // The publish is a fact of the log, with its actor: a replay reproduces the revision and its true-up.
    const audit = await get('/v1/streams/statement-PA-2026-10/events');
    expect(audit.json.items).toMatchObject([
      {
        type: 'StatementRevisionPublished',
        data: {
          partnerId: 'PA',
          period: '2026-10',
          revision: 2,
          rulesVersion: '2026.11',
          totalBefore: '405.00',
          totalAfter: '285.00',
        },
      },
    ]);
    expect(await statement('PA', '2026-10')).toMatchObject({
      revision: 2,
      status: 'confirmed',
      rulesVersion: '2026.11',
      total: '285.00',
    });
    expect(await statement('PA', '2026-10', 1)).toMatchObject({ total: '405.00', checksum: before.checksum });
    const november = await statement('PA', '2026-11');
    expect(lineOf(november, '2026-10/r2')).toMatchObject({
      sourceType: 'TrueUp',
      correctsPeriod: '2026-10',
      period: '2026-11',
      amount: '-120.00',
      status: 'estimated',
    });
    expect(november.total).toBe('-60.00');
  });

  it('a replay from zero (rebuild of every projection while the service serves) reproduces every checksum', async () => {
    const revisions: [string, string, number][] = [
      ['PA', '2026-10', 1],
      ['PA', '2026-10', 2],
      ['PA', '2026-11', 1],
      ['PA', '2026-11', 2],
      ['PB', '2026-10', 1],
    ];
    const read = async () => Promise.all(revisions.map(([p, period, n]) => statement(p, period, n)));
    const live = await read();
    const store = await PostgresEventStore.connect(db.url);
    const pool = createPool(db.url, { max: 4 });
    try {
      await rebuildProjections({ pool, store, billingTz: 'Asia/Shanghai', projections: PROJECTIONS });
    } finally {
      await store.close();
      await pool.end();
    }
    const replayed = await read();
    expect(replayed.map((s) => [s.revision, s.total, s.checksum])).toEqual(
      live.map((s) => [s.revision, s.total, s.checksum]),
    );
    expect(replayed).toEqual(live);
  });
});
