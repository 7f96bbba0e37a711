/**
 * The web partner centre in a real browser (docs/web.md): Debian's Chromium driven by
 * playwright-core, against the API serving services/web/dist with the demo's generated data.
 * Signs in as finance, a distributor and a reseller; checks figures against the API's answers for
 * the same query, a filter, the CSV export, an action, the scope; runs axe-core; writes a
 * screenshot of every screen in both languages to test-results/web-screenshots/; prints the first
 * screen's JavaScript (gzipped) and the overview's time to interactive.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { useTestDatabase } from '@reckon/database/vitest';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The API in-process, as its own e2e specs start it (services/api/src/demo/demo.e2e.spec.ts).
import { buildApp } from '../../api/src/app.js';
import { CommandHandler } from '../../api/src/application/command-handler.js';
import { loadDemo } from '../../api/src/demo/pipeline.js';
import { DEMO_EVENTS, type DemoCast, demoEvents, findCast } from '../../api/src/demo/programme.js';
import { WEB_DIST } from '../../api/src/plugins/web.js';
import { type ReadSideHandle, startReadSide } from '../../api/src/routes/queries/index.js';
import { openRuntime, type Runtime } from '../../api/src/runtime.js';
import { zonedToIso } from './app/format.js';
import { codeLabel } from './app/i18n.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SHOTS = path.join(ROOT, 'test-results/web-screenshots');
/** The demo's size (the overview is timed on the data it shows), or WEB_E2E_EVENTS for a quicker run. */
const EVENTS = eventCount(process.env.WEB_E2E_EVENTS);
const KEYS = {
  admin: 'web-e2e-admin-key-0001',
  finance: 'web-e2e-finance-key-0001',
  distributor: 'web-e2e-distributor-key-0001',
  reseller: 'web-e2e-reseller-key-0001',
};
const SCREENS = [
  '/',
  '/incentives',
  '/statements',
  '/vouchers',
  '/resellers',
  '/customers',
  '/subscriptions',
  '/discounts',
  '/on-demand',
  '/marketplace',
  '/settings',
];

const haveChromium = existsSync(CHROMIUM);

function eventCount(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEMO_EVENTS;
  const count = Number(value);
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`WEB_E2E_EVENTS must be a positive integer: ${value}`);
  return count;
}

