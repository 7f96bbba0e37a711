import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';
import { RANGED_LISTS, rangedListEvents } from '../testing/ranged-lists.js';

/**
 * A range whose start is after its end holds nothing by mistake, not by fact: every list with a
 * range answers it with 400 problem+json, as the monthly consumption always has (one check,
 * `checkRange`). Equal ends are an empty window: 200 with no items.
 */
describe('a reversed range', () => {
  const db = useTestDatabase('api_ranges');
  let t: QueryTestApp;
  const AT = '2026-10-31T15:59:59.999Z';

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed(rangedListEvents(AT, '2027-10-31T15:59:59.999Z'));
  });
  afterAll(async () => t?.close());

  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer('admin'), ...headers } });
  const items = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    return (response.json() as { items: unknown[] }).items;
  };

  it('is refused by every list with a range, in JSON and CSV, even by a microsecond', async () => {
    for (const { url, start, end } of RANGED_LISTS) {
      const reversed = `${url}?${start}=2026-11-01&${end}=2026-10-01`;
      expect(expectProblem(await get(reversed), 400).detail, reversed).toBe(
        `${start} 2026-11-01 is after ${end} 2026-10-01`,
      );
      expectProblem(await get(reversed, { accept: 'text/csv' }), 400);
      const byAMicrosecond = `${url}?${start}=2026-10-31T15:59:59.999001Z&${end}=2026-10-31T15:59:59.999Z`;
      expect(expectProblem(await get(byAMicrosecond), 400).detail, byAMicrosecond).toBe(
        `${start} 2026-10-31T15:59:59.999001Z is after ${end} 2026-10-31T15:59:59.999Z`,
      );
    }
    const monthly = expectProblem(await get('/v1/partners/P-TS/consumption/monthly?from=2026-11&to=2026-10'), 400);
    expect(monthly.detail).toBe('from 2026-11 is after to 2026-10');
  });

  it('compares the ends as the instants they name in the zone of the answer', async () => {
    // 10:00 in Shanghai is 02:00Z, before 03:00Z; read in UTC it is after.
    const url = '/v1/partners/P-TS/incentives?from=2026-10-31T10:00:00&to=2026-10-31T03:00:00Z';
    expect(await items(`${url}&tz=partner`)).toEqual([]);
    expect(expectProblem(await get(url), 400).detail).toBe('from 2026-10-31T10:00:00 is after to 2026-10-31T03:00:00Z');
  });

  it('answers equal ends with an empty window, and a range around the row with the row', async () => {
    for (const { url, start, end } of RANGED_LISTS) {
      const term = start === 'from' ? AT : '2027-10-31T15:59:59.999Z';
      expect(await items(`${url}?${start}=${term}&${end}=${term}`), url).toEqual([]);
      const around = start === 'from' ? ['2026-10-31', '2026-11-01'] : ['2027-10-31', '2027-11-01'];
      expect(await items(`${url}?${start}=${around[0]}&${end}=${around[1]}`), url).toHaveLength(1);
      // A blank end bounds nothing (a form's empty field).
      expect(await items(`${url}?${start}=${around[0]}&${end}=`), url).toHaveLength(1);
    }
  });
});
