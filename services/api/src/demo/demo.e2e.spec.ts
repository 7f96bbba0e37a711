import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '@reckon/database/vitest';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { CommandHandler } from '../application/command-handler.js';
import { type ReadSideHandle, startReadSide } from '../routes/queries/index.js';
import { openRuntime, type Runtime } from '../runtime.js';
import { curlLine, formatGuide, guideRequests } from './guide.js';
import { type DemoLoad, loadDemo } from './pipeline.js';

/** Fewer events than `pnpm demo` loads (the same year, thinner), to keep the test quick. */
const EVENTS = 4000;
const KEY = 'demo-test-admin-key-0001';

describe('pnpm demo: load, true-up, and every request of the guide', () => {
  const db = useTestDatabase('api_demo');
  let dataDir: string;
  let runtime: Runtime;
  let readSide: ReadSideHandle;
  let app: FastifyInstance;
  let commands: CommandHandler;
  let base: string;
  let first: DemoLoad;

  const load = () =>
    loadDemo(
      { app, commands, store: runtime.store, pool: readSide.queries.pool, adminKey: KEY, progress: () => {} },
      { events: EVENTS },
    );

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-demo-'));
    runtime = await openRuntime({ databaseUrl: db.url, dataDir });
    readSide = await startReadSide({ databaseUrl: db.url, store: runtime.store, billingTimeZone: 'Asia/Shanghai' });
    commands = new CommandHandler(runtime.store);
    app = await buildApp({
      store: runtime.store,
      commands,
      apiKeys: [{ key: KEY, role: 'admin' }],
      queries: readSide.queries,
      processMetrics: false,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;
    first = await load();
  });
  afterAll(async () => {
    await app?.close();
    await readSide?.close();
    await runtime?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports the programme and publishes the true-up of a closed period under the newer rules', () => {
    expect(first.appended).toBe(EVENTS);
    expect(first.duplicates).toBe(0);
    expect(first.published).toBe(true);
    const { cast } = first;
    expect(cast.closed).toContain(cast.trueUp.period);
    expect(Number(cast.trueUp.toRules)).toBeGreaterThan(Number(cast.trueUp.fromRules));
    expect(first.trueUp?.period).toBe(cast.open);
    expect(first.head).toBe(EVENTS + 1); // the programme and one StatementRevisionPublished
  });

  it('answers every request of the printed guide as its line says', async () => {
    const requests = guideRequests(first);
    const guide = formatGuide(base, KEY, first);
    expect(guide).toContain(`Admin API key: ${KEY}`);
    const answers = new Map<string, Response>();
    for (const request of requests) {
      const line = curlLine(base, KEY, request);
      expect(guide).toContain(line);
      // What the curl line sends: its URL and headers, read back from the printed line.
      const url = line.match(/'(http[^']+)'/)?.[1];
      const headers = Object.fromEntries(
        [...line.matchAll(/-H '([^:]+): ([^']+)'/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]),
      );
      expect(url).toBe(`${base}${request.path}`);
      const answer = await fetch(url!, { headers });
      expect(answer.status, `${request.title}: ${line}`).toBe(200);
      answers.set(request.path, answer);
    }
    const { cast } = first;
    const [
      statementReq,
      csvReq,
      balanceReq,
      ledgerReq,
      vouchersReq,
      discountsReq,
      consumptionReq,
      directoryReq,
      customersReq,
      unitsReq,
      onDemandReq,
      marketplaceReq,
      marketplaceSummaryReq,
      meReq,
      ...screens
    ] = requests.slice(0, -2);
    const [docsReq, metricsReq] = requests.slice(-2);
    // Every further screen of the partner centre answers with data.
    expect(((await answers.get(meReq!.path)!.json()) as { role: string }).role).toBe('admin');
    for (const screen of screens) {
      const page = (await answers.get(screen.path)!.json()) as { items: unknown[] };
      expect(page.items.length, screen.title).toBeGreaterThan(0);
    }

    const statement = (await answers.get(statementReq!.path)!.json()) as Record<string, unknown>;
    expect(statement).toMatchObject({
      partnerId: cast.pcePartner.partnerId,
      period: cast.trueUp.period,
      status: 'confirmed',
      rulesVersion: cast.trueUp.toRules,
    });
    expect(statement.revision).toBeGreaterThan(1);
    expect((statement.lines as unknown[]).length).toBeGreaterThan(0);
    expect(statement.checksum).toMatch(/^[0-9a-f]{64}$/);
    const frozen = await fetch(
      `${base}/v1/partners/${cast.pcePartner.partnerId}/statements/${cast.trueUp.period}?revision=1`,
      {
        headers: { authorization: `Bearer ${KEY}` },
      },
    );
    expect(await frozen.json()).toMatchObject({ revision: 1, rulesVersion: cast.trueUp.fromRules });

    const csvAnswer = answers.get(csvReq!.path)!;
    expect(csvAnswer.headers.get('content-type')).toContain('text/csv');
    const rows = (await csvAnswer.text()).trim().split('\n');
    // What the printed grep keeps: the header and the TrueUp row.
    expect(rows.filter((row) => /^(sourceType|TrueUp),/.test(row))).toHaveLength(2);
    const header = rows[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['sourceType', 'sourceId', 'correctsPeriod', 'amount']));
    const trueUpRow = rows
      .slice(1)
      .map((row) => row.split(','))
      .find((cells) => cells[header.indexOf('sourceType')] === 'TrueUp');
    expect(trueUpRow?.[header.indexOf('correctsPeriod')]).toBe(cast.trueUp.period);
    expect(Number(trueUpRow?.[header.indexOf('amount')])).toBeCloseTo(Number(first.trueUp?.amount), 2);

    const balance = (await answers.get(balanceReq!.path)!.json()) as {
      partnerId: string;
      funds: Record<string, string>;
      voucherQuota: Record<string, string>;
    };
    expect(balance.partnerId).toBe(cast.reseller.partnerId);
    expect(Number(balance.funds.allocated)).toBeGreaterThan(0);
    expect(Object.keys(balance.funds).sort()).toEqual(['allocated', 'available', 'reclaimed', 'returned', 'spent']);
    expect(balance.voucherQuota).toHaveProperty('available');

    type Items = { items: Array<Record<string, unknown>> };
    const ledger = (await answers.get(ledgerReq!.path)!.json()) as Items;
    expect(ledger.items.length).toBeGreaterThan(0);
    expect(ledger.items[0]).toMatchObject({ resellerId: cast.reseller.partnerId });
    // The newest row's availableAfter is the balance's available.
    expect(ledger.items[0]?.availableAfter).toBe(balance.funds.available);
    const vouchers = (await answers.get(vouchersReq!.path)!.json()) as Items;
    const discounts = (await answers.get(discountsReq!.path)!.json()) as Items;
    expect(vouchers.items.length).toBeGreaterThan(0);
    expect(discounts.items.length).toBeGreaterThan(0);

    const consumption = (await answers.get(consumptionReq!.path)!.json()) as Record<string, unknown>;
    expect(consumption).toMatchObject({ partnerId: cast.distributor.partnerId, period: cast.trueUp.period });
    expect(Array.isArray(consumption.customers)).toBe(true);

    const directory = (await answers.get(directoryReq!.path)!.json()) as { items: Array<Record<string, unknown>> };
    expect(directory.items.length).toBeGreaterThan(0);
    for (const p of directory.items) {
      expect(p).toMatchObject({ parentId: cast.distributor.partnerId, tier: 'reseller' });
      expect(p).toHaveProperty('language');
    }
    const customers = (await answers.get(customersReq!.path)!.json()) as { items: { accountName: string }[] };
    expect(customers.items).toHaveLength(3);
    for (const c of customers.items) expect(c.accountName).toMatch(/^hwc_\d{6}$/);
    const units = (await answers.get(unitsReq!.path)!.json()) as { items: { unit: string; toRoot: string }[] };
    expect(units.items.find((u) => u.unit === 'GB')).toMatchObject({ rootUnit: 'MB', toRoot: '1024' });
    const onDemand = (await answers.get(onDemandReq!.path)!.json()) as { items: { unit: string; quantity: string }[] };
    expect(onDemand.items.length).toBeGreaterThan(0);
    // The generated charges come after the catalogue: each is in its usage type's unit.
    for (const item of onDemand.items) expect(['hour', 'GB', 'GB-hour']).toContain(item.unit);
    const sales = (await answers.get(marketplaceReq!.path)!.json()) as {
      items: { amount: string; commissionRate: string; commission: string; partnerShare: string }[];
    };
    expect(sales.items.length).toBeGreaterThan(0);
    for (const t of sales.items) {
      const cents = (v: string) => Math.round(Number(v) * 100);
      expect(cents(t.commission) + cents(t.partnerShare)).toBe(cents(t.amount));
    }
    const summary = (await answers.get(marketplaceSummaryReq!.path)!.json()) as { amount: string };
    expect(Number(summary.amount)).toBeGreaterThan(0);

    expect(((await answers.get(docsReq!.path)!.json()) as { openapi: string }).openapi).toMatch(/^3\./);
    expect(await answers.get(metricsReq!.path)!.text()).toContain('reckon_projection_lag_events{projection=');
  });

  it('running it again appends nothing and publishes nothing', async () => {
    const again = await load();
    expect(again).toMatchObject({ appended: 0, duplicates: EVENTS, published: false, trueUp: null, head: first.head });
    expect(again.cast).toEqual(first.cast);
  });
});