/** No build of the web yet, or one older than its sources. */
function stale(): boolean {
  const index = path.join(WEB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const sources = path.join(ROOT, 'services/web/src/app');
  return readdirSync(sources).some((file) => statSync(path.join(sources, file)).mtimeMs > built);
}
if (!haveChromium && process.env.CI) {
  throw new Error(`${CHROMIUM} is missing in CI: .ci/run installs chromium and fonts-noto-cjk with apt-get`);
}
if (!haveChromium) {
  console.warn(`web.e2e.spec: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium fonts-noto-cjk)`);
}

/** "¥1,234.50" or "-CN¥12.00" → "1234.50" / "-12.00": the digits a screen shows. */
function digits(text: string): string {
  const negative = /[-−]/.test(text);
  const bare = text.replace(/[^\d.]/g, '');
  return negative ? `-${bare}` : bare;
}

describe.skipIf(!haveChromium)('web partner centre in Chromium', () => {
  const db = useTestDatabase('web_e2e');
  let dataDir: string;
  let runtime: Runtime;
  let readSide: ReadSideHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let base: string;
  let browser: Browser;
  let cast: DemoCast;
  let period: string;
  /** The partner with the most customers in `period`: the overview the browser times. */
  let largest: { partnerId: string; customerCount: number };

  const api = async (key: string, pathAndQuery: string, accept = 'application/json') => {
    const answer = await fetch(`${base}${pathAndQuery}`, { headers: { authorization: `Bearer ${key}`, accept } });
    return answer;
  };
  const json = async <T>(key: string, pathAndQuery: string): Promise<T> => {
    const answer = await api(key, pathAndQuery);
    expect(answer.status, pathAndQuery).toBe(200);
    return (await answer.json()) as T;
  };

  /** Every partner (finance's directory) and its customers in `period`; the most, the lowest id on a tie. */
  async function largestPartner(inPeriod: string): Promise<{ partnerId: string; customerCount: number }> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { partnerId: string }[]; nextCursor: string | null } = await json(
        KEYS.finance,
        `/v1/partners?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      ids.push(...page.items.map((item) => item.partnerId));
      cursor = page.nextCursor;
    } while (cursor);
    const counted = await Promise.all(
      ids.map(async (partnerId) => {
        const monthly = await json<{ items: { customerCount: number }[] }>(
          KEYS.finance,
          `/v1/partners/${encodeURIComponent(partnerId)}/consumption/monthly?from=${inPeriod}&to=${inPeriod}`,
        );
        return { partnerId, customerCount: monthly.items[0]?.customerCount ?? 0 };
      }),
    );
    return counted.reduce((best, next) => (next.customerCount > best.customerCount ? next : best));
  }

  async function session(key: string, options: { lang?: 'zh' | 'en'; width?: number; timezoneId?: string } = {}) {
    const context = await browser.newContext({
      ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
      viewport: { width: options.width ?? 1280, height: 900 },
      acceptDownloads: true,
      // axe-core is injected as an inline script, which the page's CSP (script-src 'self') refuses.
      bypassCSP: true,
    });
    await context.addInitScript({ content: `localStorage.setItem('reckon.lang', '${options.lang ?? 'zh'}')` });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.fill('input[name=apiKey]', key);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav#nav', { state: 'attached' });
    return { context, page };
  }

  beforeAll(async () => {
    if (stale()) {
      // NODE_ENV=production: vitest sets it to "test", which would bundle React's development build.
      execFileSync('pnpm', ['--filter', '@reckon/web', 'build'], {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
    }
    cast = findCast(demoEvents({ events: EVENTS }));
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-web-'));
    runtime = await openRuntime({ databaseUrl: db.url, dataDir });
    readSide = await startReadSide({ databaseUrl: db.url, store: runtime.store, billingTimeZone: 'Asia/Shanghai' });
    const commands = new CommandHandler(runtime.store);
    app = await buildApp({
      store: runtime.store,
      commands,
      apiKeys: [
        { key: KEYS.admin, role: 'admin' },
        { key: KEYS.finance, role: 'finance' },
        { key: KEYS.distributor, role: 'partner', partnerId: cast.distributor.partnerId },
        { key: KEYS.reseller, role: 'partner', partnerId: cast.reseller.partnerId },
      ],
      queries: readSide.queries,
      processMetrics: false,
      web: {},
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}`;
    const loading = performance.now();
    await loadDemo(
      { app, commands, store: runtime.store, pool: readSide.queries.pool, adminKey: KEYS.admin, progress: () => {} },
      { events: EVENTS },
    );
    console.log(`web: loaded ${EVENTS} demo events in ${((performance.now() - loading) / 1000).toFixed(1)} s`);
    // The period of the distributor with the most consumption, for the overview.
    const statements = await json<{ items: { period: string }[] }>(
      KEYS.finance,
      `/v1/partners/${cast.distributor.partnerId}/statements?limit=100`,
    );
    period = statements.items[statements.items.length - 1]?.period ?? cast.open;
    largest = await largestPartner(period);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await readSide?.close();
    await runtime?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('finance: the overview of a partner equals the API; first-screen JS size and time to interactive', async () => {
    const { context, page } = await session(KEYS.finance);
    try {
      const scripts = new Set<string>();
      page.on('response', (response) => {
        const url = new URL(response.url());
        if (url.pathname.endsWith('.js')) scripts.add(url.pathname);
      });
      const id = largest.partnerId;
      const requests: string[] = [];
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (url.pathname.startsWith('/v1/')) requests.push(url.pathname);
      });
      requests.length = 0;
      const started = Date.now();
      await page.goto(`${base}/?partner=${encodeURIComponent(id)}&period=${period}`);
      // Its figures, customers, trend and renewals all shown (the section is busy until then).
      await page.waitForSelector('[data-screen=overview][aria-busy=false] [data-figure=consumption] dd');
      await page.waitForSelector('[data-screen=overview][aria-busy=false] .trend svg rect');
      const interactive = Date.now() - started;
      // One request for the 12-month trend, not one per month.
      expect(requests.filter((p) => p.endsWith('/consumption/monthly'))).toHaveLength(1);
      expect(requests.filter((p) => p.endsWith('/consumption'))).toHaveLength(1);
      const consumption = await json<{
        consumption: string;
        net: string;
        refunds: { total: string };
        customers: unknown[];
      }>(KEYS.finance, `/v1/partners/${id}/consumption?period=${period}&tz=partner`);
      expect(digits(await page.textContent('[data-figure=consumption] dd').then(String))).toBe(consumption.consumption);
      expect(digits(await page.textContent('[data-figure=net] dd').then(String))).toBe(consumption.net);
      expect(digits(await page.textContent('[data-figure=refunds] dd').then(String))).toBe(consumption.refunds.total);
      expect(await page.locator('table[data-table=customers] tbody tr').count()).toBe(consumption.customers.length);
      expect(consumption.customers.length).toBe(largest.customerCount);
      // The trend's bar of the period says the period's consumption.
      const bar = page.locator('.trend svg g:last-child rect title');
      expect(await bar.textContent()).toContain(`${period}:`);
      expect(digits(String(await bar.textContent()).replace(`${period}:`, ''))).toBe(consumption.consumption);
      const gzipped = [...scripts].reduce(
        (sum, script) => sum + gzipSync(readFileSync(path.join(WEB_DIST, script))).length,
        0,
      );
      console.log(
        `web: first screen JS ${(gzipped / 1024).toFixed(1)} kB gzipped (${scripts.size} files); ` +
          `overview of ${id} (${period}, ${consumption.customers.length} customers) interactive in ${interactive} ms`,
      );
      expect(gzipped).toBeLessThanOrEqual(300 * 1024);
    } finally {
      await context.close();
    }
  });

  it('a distributor: list screens show the API rows; a filter changes them; the CSV is the API’s', async () => {
    const { context, page } = await session(KEYS.distributor);
    const id = cast.distributor.partnerId;
    try {
      await page.goto(`${base}/incentives`);
      await page.waitForSelector('[data-screen=incentives] tbody tr');
      const all = await json<{ items: { customerName: string | null }[] }>(
        KEYS.distributor,
        `/v1/partners/${id}/incentives?limit=50&tz=partner`,
      );
      expect(await page.locator('[data-screen=incentives] tbody tr').count()).toBe(all.items.length);
      const name = all.items.find((item) => item.customerName)?.customerName ?? '';
      const filtered = await json<{ items: unknown[] }>(
        KEYS.distributor,
        `/v1/partners/${id}/incentives?limit=50&tz=partner&customerName=${encodeURIComponent(name)}`,
      );
      await page.fill('[data-screen=incentives] input[name=customerName]', name);
      await page.click('[data-screen=incentives] button[type=submit]');
      await page.waitForFunction(
        `document.querySelectorAll('[data-screen=incentives] tbody tr').length === ${filtered.items.length}`,
      );
      // The line's detail: the events behind it by position.
      await page.click('[data-screen=incentives] tbody tr:first-child button.link');
      await page.waitForSelector('[data-detail=incentive] .positions li');

      const download = page.waitForEvent('download');
      await page.click('[data-screen=incentives] [data-action=export]');
      const file = await (await download).path();
      const csv = await api(
        KEYS.distributor,
        `/v1/partners/${id}/incentives?tz=partner&customerName=${encodeURIComponent(name)}`,
        'text/csv',
      );
      // Byte for byte (the API's CSV starts with a BOM, which Response.text() would drop).
      expect(readFileSync(file!).equals(Buffer.from(await csv.arrayBuffer()))).toBe(true);

      // Every list screen: its first table has the rows the API answers for the same query.
      for (const [route, screen, apiPath] of [
        ['/customers', 'customers', `/v1/partners/${id}/customers`],
        ['/subscriptions', 'subscriptions', `/v1/partners/${id}/subscriptions`],
        ['/discounts', 'discounts', `/v1/partners/${id}/discounts`],
        ['/on-demand', 'on-demand', `/v1/partners/${id}/on-demand`],
        ['/marketplace', 'marketplace', `/v1/partners/${id}/marketplace/transactions`],
        ['/resellers', 'resellers', `/v1/partners/${id}/resellers`],
        ['/statements', 'statements', `/v1/partners/${id}/statements`],
      ] as const) {
        await page.goto(`${base}${route}`);
        const answer = await json<{ items: unknown[] }>(KEYS.distributor, `${apiPath}?limit=50&tz=partner`);
        await page.waitForSelector(`[data-screen=${screen}] > :is(.table-wrap, [data-state=empty], [role=alert])`);
        expect(await page.locator(`[data-screen=${screen}] > .table-wrap tbody tr`).count(), route).toBe(
          answer.items.length,
        );
      }

      // Amount columns are right-aligned, heading and cells; the actions column is pinned right.
      await page.goto(`${base}/resellers`);
      await page.waitForSelector('[data-screen=resellers] td.col-actions');
      const styles = (await page.evaluate(`(() => {
        const style = (selector) => getComputedStyle(document.querySelector('[data-screen=resellers] ' + selector));
        return {
          amountHeading: style('th[class=num]').textAlign,
          amountCell: style('td[data-col="funds.available"]').textAlign,
          textCell: style('td[data-col=name]').textAlign,
          actions: style('td.col-actions').position + ' ' + style('td.col-actions').right,
          actionsHeading: style('th.col-actions').position,
        };
      })()`)) as Record<string, string>;
      expect(styles).toEqual({
        amountHeading: 'right',
        amountCell: 'right',
        textCell: 'left',
        actions: 'sticky 0px',
        actionsHeading: 'sticky',
      });
    } finally {
      await context.close();
    }
  });

  it('a changed filter shows loading until its answer: old rows dimmed, export and paging off; a slower earlier answer never wins', async () => {
    const id = cast.distributor.partnerId;
    const all = await json<{ items: { customerName: string | null }[] }>(
      KEYS.distributor,
      `/v1/partners/${id}/incentives?limit=500&tz=partner`,
    );
    const names = [...new Set(all.items.map((item) => item.customerName).filter((n): n is string => !!n))];
    const [slow, fast] = names;
    expect(fast, 'two customers with incentive lines').toBeDefined();
    const ofFast = await json<{ items: unknown[] }>(
      KEYS.distributor,
      `/v1/partners/${id}/incentives?limit=50&tz=partner&customerName=${encodeURIComponent(fast!)}`,
    );
    const { context, page } = await session(KEYS.distributor);
    try {
      await page.goto(`${base}/incentives`);
      await page.waitForSelector('[data-screen=incentives] tbody tr');
      const screen = '[data-screen=incentives]';
      // The answer to the first filter is held back 3 s.
      const isSlow = (url: URL) =>
        url.pathname.endsWith('/incentives') && url.searchParams.get('customerName') === slow;
      await page.route(isSlow, async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 3000));
        await route.continue();
      });
      await page.fill(`${screen} input[name=customerName]`, slow!);
      await page.click(`${screen} button[type=submit]`);
      // While it loads: a loading line, the old rows dimmed, export and paging off.
      await page.waitForSelector(`${screen}[data-stale=true] [data-state=refreshing]`);
      const loading = (await page.evaluate(`(() => {
        const screen = document.querySelector('[data-screen=incentives]');
        return {
          opacity: Number(getComputedStyle(screen.querySelector('tbody')).opacity),
          exportDisabled: screen.querySelector('[data-action=export]').disabled,
          pagerDisabled: [...screen.querySelectorAll('.pager button')].every((b) => b.disabled),
        };
      })()`)) as { opacity: number; exportDisabled: boolean; pagerDisabled: boolean };
      expect(loading.opacity).toBeLessThan(1);
      expect(loading).toMatchObject({ exportDisabled: true, pagerDisabled: true });
      await page.screenshot({ path: path.join(SHOTS, 'zh-incentives-filter-loading.png') });
      // A second filter while the first is still out: its answer comes first and must stay.
      const slowAnswered = page.waitForResponse((r) => isSlow(new URL(r.url())), { timeout: 10_000 });
      await page.fill(`${screen} input[name=customerName]`, fast!);
      await page.click(`${screen} button[type=submit]`);
      await page.waitForSelector(`${screen}:not([data-stale]) tbody tr`);
      await slowAnswered;
      await page.waitForTimeout(300);
      const shown = await page.locator(`${screen} td[data-col=customerName]`).allTextContents();
      expect(shown).toHaveLength(ofFast.items.length);
      expect(shown.every((cell) => cell.includes(fast!))).toBe(true);
      expect(await page.locator(`${screen} [data-action=export]`).isEnabled()).toBe(true);
      expect(await page.locator(`${screen} [data-state=refreshing]`).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('a date picked as “To” includes that whole day (in the partner’s zone): From = To is one day', async () => {
    const id = cast.distributor.partnerId;
    const newest = await json<{ items: { occurredAt: string }[] }>(
      KEYS.distributor,
      `/v1/partners/${id}/incentives?limit=1&tz=partner`,
    );
    const day = newest.items[0]!.occurredAt.slice(0, 10);
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    const ofTheDay = await json<{ items: unknown[] }>(
      KEYS.distributor,
      `/v1/partners/${id}/incentives?limit=50&tz=partner&from=${day}&to=${next}`,
    );
    expect(ofTheDay.items.length).toBeGreaterThan(0);
    const { context, page } = await session(KEYS.distributor);
    try {
      await page.goto(`${base}/incentives`);
      await page.waitForSelector('[data-screen=incentives] tbody tr');
      await page.fill('[data-screen=incentives] input[name=from]', day);
      await page.fill('[data-screen=incentives] input[name=to]', day);
      const answered = page.waitForResponse((r) => r.url().includes('/incentives?') && r.url().includes(`to=${next}`));
      await page.click('[data-screen=incentives] button[type=submit]');
      expect((await answered).status()).toBe(200);
      await page.waitForFunction(
        `document.querySelectorAll('[data-screen=incentives] tbody tr').length === ${ofTheDay.items.length}`,
      );
      const times = await page.locator('[data-screen=incentives] td[data-col=occurredAt]').allTextContents();
      expect(times.every((shown) => shown.startsWith(day))).toBe(true);
    } finally {
      await context.close();
    }
  });

  it('finance: an incentive line’s detail lists the events behind it, at the positions the line names', async () => {
    const { context, page } = await session(KEYS.finance);
    try {
      const id = cast.distributor.partnerId;
      await page.goto(`${base}/incentives?partner=${encodeURIComponent(id)}`);
      await page.selectOption('[data-screen=incentives] select[name=billingMode]', 'subscription');
      await page.click('[data-screen=incentives] button[type=submit]');
      const lines = await json<{ items: { sourceId: string; positions: number[] }[] }>(
        KEYS.finance,
        `/v1/partners/${id}/incentives?limit=50&tz=partner&billingMode=subscription`,
      );
      const first = lines.items[0]!;
      await page.waitForSelector(`[data-screen=incentives] tbody tr:first-child:has-text("${first.sourceId}")`);
      await page.click('[data-screen=incentives] tbody tr:first-child button.link');
      await page.waitForSelector('[data-screen=line-events] tbody tr');
      const shown = await page.locator('[data-screen=line-events] td[data-col=globalPosition]').allTextContents();
      // The order's own events are there, the line's among them (its association's is the customer's stream).
      expect(first.positions.filter((position) => shown.includes(String(position))).length).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SHOTS, 'zh-incentives-line-detail.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('a distributor allocates funds to its reseller, and the ledger shows it', async () => {
    const { context, page } = await session(KEYS.distributor);
    try {
      await page.goto(`${base}/resellers`);
      const form = page.locator('[data-action-form=allocate]');
      await form.locator('input[name=resellerId]').fill(cast.reseller.partnerId);
      await form.locator('input[name=amount]').fill('123.45');
      await form.locator('button[type=submit]').click();
      await form.locator('.ok').waitFor();
      await page.waitForFunction(
        "document.querySelector('[data-screen=fund-operations] tbody tr')?.textContent?.includes('123.45')",
      );
      const ledger = await json<{ items: { kind: string; amount: string; resellerId: string }[] }>(
        KEYS.distributor,
        `/v1/partners/${cast.distributor.partnerId}/fund-operations?limit=1`,
      );
      expect(ledger.items[0]).toMatchObject({
        kind: 'allocated',
        amount: '123.45',
        resellerId: cast.reseller.partnerId,
      });
    } finally {
      await context.close();
    }
  });

  it('a reseller issues a voucher from its quota, and the list shows it', async () => {
    const id = cast.reseller.partnerId;
    const customers = await json<{ items: { customerId: string }[] }>(
      KEYS.reseller,
      `/v1/partners/${id}/customers?limit=1`,
    );
    // Its distributor grants it a quota first (through the API), so there is one with something left.
    const quotaId = `Q-web-e2e-${Date.now()}`;
    const granted = await fetch(`${base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.distributor}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        eventId: crypto.randomUUID(),
        type: 'VoucherQuotaGranted',
        version: 1,
        occurredAt: new Date().toISOString(),
        data: { quotaId, grantorId: cast.distributor.partnerId, partnerId: id, amount: '100.00', currency: 'CNY' },
      }),
    });
    expect(granted.status, await granted.clone().text()).toBe(201);
    const { lastPosition } = (await granted.json()) as { lastPosition: number };
    await json(KEYS.reseller, `/v1/partners/${id}/voucher-quotas?minPosition=${lastPosition}`);
    const customerId = customers.items[0]?.customerId;
    expect(customerId).toBeDefined();
    const directory = await json<{ items: { partnerId: string; timeZone: string }[] }>(KEYS.reseller, '/v1/partners');
    const zone = directory.items.find((p) => p.partnerId === id)!.timeZone;
    // A browser in another zone than the partner's: the expiry typed is read in the partner's (as shown).
    const browserZone = zone === 'America/Los_Angeles' ? 'Asia/Tokyo' : 'America/Los_Angeles';
    const { context, page } = await session(KEYS.reseller, { timezoneId: browserZone });
    try {
      await page.goto(`${base}/vouchers`);
      const form = page.locator('[data-action-form=issue-voucher]');
      // Its default is in 30 days on the partner's clock.
      const proposed = await form.locator('input[name=expiresAt]').inputValue();
      expect(Math.abs(Date.parse(zonedToIso(proposed, zone)) - (Date.now() + 30 * 86_400_000))).toBeLessThan(120_000);
      await form.locator('input[name=quotaId]').fill(quotaId);
      await form.locator('input[name=customerId]').fill(customerId!);
      await form.locator('input[name=amount]').fill('1.25');
      await form.locator('input[name=expiresAt]').fill('2027-01-06T23:59');
      const appended = page.waitForResponse((r) => r.url().endsWith('/v1/events'));
      await form.locator('button[type=submit]').click();
      const position = ((await (await appended).json()) as { lastPosition: number }).lastPosition;
      await form.locator('.ok').waitFor();
      const vouchers = await json<{
        items: { voucherId: string; customerId: string; amount: string; expiresAt: string }[];
      }>(KEYS.reseller, `/v1/partners/${id}/vouchers?limit=1000&tz=partner&minPosition=${position}`);
      const issued = vouchers.items.filter((v) => v.customerId === customerId && v.amount === '1.25');
      expect(issued).toHaveLength(1);
      expect(issued[0]!.expiresAt).toMatch(/^2027-01-06T23:59:00(\.0+)?[+-]\d{2}:\d{2}$/);
      await page.waitForSelector(`[data-screen=vouchers] tbody tr:has-text("${issued[0]!.voucherId}")`);
    } finally {
      await context.close();
    }
  });

  it('finance rebuilds a statement: the confirmation shows the API’s true-up, and publishing takes it', async () => {
    const { context, page } = await session(KEYS.finance);
    try {
      const id = cast.pcePartner.partnerId;
      await page.goto(`${base}/statements?partner=${encodeURIComponent(id)}`);
      const row = page.locator(`[data-screen=statements] tbody tr:has-text("${cast.trueUp.period}") button.link`);
      await row.click();
      await page.waitForSelector('[data-detail=statement] [data-figure=statement-total]');
      await page.fill('[data-detail=statement] input[name=rulesVersion]', cast.trueUp.fromRules);
      const answered = page.waitForResponse((r) => r.url().endsWith('/rebuild'));
      await page.click('[data-detail=statement] .action-box button[type=submit]');
      const draft = (await (await answered).json()) as { diff: { difference: string } };
      const shown = await page.locator('[data-figure=true-up]').textContent();
      expect(digits(String(shown))).toBe(draft.diff.difference);
      await page.screenshot({ path: path.join(SHOTS, 'zh-statements-rebuild.png'), fullPage: true });
      const published = page.waitForResponse((r) => r.url().endsWith('/publish'));
      await page.click('[data-detail=statement] .confirm button:not(.secondary)');
      expect((await published).status()).toBe(200);
      await page.waitForSelector('[data-detail=statement] [role=status]');
    } finally {
      await context.close();
    }
  });

  it('statements: the lines of a revision, the current one marked; a draft left unpublished is published from its chip', async () => {
    const id = cast.pcePartner.partnerId;
    const closed = cast.trueUp.period;
    type Lines = { sourceType: string; sourceId: string; amount: string; base: string; correctsPeriod: string | null };
    const before = await json<{ revision: number; rulesVersion: string; lines: Lines[] }>(
      KEYS.finance,
      `/v1/partners/${id}/statements/${closed}?tz=partner`,
    );
    // Another rule version than the current one, so the draft differs (the rebuild test may have run).
    const rules = before.rulesVersion === cast.trueUp.fromRules ? cast.trueUp.toRules : cast.trueUp.fromRules;
    const { context, page } = await session(KEYS.finance);
    const open = async (which: string) => {
      await page.locator(`[data-screen=statements] tbody tr:has-text("${which}") button.link`).click();
      await page.waitForSelector(`[data-detail=statement] h3:has-text("${which}")`);
    };
    try {
      await page.goto(`${base}/statements?partner=${encodeURIComponent(id)}`);
      await open(closed);
      // The lines of the current revision, with their fields in words and amounts as the API's strings.
      const lines = page.locator('[data-detail=statement] table[data-table=lines]');
      await lines.waitFor();
      expect(await lines.getAttribute('data-lines')).toBe(String(before.lines.length));
      expect(await lines.locator('tbody tr').count()).toBe(Math.min(100, before.lines.length));
      const first = lines.locator('tbody tr').first();
      expect(await first.locator('td[data-col=sourceId]').textContent()).toBe(before.lines[0]!.sourceId);
      expect(digits(String(await first.locator('td[data-col=amount]').textContent()))).toBe(before.lines[0]!.amount);
      expect(digits(String(await first.locator('td[data-col=base]').textContent()))).toBe(before.lines[0]!.base);
      expect(await first.locator('td[data-col=sourceType]').textContent()).toBe(
        codeLabel('zh', 'sourceType', before.lines[0]!.sourceType),
      );
      // The current revision is marked.
      const currentChip = page.locator('[data-detail=statement] .chips button[data-current=true]');
      expect(await currentChip.getAttribute('data-revision')).toBe(String(before.revision));

      // Rebuild, then cancel the confirmation: the draft is listed at once.
      await page.fill('[data-detail=statement] input[name=rulesVersion]', rules);
      const rebuilt = page.waitForResponse((r) => r.url().endsWith('/rebuild'));
      await page.click('[data-detail=statement] .action-box button[type=submit]');
      const draft = (await (await rebuilt).json()) as { revision: number };
      await page.click('[data-detail=statement] .confirm button.secondary');
      await page.waitForSelector(
        `[data-detail=statement] .chips button[data-revision="${draft.revision}"][data-status=draft]`,
      );

      // After a reload, the draft's chip offers the publish.
      await page.reload();
      await open(closed);
      await page.click(`[data-detail=statement] .chips button[data-revision="${draft.revision}"]`);
      const publish = page.locator(
        `[data-detail=statement] [data-publish-draft="${draft.revision}"] [data-action=publish]`,
      );
      await publish.waitFor();
      await page.screenshot({ path: path.join(SHOTS, 'zh-statements-draft.png'), fullPage: true });
      const answered = page.waitForResponse((r) => r.url().endsWith(`/revisions/${draft.revision}/publish`));
      await publish.click();
      const response = await answered;
      expect(response.status()).toBe(200);
      const result = (await response.json()) as { trueUp: { period: string; amount: string } | null };
      expect(result.trueUp).not.toBeNull();
      const trueUp = result.trueUp!;
      expect(digits(String(await page.locator('[data-figure=published-true-up]').textContent()))).toBe(trueUp.amount);
      // Once the read side has it, the published revision is the current one.
      await page.waitForSelector(
        `[data-detail=statement] .chips button[data-current=true][data-revision="${draft.revision}"]`,
      );

      // The TrueUp it booked is a line of the first open period's statement.
      await open(trueUp.period);
      await lines.waitFor();
      const trueUpId = `${closed}/r${draft.revision}`;
      const row = lines.locator(`tbody tr:has(td[data-col=sourceId]:text-is("${trueUpId}"))`);
      const next = page.locator('[data-detail=statement] .pager button').last();
      for (let pages = 0; (await row.count()) === 0 && pages < 50; pages++) {
        expect(await next.isEnabled(), `${trueUpId} among the lines`).toBe(true);
        await next.click();
      }
      expect(await row.locator('td[data-col=sourceType]').textContent()).toBe('补差');
      expect(await row.locator('td[data-col=correctsPeriod]').textContent()).toBe(closed);
      expect(digits(String(await row.locator('td[data-col=amount]').textContent()))).toBe(trueUp.amount);
      await page.screenshot({ path: path.join(SHOTS, 'zh-statements-true-up-line.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('a refused row action says why above the table, and the actions column stays narrow', async () => {
    const { context, page } = await session(KEYS.distributor);
    try {
      await page.goto(`${base}/customers`);
      await page.waitForSelector('[data-screen=customers] td.col-actions [data-action=switch]');
      const detail = 'customer "C-x" is not a customer of partner "P-x" (a refusal for this test)';
      // The server refuses (as it would a stale screen's action): its reason must be readable, the table too.
      await page.route('**/v1/events', (route) =>
        route.fulfill({
          status: 403,
          contentType: 'application/problem+json',
          body: JSON.stringify({ type: 'urn:reckon:problem:forbidden', title: 'Forbidden', status: 403, detail }),
        }),
      );
      page.once('dialog', (dialog) => dialog.accept());
      await page.click('[data-screen=customers] tbody tr:first-child [data-action=switch]');
      const message = page.locator('[data-screen=customers] [data-row-message] [role=alert]');
      await message.waitFor();
      expect(await message.textContent()).toContain(detail);
      expect(await message.textContent()).toContain('403');
      const widths = (await page.evaluate(`(() => {
        const cell = document.querySelector('[data-screen=customers] td.col-actions');
        const wrap = cell.closest('.table-wrap');
        const name = document.querySelector('[data-screen=customers] td[data-col=customerName]');
        return { cell: cell.getBoundingClientRect().width, wrap: wrap.clientWidth, name: name.getBoundingClientRect().width };
      })()`)) as { cell: number; wrap: number; name: number };
      expect(widths.cell).toBeLessThan(widths.wrap / 2);
      expect(widths.name).toBeGreaterThan(0);
      await page.screenshot({ path: path.join(SHOTS, 'zh-customers-action-refused.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('a key is offered only the actions it may take (SPEC §6 Partner actions)', async () => {
    const reseller = encodeURIComponent(cast.reseller.partnerId);
    const { context, page } = await session(KEYS.distributor);
    try {
      // Its own screens: it acts there.
      await page.goto(`${base}/customers`);
      await page.waitForSelector('[data-screen=customers] [data-action=switch]');
      expect(await page.locator('nav#nav a[href="/resellers"]').count()).toBe(1);
      // Its reseller's: it reads them, it does not act for the reseller.
      for (const [route, screen] of [
        ['/customers', 'customers'],
        ['/subscriptions', 'subscriptions'],
        ['/vouchers', 'vouchers'],
      ] as const) {
        await page.goto(`${base}${route}?partner=${reseller}`);
        await page.waitForSelector(`[data-screen=${screen}] tbody tr`);
        await page.waitForLoadState('networkidle');
        expect(
          await page.locator('main [data-action]:not([data-action=export]), main [data-action-form]').count(),
          route,
        ).toBe(0);
        expect(await page.locator(`[data-screen=${screen}] th.col-actions`).count(), route).toBe(0);
      }
      await page.goto(`${base}/settings?partner=${reseller}`);
      await page.waitForSelector('[data-screen=settings]');
      await page.waitForLoadState('networkidle');
      expect(await page.locator('[data-action-form=profile]').count()).toBe(0);
      // A reseller has no resellers screen.
      expect(await page.locator('nav#nav a[href="/resellers"]').count()).toBe(0);
    } finally {
      await context.close();
    }
    // Admin on a reseller: no allocate / reclaim / grant with the reseller as the distributor.
    const admin = await session(KEYS.admin);
    try {
      await admin.page.goto(`${base}/resellers?partner=${reseller}`);
      await admin.page.waitForSelector('[data-screen=resellers]');
      await admin.page.waitForLoadState('networkidle');
      expect(await admin.page.locator('[data-action-form]').count()).toBe(0);
      await admin.page.goto(`${base}/resellers?partner=${encodeURIComponent(cast.distributor.partnerId)}`);
      await admin.page.waitForSelector('[data-action-form=allocate]');
    } finally {
      await admin.context.close();
    }
  });

  it('codes are shown in words in Chinese and English, cells and filter choices', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const { context, page } = await session(KEYS.distributor, { lang });
      try {
        // Whatever the partner's saved language, the header's switch sets the tab's.
        await page.selectOption('select[data-action=lang]', lang);
        await page.goto(`${base}/incentives`);
        await page.waitForSelector('[data-screen=incentives] tbody tr');
        const cells = [
          ...(await page.locator('[data-screen=incentives] td[data-col=associationType]').allTextContents()),
          ...(await page.locator('[data-screen=incentives] td[data-col=billingMode]').allTextContents()),
          ...(await page.locator('[data-screen=incentives] td[data-col=status]').allTextContents()),
          ...(await page.locator('[data-screen=incentives] td[data-col=sourceType]').allTextContents()),
        ];
        const codes =
          /^(referral|resale|subscription|on_demand|estimated|confirmed|Order\w+|SpecChanged|OnDemandCharged|TrueUp)$/;
        expect(
          cells.filter((cell) => codes.test(cell)),
          lang,
        ).toEqual([]);
        const choices = await page
          .locator('[data-screen=incentives] select[name=billingMode] option')
          .allTextContents();
        expect(choices, lang).toEqual(
          lang === 'zh' ? ['全部', '包年/包月', '按需'] : ['All', 'Subscription', 'On demand'],
        );
        await page.goto(`${base}/resellers`);
        const currency = page.locator('[data-action-form=allocate] label:has(input[name=currency]) span');
        expect(await currency.textContent()).toBe(lang === 'zh' ? '币种' : 'Currency');
      } finally {
        await context.close();
      }
    }
  });

  it('the partner’s saved language is the centre’s: on sign-in, and at once after saving', async () => {
    const id = cast.reseller.partnerId;
    const directory = await json<{ items: { partnerId: string; language: string | null }[] }>(
      KEYS.reseller,
      '/v1/partners',
    );
    const saved = directory.items.find((p) => p.partnerId === id)!.language;
    const original = saved?.startsWith('en') ? 'en' : 'zh';
    const other = original === 'en' ? 'zh' : 'en';
    const word = { zh: '消费概览', en: 'Overview' };
    const setting = { zh: 'zh-CN', en: 'en' };
    const navIs = (page: import('playwright-core').Page, lang: 'zh' | 'en') =>
      page.waitForFunction(`document.querySelector('nav#nav a')?.textContent === '${word[lang]}'`);
    const save = async (page: import('playwright-core').Page, lang: 'zh' | 'en') => {
      await page.goto(`${base}/settings`);
      const form = page.locator('[data-action-form=profile]');
      await form.locator('select[name=language]').selectOption(setting[lang]);
      await form.locator('button[type=submit]').click();
      await form.locator('.ok').waitFor();
    };
    // A browser whose last choice was the other language: the partner's saved one wins on sign-in.
    const { context, page } = await session(KEYS.reseller, { lang: other });
    try {
      await navIs(page, saved ? original : other);
      await page.selectOption('select[data-action=lang]', original);
      // Saved: the centre follows at once.
      await save(page, other);
      await navIs(page, other);
    } finally {
      await context.close();
    }
    const fresh = await session(KEYS.reseller, { lang: original });
    try {
      await navIs(fresh.page, other);
      expect(await fresh.page.evaluate('document.documentElement.lang')).toBe(other === 'zh' ? 'zh-CN' : 'en');
      // Back as it was, through the same form.
      await save(fresh.page, original);
      await navIs(fresh.page, original);
    } finally {
      await fresh.context.close();
    }
  });

  it('a reseller sees its own screens and not its distributor’s', async () => {
    const { context, page } = await session(KEYS.reseller);
    try {
      await page.waitForSelector('[data-figure=consumption], [data-screen=overview] [role=alert]');
      const options = await page.locator('select[data-action=partner] option').allTextContents();
      expect(options.join(' ')).not.toContain(cast.distributor.partnerId);
      await page.goto(`${base}/?partner=${encodeURIComponent(cast.distributor.partnerId)}`);
      const alert = page.locator('[data-screen=overview] [role=alert]').first();
      await alert.waitFor();
      expect(await alert.textContent()).toContain('403');
      const direct = await api(
        KEYS.reseller,
        `/v1/partners/${cast.distributor.partnerId}/consumption?period=${period}`,
      );
      expect(direct.status).toBe(403);
    } finally {
      await context.close();
    }
  });

  it('every screen in both languages: screenshots, and axe-core finds no serious or critical violation', async () => {
    const axe = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    const violations: string[] = [];
    for (const lang of ['zh', 'en'] as const) {
      const { context, page } = await session(KEYS.finance, { lang });
      try {
        for (const route of SCREENS) {
          await page.goto(`${base}${route}?partner=${encodeURIComponent(cast.distributor.partnerId)}&period=${period}`);
          await page.waitForSelector('main section h2');
          await page.waitForLoadState('networkidle');
          const name = route === '/' ? 'overview' : route.slice(1);
          await page.screenshot({ path: path.join(SHOTS, `${lang}-${name}.png`), fullPage: true });
          await page.addScriptTag({ content: axe });
          const found = (await page.evaluate(
            'axe.run().then((r) => r.violations.map((v) => v.impact + " " + v.id + " (" + v.nodes.length + ": " + v.nodes[0]?.target + ")"))',
          )) as string[];
          violations.push(
            ...found
              .filter((v) => v.startsWith('serious') || v.startsWith('critical'))
              .map((v) => `${lang} ${route}: ${v}`),
          );
        }
      } finally {
        await context.close();
      }
    }
    // A phone-sized screen.
    const { context, page } = await session(KEYS.distributor, { width: 390 });
    try {
      await page.goto(`${base}/?period=${period}`);
      await page.waitForSelector('[data-figure=consumption] dd');
      await page.screenshot({ path: path.join(SHOTS, 'zh-overview-390px.png'), fullPage: true });
      // A table wider than the phone: its actions are in view without scrolling sideways.
      await page.goto(`${base}/customers`);
      await page.waitForSelector('[data-screen=customers] td.col-actions');
      const pinned = (await page.evaluate(`(() => {
        const cell = document.querySelector('[data-screen=customers] td.col-actions');
        const wrap = cell.closest('.table-wrap');
        return {
          wide: wrap.scrollWidth > wrap.clientWidth,
          inView: cell.getBoundingClientRect().right <= wrap.getBoundingClientRect().right + 1,
        };
      })()`)) as { wide: boolean; inView: boolean };
      expect(pinned).toEqual({ wide: true, inView: true });
      await page.screenshot({ path: path.join(SHOTS, 'zh-customers-390px.png'), fullPage: true });
    } finally {
      await context.close();
    }
    console.log(`web: screenshots in ${path.relative(ROOT, SHOTS)}`);
    expect(violations).toEqual([]);
  }, 300_000);
});
