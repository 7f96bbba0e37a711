import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import type { ApiKey } from '../../auth/keys.js';
import { expectProblem } from '../../testing/problems.js';
import { type ReadSideHandle, startReadSide } from './index.js';

const KEYS: ApiKey[] = [
  { key: 'query-admin-key', role: 'admin' },
  { key: 'query-finance-key', role: 'finance' },
  { key: 'query-d1-key-0001', role: 'partner', partnerId: 'D1' },
  { key: 'query-r1-key-0001', role: 'partner', partnerId: 'R1' },
  { key: 'query-p2-key-0001', role: 'partner', partnerId: 'P2' },
];
type Who = 'admin' | 'finance' | 'D1' | 'R1' | 'P2';
const keyOf: Record<Who, string> = {
  admin: 'query-admin-key',
  finance: 'query-finance-key',
  D1: 'query-d1-key-0001',
  R1: 'query-r1-key-0001',
  P2: 'query-p2-key-0001',
};

const ev = (type: string, occurredAt: string, data: Record<string, unknown>) => ({
  eventId: randomUUID(),
  type,
  version: 1,
  occurredAt,
  data,
});
const partner = (partnerId: string, tier: string, extra: Record<string, unknown> = {}) =>
  ev('PartnerRegistered', '2026-09-01T09:00:00+08:00', {
    partnerId,
    name: `Partner ${partnerId}`,
    tier,
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
    ...extra,
  });
const associate = (customerId: string, customerName: string, partnerId: string, associationType: string) =>
  ev('CustomerAssociated', '2026-09-01T10:00:00+08:00', {
    customerId,
    customerName,
    partnerId,
    associationType,
    accountManager: 'Li Lei',
  });
const order = (at: string, data: Record<string, unknown>) =>
  ev('OrderPlaced', at, { productType: 'ecs', billingMode: 'subscription', currency: 'CNY', ...data });
const onDemand = (at: string, chargeId: string, customerId: string, amount: string) =>
  ev('OnDemandCharged', at, {
    chargeId,
    customerId,
    productType: 'oss',
    resourceId: `bucket-${customerId}`,
    usageType: 'traffic',
    quantity: '10',
    unit: 'GB',
    amount,
    currency: 'CNY',
    windowStart: new Date(Date.parse(at) - 3_600_000).toISOString(),
    windowEnd: at,
  });

/**
 * R1 (reseller of D1, zone America/New_York) has C1 (resale; its name needs CSV quoting) and C2
 * (referral); P2 has C3. September closes, then a charge dated in September arrives late.
 */
const SCENARIO = [
  partner('D1', 'distributor'),
  partner('R1', 'reseller', { parentId: 'D1', timeZone: 'America/New_York' }),
  partner('P2', 'solution_provider'),
  associate('C1', 'Acme, "Cloud" Ltd', 'R1', 'resale'),
  associate('C2', 'Beta Co', 'R1', 'referral'),
  associate('C3', 'Gamma', 'P2', 'referral'),
  ev('FundsAllocated', '2026-09-02T10:00:00+08:00', {
    allocationId: 'A1',
    distributorId: 'D1',
    resellerId: 'R1',
    amount: '10000.00',
    currency: 'CNY',
  }),
  ev('VoucherQuotaGranted', '2026-09-02T11:00:00+08:00', {
    quotaId: 'Q1',
    grantorId: 'D1',
    partnerId: 'R1',
    amount: '5000',
    currency: 'CNY',
  }),
  ev('VoucherIssued', '2026-09-03T10:00:00+08:00', {
    voucherId: 'V1',
    quotaId: 'Q1',
    customerId: 'C1',
    amount: '300.00',
    expiresAt: '2027-09-03T00:00:00+08:00',
  }),
  ev('DiscountGranted', '2026-09-04T10:00:00+08:00', {
    discountId: 'DS1',
    customerId: 'C1',
    rate: '0.15',
    productTypes: ['ecs'],
    validFrom: '2026-09-01T00:00:00+08:00',
  }),
  ev('BillingPeriodClosed', '2026-10-02T00:00:00+08:00', { period: '2026-09' }),
  order('2026-10-05T10:00:00+08:00', {
    orderId: 'O1',
    customerId: 'C1',
    listAmount: '1000.00',
    discountId: 'DS1',
    amount: '850.00',
    voucherId: 'V1',
    voucherAmount: '100.00',
    resources: [
      { resourceId: 'r-1a', spec: '2c4g' },
      { resourceId: 'r-1b', spec: '2c4g' },
    ],
    termEnd: '2027-10-05T10:00:00+08:00',
    autoRenew: true,
  }),
  ev('OrderRefunded', '2026-10-06T10:00:00+08:00', {
    refundId: 'RF1',
    orderId: 'O1',
    reason: 'unsubscribe',
    amount: '200.00',
    resourceIds: ['r-1b'],
  }),
  ev('SpecChanged', '2026-10-07T10:00:00+08:00', {
    changeId: 'CH1',
    orderId: 'O1',
    resourceId: 'r-1a',
    fromSpec: '2c4g',
    toSpec: '4c8g',
    amount: '120.00',
  }),
  ev('SpecChanged', '2026-10-08T10:00:00+08:00', {
    changeId: 'CH2',
    orderId: 'O1',
    resourceId: 'r-1a',
    fromSpec: '4c8g',
    toSpec: '2c8g',
    amount: '-50.00',
  }),
  onDemand('2026-10-09T10:00:00+08:00', 'OD1', 'C2', '33.33'),
  ev('AdjustmentPosted', '2026-10-10T10:00:00+08:00', {
    adjustmentId: 'ADJ1',
    customerId: 'C2',
    amount: '-10.00',
    currency: 'CNY',
    reason: 'goodwill',
  }),
  order('2026-10-11T10:00:00+08:00', {
    orderId: 'O2',
    customerId: 'C2',
    productType: 'rds',
    listAmount: '500.00',
    amount: '500.00',
    resources: [{ resourceId: 'r-2a' }],
    termEnd: '2026-11-15T00:00:00+08:00',
  }),
  order('2026-10-25T10:00:00+08:00', {
    orderId: 'O5',
    customerId: 'C2',
    productType: 'rds',
    listAmount: '500.00',
    amount: '500.00',
    resources: [{ resourceId: 'r-2a' }],
    termEnd: '2026-12-15T00:00:00+08:00',
    renewalOf: 'O2',
  }),
  order('2026-10-12T10:00:00+08:00', {
    orderId: 'O3',
    customerId: 'C3',
    listAmount: '999.99',
    amount: '999.99',
    resources: [{ resourceId: 'r-3a' }],
    termEnd: '2027-10-12T10:00:00+08:00',
  }),
  // Late: dated in the closed September, booked into October with correctsPeriod.
  onDemand('2026-09-20T10:00:00+08:00', 'OD2', 'C1', '40.00'),
  ev('VoucherIssued', '2026-10-13T10:00:00+08:00', {
    voucherId: 'V2',
    quotaId: 'Q1',
    customerId: 'C2',
    amount: '200',
    expiresAt: '2027-10-13T00:00:00+08:00',
  }),
  ev('VoucherRevoked', '2026-10-14T10:00:00+08:00', { voucherId: 'V2' }),
  ev('VoucherQuotaReclaimed', '2026-10-15T10:00:00+08:00', { quotaId: 'Q1', amount: '1000' }),
  ev('FundsReclaimed', '2026-10-16T10:00:00+08:00', {
    reclaimId: 'RC1',
    distributorId: 'D1',
    resellerId: 'R1',
    amount: '500',
    currency: 'CNY',
  }),
];

