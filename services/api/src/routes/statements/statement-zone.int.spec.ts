import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, envelope, orderPlaced, partnerRegistered } from '../../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';

/**
 * SPEC §5: times are ISO-8601, in the partner's zone with `?tz=partner`; a statement's lines are
 * incentive items, so a statement renders them exactly as the incentive detail does, in JSON and
 * CSV, for the current revision, an earlier one and a draft.
 */
describe('a statement with ?tz=partner', () => {
  const db = useTestDatabase('api_statement_zone');
  let t: QueryTestApp;
  // 06:40Z on the day Chicago leaves summer time: 01:40 CDT (−05:00); booked into 2026-11 in Shanghai.
  const AT = '2026-11-01T06:40:00Z';
  const LOCAL = '2026-11-01T01:40:00.000-05:00';

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-CHI', { timeZone: 'America/Chicago' }),
      customerAssociated('C-CHI', 'P-CHI'),
      envelope('IncentiveRulesPublished', {
        version: 'z.1',
        effectiveFrom: '2026-10',
        rules: [{ id: 'all', rate: '0.1' }],
      }),
      envelope('IncentiveRulesPublished', {
        version: 'z.2',
        effectiveFrom: '2027-01',
        rules: [{ id: 'all', rate: '0.2' }],
      }),
      { ...orderPlaced('O-CHI', 'C-CHI', '100.00'), occurredAt: AT },
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer('admin'), ...headers } });
  type Lines = { lines: { sourceId: string; occurredAt: string }[] };
  /** The occurredAt column of a CSV (BOM, header row, CRLF) for the line of O-CHI. */
  const csvOccurredAt = (body: string) => {
    const [header, ...rows] = body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const column = header?.split(',').indexOf('occurredAt') ?? -1;
    const row = rows.find((r) => r.startsWith('OrderPlaced,O-CHI,'));
    return row?.split(',')[column];
  };

  it('renders the lines as the incentive detail does, in JSON and CSV', async () => {
    const detail = (await get('/v1/partners/P-CHI/incentives?tz=partner')).json() as { items: Lines['lines'] };
    expect(detail.items.map((l) => l.occurredAt)).toEqual([LOCAL]);

    const statement = await get('/v1/partners/P-CHI/statements/2026-11?tz=partner');
    expect(statement.statusCode, statement.body).toBe(200);
    expect((statement.json() as Lines).lines).toEqual(detail.items);
    const utc = (await get('/v1/partners/P-CHI/statements/2026-11')).json() as Lines;
    expect(utc.lines.map((l) => l.occurredAt)).toEqual(['2026-11-01T06:40:00.000Z']);

    const csv = await get('/v1/partners/P-CHI/statements/2026-11?tz=partner', { accept: 'text/csv' });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csvOccurredAt(csv.body)).toBe(LOCAL);
    const detailCsv = await get('/v1/partners/P-CHI/incentives?tz=partner', { accept: 'text/csv' });
    expect(csvOccurredAt(detailCsv.body)).toBe(LOCAL);
  });

  it('renders an earlier revision and a draft in the partner’s zone too', async () => {
    const rebuilt = await t.app.inject({
      method: 'POST',
      url: '/v1/partners/P-CHI/statements/2026-11/rebuild',
      headers: bearer('admin'),
      payload: { rulesVersion: 'z.2' },
    });
    expect(rebuilt.statusCode, rebuilt.body).toBe(201);
    const draft = (rebuilt.json() as { revision: number }).revision;
    for (const revision of [1, draft]) {
      const url = `/v1/partners/P-CHI/statements/2026-11?revision=${revision}&tz=partner`;
      const json = await get(url);
      expect(json.statusCode, json.body).toBe(200);
      expect(
        (json.json() as Lines).lines.map((l) => l.occurredAt),
        url,
      ).toEqual([LOCAL]);
      expect(csvOccurredAt((await get(url, { accept: 'text/csv' })).body), url).toBe(LOCAL);
    }
  });

  it('has no time in the list of statements or of revisions: tz=partner answers what UTC does', async () => {
    for (const url of ['/v1/partners/P-CHI/statements?year=2026', '/v1/partners/P-CHI/statements/2026-11/revisions']) {
      const utc = await get(url);
      expect(utc.statusCode, utc.body).toBe(200);
      expect((await get(`${url}${url.includes('?') ? '&' : '?'}tz=partner`)).json()).toEqual(utc.json());
    }
  });
});