const dec = (value: unknown) => new Decimal(value as string);
/** Every amount at a dotted path equals the expected decimal ("10.5" equals "10.50"). */
function expectAmounts(actual: unknown, expected: Record<string, string>) {
  for (const [path, value] of Object.entries(expected)) {
    const got = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], actual);
    expect(typeof got, `${path} is a decimal string`).toBe('string');
    expect(dec(got).eq(value), `${path}: ${String(got)} ≠ ${value}`).toBe(true);
  }
}

/** A small RFC 4180 reader, to check the CSV the routes write (UTF-8 with a byte-order mark, for Excel). */
function parseCsv(body: string): string[][] {
  expect(body.startsWith('\uFEFF'), 'the CSV starts with a byte-order mark').toBe(true);
  const text = body.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field, 'the CSV ends with CRLF').toBe('');
  return rows;
}

describe('query routes (SPEC §4, §5) over HTTP', () => {
  const db = useTestDatabase('api_queries');
  let store: PostgresEventStore;
  let readSide: ReadSideHandle;
  let app: FastifyInstance;
  let lastPosition: number;

  const get = (url: string, who: Who = 'admin', headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${keyOf[who]}`, ...headers } });
  /** A query that waits for the scenario: `minPosition` = the lastPosition of the append. */
  const read = (url: string, who: Who = 'admin', headers: Record<string, string> = {}) =>
    get(`${url}${url.includes('?') ? '&' : '?'}minPosition=${lastPosition}`, who, headers);

  /**
   * One request per event: the log then holds them in the order given (a multi-stream batch is
   * stored stream by stream, so its global positions need not follow the batch order). Returns the
   * last position.
   */
  async function postEach(events: readonly unknown[]): Promise<number> {
    let position = 0;
    for (const event of events) {
      const posted = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: `Bearer ${keyOf.finance}` },
        payload: event as object,
      });
      expect(posted.statusCode, posted.body).toBe(201);
      position = posted.json().lastPosition;
    }
    return position;
  }

  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    readSide = await startReadSide({ databaseUrl: db.url, store, billingTimeZone: 'Asia/Shanghai' });
    app = await buildApp({
      store,
      apiKeys: KEYS,
      queries: { ...readSide.queries, minPositionTimeoutMs: 5000 },
    });
    await app.ready();
    lastPosition = await postEach(SCENARIO);
  });
  afterAll(async () => {
    await app?.close();
    await readSide?.close();
    await store?.close();
  });

  it('sums the consumption of a partner and of each of its customers in a booking period', async () => {
    const response = await read('/v1/partners/R1/consumption?period=2026-10');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ partnerId: 'R1', period: '2026-10', currency: 'CNY' });
    // C1: 850 order + 120 upgrade + 40 late on-demand; refunds 200 + rebate 50; voucher 100.
    // C2: 33.33 on-demand + 500 + 500 renewal; adjustment −10.
    expectAmounts(body, {
      consumption: '2043.33',
      'refunds.refundOrders': '200',
      'refunds.specChangeRebates': '50',
      'refunds.total': '250',
      adjustments: '-10',
      vouchersUsed: '100',
      net: '1783.33',
    });
    expect(body.customers.map((c: { customerId: string }) => c.customerId)).toEqual(['C1', 'C2']);
    const [c1, c2] = body.customers;
    expect(c1.customerName).toBe('Acme, "Cloud" Ltd');
    expectAmounts(c1, {
      consumption: '1010',
      'refunds.refundOrders': '200',
      'refunds.specChangeRebates': '50',
      'refunds.total': '250',
      adjustments: '0',
      vouchersUsed: '100',
      net: '760',
    });
    expectAmounts(c2, {
      consumption: '1033.33',
      'refunds.total': '0',
      adjustments: '-10',
      vouchersUsed: '0',
      net: '1023.33',
    });
    // Each figure of the partner is the sum of its customers'.
    for (const figure of ['consumption', 'adjustments', 'vouchersUsed', 'net'] as const) {
      expect(dec(c1[figure]).plus(dec(c2[figure])).eq(dec(body[figure]))).toBe(true);
    }
  });

  it('books the late charge into the first open period, not the closed one', async () => {
    const september = (await read('/v1/partners/R1/consumption?period=2026-09')).json();
    expect(september.customers).toEqual([]);
    expectAmounts(september, { consumption: '0', net: '0', 'refunds.total': '0' });
    const other = (await read('/v1/partners/P2/consumption?period=2026-10', 'P2')).json();
    expectAmounts(other, { consumption: '999.99', net: '999.99' });
    expect(other.customers).toHaveLength(1);
  });

  it('gives the consumption customers as CSV with dotted columns and quoted fields', async () => {
    const response = await read('/v1/partners/R1/consumption?period=2026-10', 'admin', { accept: 'text/csv' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual([
      'customerId',
      'customerName',
      'consumption',
      'refunds.refundOrders',
      'refunds.specChangeRebates',
      'refunds.total',
      'adjustments',
      'vouchersUsed',
      'net',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.slice(0, 2)).toEqual(['C1', 'Acme, "Cloud" Ltd']);
    expect(dec(rows[0]?.[2]).eq('1010')).toBe(true);
    expect(dec(rows[1]?.[8]).eq('1023.33')).toBe(true);
  });

  it('gives a statement as CSV: its lines with the incentive columns, the revision and checksum in headers', async () => {
    const json = (await read('/v1/partners/R1/statements/2026-10')).json();
    const response = await read('/v1/partners/R1/statements/2026-10', 'admin', { accept: 'text/csv' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(response.body);
    expect(header).toEqual(Object.keys(json.lines[0]));
    expect(rows).toHaveLength(json.lines.length);
    expect(rows.map((row) => row[1])).toEqual(json.lines.map((line: { sourceId: string }) => line.sourceId));
    expect(rows[0]?.[4]).toBe('Acme, "Cloud" Ltd');
    expect(response.headers).toMatchObject({
      'x-statement-revision': String(json.revision),
      'x-statement-status': json.status,
      'x-statement-total': json.total,
      'x-statement-checksum': json.checksum,
    });
  });

  it('lists a partner’s statements per period and the revisions of one, agreeing with each statement', async () => {
    const list = (await read('/v1/partners/R1/statements')).json() as {
      items: Array<{
        period: string;
        revision: number;
        rulesVersion: string | null;
        status: string;
        total: string;
        currency: string;
        revisions: number;
      }>;
      nextCursor: string | null;
    };
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.map((s) => s.period)).toEqual([...list.items.map((s) => s.period)].sort());
    for (const summary of list.items) {
      const statement = (await read(`/v1/partners/R1/statements/${summary.period}`)).json();
      expect(summary).toEqual({
        period: statement.period,
        revision: statement.revision,
        rulesVersion: statement.rulesVersion,
        status: statement.status,
        total: statement.total,
        currency: 'CNY',
        revisions: 1,
      });
      expect(statement.currency).toBe('CNY');
      const revisions = (await read(`/v1/partners/R1/statements/${summary.period}/revisions`)).json();
      expect(revisions).toEqual({
        items: [
          {
            revision: statement.revision,
            rulesVersion: statement.rulesVersion,
            status: statement.status,
            total: statement.total,
            checksum: statement.checksum,
            currency: 'CNY',
          },
        ],
        nextCursor: null,
      });
    }
    const ofYear = (await read('/v1/partners/R1/statements?year=2026')).json() as { items: unknown[] };
    expect(ofYear.items).toEqual(list.items);
    expect(((await read('/v1/partners/R1/statements?year=2025')).json() as { items: unknown[] }).items).toEqual([]);
    if (list.items.length > 1) {
      const first = (await read('/v1/partners/R1/statements?limit=1')).json() as {
        items: unknown[];
        nextCursor: string;
      };
      expect(first.items).toEqual(list.items.slice(0, 1));
      const rest = (await read(`/v1/partners/R1/statements?limit=100&cursor=${first.nextCursor}`)).json() as {
        items: unknown[];
      };
      expect(rest.items).toEqual(list.items.slice(1));
      expect((await read(`/v1/partners/R1/statements?year=2026&cursor=${first.nextCursor}`)).statusCode).toBe(400);
    }
    expect((await read('/v1/partners/R1/statements/2031-01/revisions')).statusCode).toBe(404);
    const revisionsCsv = await read(`/v1/partners/R1/statements/${list.items[0]!.period}/revisions`, 'admin', {
      accept: 'text/csv',
    });
    expect(parseCsv(revisionsCsv.body)).toEqual([
      ['revision', 'rulesVersion', 'status', 'total', 'checksum', 'currency'],
      [expect.any(String), expect.any(String), expect.any(String), expect.any(String), expect.any(String), 'CNY'],
    ]);
    const csv = await read('/v1/partners/R1/statements', 'admin', { accept: 'text/csv' });
    expect(parseCsv(csv.body)[0]).toEqual([
      'period',
      'revision',
      'rulesVersion',
      'status',
      'total',
      'currency',
      'revisions',
    ]);
  });

  it('gives each incentive line its occurredAt, currency and the positions behind it, and filters on them', async () => {
    type Line = {
      sourceId: string;
      occurredAt: string;
      currency: string;
      positions: number[];
      correctsPeriod: string | null;
    };
    const all = ((await read('/v1/partners/R1/incentives')).json() as { items: Line[] }).items;
    expect(all.length).toBeGreaterThan(2);
    for (const line of all) {
      expect(line.currency).toBe('CNY');
      expect(line.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(line.positions.length).toBeGreaterThan(0);
      expect(line.positions.every((p) => Number.isSafeInteger(p) && p > 0)).toBe(true);
    }
    const o1 = all.find((line) => line.sourceId === 'O1');
    expect(o1?.occurredAt).toBe('2026-10-05T02:00:00.000Z');
    const lines = async (query: string) =>
      ((await read(`/v1/partners/R1/incentives?${query}`)).json() as { items: Line[] }).items.map((l) => l.sourceId);
    const corrects = all.filter((l) => l.correctsPeriod === '2026-09').map((l) => l.sourceId);
    expect(corrects.length).toBeGreaterThan(0);
    expect(await lines('correctsPeriod=2026-09')).toEqual(corrects);
    const from = Date.parse('2026-10-08T04:00:00Z'); // 2026-10-08 in R1's America/New_York
    const to = Date.parse('2026-10-12T04:00:00Z');
    const between = all.filter((l) => Date.parse(l.occurredAt) >= from && Date.parse(l.occurredAt) < to);
    expect(between.length).toBeGreaterThan(0);
    expect(between.length).toBeLessThan(all.length);
    expect(await lines('tz=partner&from=2026-10-08&to=2026-10-12')).toEqual(between.map((l) => l.sourceId));
    expect(await lines('from=2026-10-08T04:00:00Z&to=2026-10-12T04:00:00Z')).toEqual(between.map((l) => l.sourceId));
    const zoned = ((await read('/v1/partners/R1/incentives?tz=partner')).json() as { items: Line[] }).items;
    expect(zoned.find((line) => line.sourceId === 'O1')?.occurredAt).toBe('2026-10-04T22:00:00.000-04:00');
    expect((await read('/v1/partners/R1/incentives?from=yesterday')).statusCode).toBe(400);
    const csv = await read('/v1/partners/R1/incentives', 'admin', { accept: 'text/csv' });
    expect(parseCsv(csv.body)[0]?.slice(-3)).toEqual(['occurredAt', 'currency', 'positions']);
  });

  it('sends the consumption gzip-compressed to a client that accepts it', async () => {
    const url = '/v1/partners/R1/consumption?period=2026-10';
    const plain = await read(url);
    const zipped = await read(url, 'admin', { 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/accept-encoding/i);
    expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
    const refused = await read(url, 'admin', { 'accept-encoding': 'gzip;q=0, identity' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.json()).toEqual(plain.json());
  });

  it('reports reseller funds and voucher quota', async () => {
    const response = await read('/v1/partners/R1/balance');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ partnerId: 'R1', currency: 'CNY' });
    // spent: cash part 850 − 100 of O1, plus the 120 upgrade; returned: refund 200 and rebate 50 (cash first).
    expectAmounts(body, {
      'funds.allocated': '10000',
      'funds.reclaimed': '500',
      'funds.spent': '870',
      'funds.returned': '250',
      'funds.available': '8880',
      'voucherQuota.granted': '5000',
      'voucherQuota.issued': '500',
      'voucherQuota.reclaimed': '1000',
      'voucherQuota.returned': '200',
      'voucherQuota.available': '3700',
    });
    const distributor = (await read('/v1/partners/D1/balance', 'D1')).json();
    expectAmounts(distributor, { 'funds.available': '0', 'voucherQuota.available': '0' });
  });

  it('lists the operations of a quota newest first, with what was left after each, page by page', async () => {
    const all = (await read('/v1/voucher-quotas/Q1/operations')).json();
    expect(all.nextCursor).toBeNull();
    expect(all.items.map((o: { kind: string }) => o.kind)).toEqual([
      'reclaimed',
      'revoked',
      'issued',
      'issued',
      'granted',
    ]);
    expect(all.items.map((o: { voucherId: string | null }) => o.voucherId)).toEqual([null, 'V2', 'V2', 'V1', null]);
    const left = all.items.map((o: { quotaLeftAfter: string }) => dec(o.quotaLeftAfter).toString());
    expect(left).toEqual(['3700', '4700', '4500', '4700', '5000']);
    expectAmounts(all.items[0], { amount: '1000' });
    expectAmounts(all.items[1], { amount: '200' });
    // SPEC §6 "Amounts carry their currency": the quota's, as the list of quotas gives it.
    const quotas = (await read('/v1/partners/R1/voucher-quotas')).json() as {
      items: { quotaId: string; currency: string }[];
    };
    const quotaCurrency = quotas.items.find((q) => q.quotaId === 'Q1')?.currency;
    expect(quotaCurrency).toBe('CNY');
    expect(all.items.map((o: { currency: string }) => o.currency)).toEqual(all.items.map(() => quotaCurrency));
    expect(all.items[3]).toMatchObject({
      quotaId: 'Q1',
      customerId: 'C1',
      customerName: 'Acme, "Cloud" Ltd',
      time: '2026-09-03T02:00:00.000Z',
    });

    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/voucher-quotas/Q1/operations?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await read(url)).json();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all.items);
  });

  it('filters operations by time, customer name and voucher', async () => {
    const byName = (await read('/v1/voucher-quotas/Q1/operations?customerName=beta')).json();
    expect(byName.items.map((o: { kind: string }) => o.kind)).toEqual(['revoked', 'issued']);
    const byVoucher = (await read('/v1/voucher-quotas/Q1/operations?voucherId=V1')).json();
    expect(byVoucher.items).toHaveLength(1);
    const window = (
      await read(
        `/v1/voucher-quotas/Q1/operations?from=${encodeURIComponent('2026-10-13T10:00:00+08:00')}&to=2026-10-15`,
      )
    ).json();
    // from inclusive; a bare date is the start of that day (UTC here): 2026-10-15T00:00Z excludes the reclaim.
    expect(window.items.map((o: { kind: string }) => o.kind)).toEqual(['revoked', 'issued']);
  });

  it('renders times in the partner’s zone with tz=partner', async () => {
    const utc = (await read('/v1/voucher-quotas/Q1/operations?voucherId=V1')).json().items[0];
    const local = (await read('/v1/voucher-quotas/Q1/operations?voucherId=V1&tz=partner')).json().items[0];
    expect(utc.time).toBe('2026-09-03T02:00:00.000Z');
    expect(local.time).toBe('2026-09-02T22:00:00.000-04:00');
    expect(Date.parse(local.time)).toBe(Date.parse(utc.time));
    const subscription = (await read('/v1/customers/C2/subscriptions?tz=partner')).json().items[0];
    expect(subscription.termEnd).toBe('2026-12-14T11:00:00.000-05:00');
    // A bare date bound is read in the zone of the answer. The grant (09-02 03:00Z) and V1 (09-03 02:00Z)
    // fall on 2026-09-02 in UTC and in New York (04:00Z to 04:00Z) respectively.
    const day = '/v1/voucher-quotas/Q1/operations?from=2026-09-02&to=2026-09-03';
    const inUtc = (await read(day)).json();
    expect(inUtc.items.map((o: { kind: string }) => o.kind)).toEqual(['granted']);
    const inNewYork = (await read(`${day}&tz=partner`)).json();
    expect(inNewYork.items.map((o: { voucherId: string | null }) => o.voucherId)).toEqual(['V1']);
  });

  it('streams the whole list as CSV without a limit, and one page with its cursor header with one', async () => {
    const whole = await read('/v1/voucher-quotas/Q1/operations', 'admin', { accept: 'text/csv' });
    expect(whole.statusCode, whole.body).toBe(200);
    expect(whole.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(whole.body);
    expect(header).toEqual([
      'time',
      'quotaId',
      'kind',
      'customerId',
      'customerName',
      'voucherId',
      'amount',
      'quotaLeftAfter',
      'actor.kind',
      'actor.role',
      'actor.partnerId',
      'actor.keyId',
      'actor.user',
      'actor.command',
      'actor.value',
      'position',
      'currency',
    ]);
    expect(rows.map((row) => row[2])).toEqual(['reclaimed', 'revoked', 'issued', 'issued', 'granted']);
    expect(rows[3]?.[4]).toBe('Acme, "Cloud" Ltd');
    expect(rows[0]?.slice(8, 10)).toEqual(['api-key', 'finance']);
    // JSON: the actor as the object the audit view shows (a finance key here).
    const json = (await read('/v1/voucher-quotas/Q1/operations')).json() as { items: { actor: unknown }[] };
    expect(json.items[0]?.actor).toMatchObject({ kind: 'api-key', role: 'finance', keyId: expect.any(String) });

    const page = await read('/v1/voucher-quotas/Q1/operations?limit=2', 'admin', { accept: 'text/csv' });
    expect(parseCsv(page.body)).toHaveLength(3);
    const next = page.headers['x-next-cursor'];
    expect(typeof next).toBe('string');
    const rest = await read(`/v1/voucher-quotas/Q1/operations?cursor=${next}`, 'admin', { accept: 'text/csv' });
    expect(parseCsv(rest.body).slice(1)).toEqual(rows.slice(2));

    // A refused CSV request is a plain problem, not an attachment.
    const refused = await read('/v1/voucher-quotas/Q1/operations?cursor=bm9wZQ', 'admin', { accept: 'text/csv' });
    expectProblem(refused, 400);
    expect(refused.headers['content-disposition']).toBeUndefined();
  });

  it('lists the subscriptions of a customer with status, renewals and expiry filter', async () => {
    const c1 = (await read('/v1/customers/C1/subscriptions', 'R1')).json();
    expect(c1.nextCursor).toBeNull();
    expect(c1.items.map((s: { resourceId: string; status: string }) => [s.resourceId, s.status])).toEqual([
      ['r-1a', 'active'],
      ['r-1b', 'released'],
    ]);
    expect(c1.items[1].lastRefund).toEqual({ refundId: 'RF1', reason: 'unsubscribe' });
    expect(c1.items[0]).toMatchObject({ orderId: 'O1', autoRenew: true, termEnd: '2027-10-05T02:00:00.000Z' });

    const c2 = (await read('/v1/customers/C2/subscriptions')).json();
    expect(c2.items).toHaveLength(1);
    expect(c2.items[0].orderId).toBe('O5');
    expect(c2.items[0].renewalHistory.map((o: { orderId: string }) => o.orderId)).toEqual(['O2', 'O5']);
    expect(c2.items[0].renewalHistory[1].renewalOf).toBe('O2');

    const soon = (await read('/v1/customers/C2/subscriptions?expiringBefore=2027-01-01')).json();
    expect(soon.items.map((s: { resourceId: string }) => s.resourceId)).toEqual(['r-2a']);
    const none = (await read('/v1/customers/C2/subscriptions?expiringBefore=2026-12-01')).json();
    expect(none.items).toEqual([]);
    // r-1b is released, so only r-1a is active and expiring.
    const active = (await read('/v1/customers/C1/subscriptions?expiringBefore=2030-01-01')).json();
    expect(active.items.map((s: { resourceId: string }) => s.resourceId)).toEqual(['r-1a']);

    const first = (await read('/v1/customers/C1/subscriptions?limit=1')).json();
    expect(first.items.map((s: { resourceId: string }) => s.resourceId)).toEqual(['r-1a']);
    const second = (await read(`/v1/customers/C1/subscriptions?limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((s: { resourceId: string }) => s.resourceId)).toEqual(['r-1b']);
    expect(second.nextCursor).toBeNull();

    const csv = await read('/v1/customers/C1/subscriptions', 'admin', { accept: 'text/csv' });
    const [header, ...rows] = parseCsv(csv.body);
    expect(header).toContain('lastRefund.refundId');
    expect(rows[1]?.[header?.indexOf('lastRefund.refundId') ?? -1]).toBe('RF1');
    const history = JSON.parse(rows[0]?.[header?.indexOf('renewalHistory') ?? -1] ?? '');
    expect(history).toEqual([expect.objectContaining({ orderId: 'O1', renewalOf: null })]);
  });

  it('lets a partner key read itself and, as a distributor, its resellers; 403 for anything else', async () => {
    const allowed: [Who, string][] = [
      ['R1', '/v1/partners/R1/consumption?period=2026-10'],
      ['D1', '/v1/partners/R1/consumption?period=2026-10'],
      ['D1', '/v1/partners/D1/balance'],
      ['D1', '/v1/voucher-quotas/Q1/operations'],
      ['R1', '/v1/voucher-quotas/Q1/operations'],
      ['R1', '/v1/customers/C1/subscriptions'],
      ['D1', '/v1/customers/C2/subscriptions'],
      ['P2', '/v1/customers/C3/subscriptions'],
      ['finance', '/v1/partners/P2/balance'],
    ];
    for (const [who, url] of allowed) expect((await read(url, who)).statusCode, `${who} ${url}`).toBe(200);
    const forbidden: [Who, string][] = [
      ['R1', '/v1/partners/D1/balance'],
      ['P2', '/v1/partners/R1/consumption?period=2026-10'],
      ['R1', '/v1/partners/P2/balance'],
      ['P2', '/v1/voucher-quotas/Q1/operations'],
      ['P2', '/v1/customers/C1/subscriptions'],
      ['R1', '/v1/customers/C3/subscriptions'],
    ];
    for (const [who, url] of forbidden) expectProblem(await read(url, who), 403);
    expectProblem(await app.inject({ url: '/v1/partners/R1/balance' }), 401);
  });

  it('answers 404 for unknown ids and 400 for bad parameters', async () => {
    for (const url of [
      '/v1/partners/NOPE/consumption?period=2026-10',
      '/v1/partners/NOPE/balance',
      '/v1/voucher-quotas/NOPE/operations',
      '/v1/customers/NOPE/subscriptions',
    ]) {
      expectProblem(await read(url), 404);
    }
    for (const url of [
      '/v1/partners/R1/consumption',
      '/v1/partners/R1/consumption?period=2026-13',
      '/v1/partners/R1/consumption?period=october',
      '/v1/voucher-quotas/Q1/operations?limit=1001',
      '/v1/voucher-quotas/Q1/operations?limit=0',
      '/v1/voucher-quotas/Q1/operations?cursor=not-a-cursor',
      '/v1/voucher-quotas/Q1/operations?from=yesterday',
      '/v1/customers/C1/subscriptions?cursor=bm9wZQ',
      '/v1/customers/C1/subscriptions?expiringBefore=soon',
      '/v1/partners/R1/balance?minPosition=-1',
      '/v1/partners/R1/balance?tz=Mars',
    ]) {
      expectProblem(await get(url), 400);
    }
    // A value of the wrong form is answered with the form expected, not a pattern.
    const words = async (url: string) => expectProblem(await get(url), 400).detail;
    expect(await words('/v1/partners/R1/consumption?period=2026-13')).toBe(
      'querystring/period must be a period "YYYY-MM" like "2026-10" (got "2026-13")',
    );
    expect(await words('/v1/partners/R1/incentives?associationType=direct')).toBe(
      'querystring/associationType must be one of "referral", "resale" (got "direct")',
    );
    expect(await words('/v1/partners/R1/statements/10-2026')).toBe(
      'params/period must be a period "YYYY-MM" like "2026-10" (got "10-2026")',
    );
    expect(await words('/v1/voucher-quotas/Q1/operations?from=yesterday')).toBe(
      'from must be an ISO-8601 date like 2026-10-05 or date-time like 2026-10-05T10:00:00+08:00 (got "yesterday")',
    );
    // A value fitting no alternative of a union is said once, in the union's words.
    const rebuild = await app.inject({
      method: 'POST',
      url: '/v1/partners/R1/statements/2026-10/rebuild',
      headers: { authorization: `Bearer ${keyOf.admin}` },
      payload: { rulesVersion: 'v'.repeat(70) },
    });
    expect(expectProblem(rebuild, 400).detail).toBe(
      `body/rulesVersion must be a published rule-set version: a string of 1–64 characters like "2026.11", or a positive integer (got "${'v'.repeat(60)}…")`,
    );
    // A body keeps its JSON types: true, 1.5 or 0 is not coerced into a version string.
    for (const [rulesVersion, got] of [
      [true, 'true'],
      [1.5, '1.5'],
      [0, '0'],
      [-1, '-1'],
    ] as const) {
      const wrong = await app.inject({
        method: 'POST',
        url: '/v1/partners/R1/statements/2026-10/rebuild',
        headers: { authorization: `Bearer ${keyOf.admin}` },
        payload: { rulesVersion },
      });
      expect(expectProblem(wrong, 400).detail).toBe(
        `body/rulesVersion must be a published rule-set version: a string of 1–64 characters like "2026.11", or a positive integer (got ${got})`,
      );
    }
    // An empty body labelled JSON: refused where a body is needed, taken as none where no body is.
    const empty = (url: string) =>
      app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${keyOf.admin}`, 'content-type': 'application/json' },
        payload: '',
      });
    expect(expectProblem(await empty('/v1/partners/R1/statements/2026-10/rebuild'), 400).detail).toBe(
      'the body is empty; expected a JSON object',
    );
    expect(expectProblem(await empty('/v1/events'), 400).detail).toBe(
      'the body is empty; expected a JSON event or {"events": [...]}',
    );
    expectProblem(await empty('/v1/partners/R1/statements/2026-10/revisions/99/publish'), 404);
    const limitOk = await read('/v1/voucher-quotas/Q1/operations?limit=1000');
    expect(limitOk.statusCode).toBe(200);
  });

  it('binds a cursor to the list and filters that issued it: reused with other ones it is 400, not an empty page', async () => {
    // [first page, the same list on, the same list with another filter or id]
    const lists = [
      ['/v1/partners/R1/incentives?period=2026-10', '/v1/partners/R1/incentives?period=2026-09'],
      ['/v1/partners/R1/incentives?period=2026-10', '/v1/partners/R1/incentives?period=2026-10&status=confirmed'],
      ['/v1/voucher-quotas/Q1/operations', '/v1/voucher-quotas/Q1/operations?customerName=Beta'],
      ['/v1/voucher-quotas/Q1/operations?from=2026-09-01', '/v1/voucher-quotas/Q1/operations?from=2026-09-02'],
      ['/v1/customers/C1/subscriptions', '/v1/customers/C1/subscriptions?expiringBefore=2030-01-01'],
      ['/v1/streams/order-O1/events', '/v1/streams/customer-C1/events'],
    ];
    for (const [url, other] of lists as [string, string][]) {
      const join = (base: string, query: string) => `${base}${base.includes('?') ? '&' : '?'}${query}`;
      const first = await read(join(url, 'limit=1'));
      expect(first.statusCode, first.body).toBe(200);
      const cursor = first.json().nextCursor;
      expect(cursor, url).toEqual(expect.any(String));
      const next = await read(join(url, `limit=1&cursor=${cursor}`));
      expect(next.statusCode, `${url} continues`).toBe(200);
      expect(next.json().items[0]).not.toEqual(first.json().items[0]);
      const mismatch = await read(join(other, `limit=1&cursor=${cursor}`));
      const body = expectProblem(mismatch, 400);
      expect(body.detail, other).toMatch(/cursor was issued for other filters/);
      // CSV too: a plain problem before any row is sent.
      expectProblem(await read(join(other, `cursor=${cursor}`), 'admin', { accept: 'text/csv' }), 400);
    }
  });

  it('answers 503 with Retry-After when the projections do not reach minPosition in time', async () => {
    const impatient = await buildApp({
      store,
      apiKeys: KEYS,
      queries: { ...readSide.queries, minPositionTimeoutMs: 200 },
    });
    try {
      const started = Date.now();
      const response = await impatient.inject({
        url: `/v1/partners/R1/balance?minPosition=${lastPosition + 1000}`,
        headers: { authorization: `Bearer ${keyOf.admin}` },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      const body = expectProblem(response, 503);
      expect(response.headers['retry-after']).toBe('1');
      expect(body.minPosition).toBe(lastPosition + 1000);
      expect(body.position).toBeGreaterThanOrEqual(lastPosition);
    } finally {
      await impatient.close();
    }
  });

  it('sees a new event at once when asked with its position', async () => {
    const posted = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { authorization: `Bearer ${keyOf.admin}` },
      payload: ev('AdjustmentPosted', '2026-10-20T10:00:00+08:00', {
        adjustmentId: 'ADJ2',
        customerId: 'C3',
        amount: '0.01',
        currency: 'CNY',
        reason: 'rounding',
      }),
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const position = posted.json().lastPosition;
    const response = await get(`/v1/partners/P2/consumption?period=2026-10&minPosition=${position}`, 'P2');
    expectAmounts(response.json(), { adjustments: '0.01', net: '1000.00' });
  });

  it('writes CSV a spreadsheet opens right: a byte-order mark, Chinese names intact, formulas as text, amounts as numbers', async () => {
    const formula = '=HYPERLINK("http://evil.example","点击")';
    const events = [
      partner('P3', 'solution_provider'),
      associate('C31', formula, 'P3', 'referral'),
      associate('C32', '杭州云计算有限公司', 'P3', 'referral'),
      associate('C33', '@SUM(A1:A9)', 'P3', 'referral'),
      order('2026-11-02T10:00:00+08:00', {
        orderId: 'O31',
        customerId: 'C31',
        listAmount: '100.00',
        amount: '100.00',
        resources: [{ resourceId: 'r-31' }],
        termEnd: '2027-11-02T10:00:00+08:00',
      }),
      ev('OrderRefunded', '2026-11-03T10:00:00+08:00', {
        refundId: 'RF31',
        orderId: 'O31',
        reason: 'downgrade',
        amount: '20.00',
        resourceIds: ['r-31'],
      }),
      order('2026-11-04T10:00:00+08:00', {
        orderId: 'O32',
        customerId: 'C32',
        listAmount: '300.00',
        amount: '300.00',
        resources: [{ resourceId: 'r-32' }],
        termEnd: '2027-11-04T10:00:00+08:00',
      }),
      onDemand('2026-11-05T10:00:00+08:00', 'OD33', 'C33', '12.50'),
    ];
    const position = await postEach(events);
    const response = await get(`/v1/partners/P3/consumption?period=2026-11&minPosition=${position}`, 'admin', {
      accept: 'text/csv',
    });
    expect(response.statusCode, response.body).toBe(200);
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)], 'UTF-8 byte-order mark').toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parseCsv(bytes.toString('utf8'));
    const cell = (row: string[] | undefined, column: string) => row?.[header?.indexOf(column) ?? -1];
    const byId = new Map(rows.map((row) => [cell(row, 'customerId'), row]));
    expect(cell(byId.get('C31'), 'customerName')).toBe(`'${formula}`);
    expect(cell(byId.get('C32'), 'customerName')).toBe('杭州云计算有限公司');
    expect(cell(byId.get('C33'), 'customerName')).toBe(`'@SUM(A1:A9)`);
    expect(cell(byId.get('C31'), 'refunds.total')).toBe('20.00');

    // The incentive lines of the refund: a negative base stays a number, not text.
    const lines = await get(`/v1/partners/P3/incentives?period=2026-11&minPosition=${position}`, 'admin', {
      accept: 'text/csv',
    });
    const [lineHeader, ...lineRows] = parseCsv(lines.body);
    const refund = lineRows.find((row) => row[lineHeader?.indexOf('sourceId') ?? -1] === 'RF31');
    expect(refund?.[lineHeader?.indexOf('base') ?? -1]).toBe('-20.00');
    expect(refund?.[lineHeader?.indexOf('customerName') ?? -1]).toBe(`'${formula}`);
  });

  it('describes every query route in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    for (const path of [
      '/v1/partners/{id}/consumption',
      '/v1/partners/{id}/balance',
      '/v1/voucher-quotas/{id}/operations',
      '/v1/customers/{id}/subscriptions',
    ]) {
      const operation = doc.paths[path]?.get;
      expect(operation, path).toBeDefined();
      expect(operation.responses['200'].content['application/json'].schema).toBeDefined();
      expect(operation.parameters.map((p: { name: string }) => p.name)).toContain('minPosition');
    }
  });
});
