import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, partnerRegistered } from '../testing/events.js';
import { bearer, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';

/** SPEC §6: an unknown query parameter is a 400 naming it, on every route that takes parameters. */
describe('unknown query parameters', () => {
  const db = useTestDatabase('api_unknown_parameters');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([partnerRegistered('P1'), customerAssociated('C1', 'P1')]);
  });
  afterAll(async () => t?.close());

  /** Every GET operation of the OpenAPI document with query parameters, its path filled in. */
  function queryOperations(): Array<{ url: string; known: string[] }> {
    const document = t.app.swagger() as {
      paths: Record<string, { get?: { parameters?: Array<{ in: string; name: string }> } }>;
    };
    const operations: Array<{ url: string; known: string[] }> = [];
    for (const [path, item] of Object.entries(document.paths)) {
      const known = (item.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (known.length === 0) continue;
      const url = path
        .replace('{streamId}', 'customer-C1')
        .replace('{period}', '2026-10')
        .replace('{revision}', '1')
        .replace(/\{id\}/, path.startsWith('/v1/customers') ? 'C1' : 'P1');
      operations.push({ url, known });
    }
    return operations;
  }

  it('are refused with 400 problem+json naming the parameter and the ones the route takes', async () => {
    const operations = queryOperations();
    expect(operations.map((o) => o.url)).toEqual(
      expect.arrayContaining(['/v1/partners/P1/consumption', '/v1/partners/P1/incentives']),
    );
    for (const { url, known } of operations) {
      const response = await t.app.inject({ method: 'GET', url: `${url}?periodd=2026-10`, headers: bearer('admin') });
      const body = expectProblem(response, 400);
      expect(body.detail, url).toContain('querystring/periodd: is not a parameter here; it takes');
      for (const name of known) expect(body.detail, url).toContain(name);
    }
  });

  it('leave the known ones working (a misspelt filter no longer answers everything)', async () => {
    const good = await t.app.inject({
      method: 'GET',
      url: '/v1/partners/P1/consumption?period=2026-10',
      headers: bearer('admin'),
    });
    expect(good.statusCode, good.body).toBe(200);
    const misspelt = await t.app.inject({
      method: 'GET',
      url: '/v1/partners/P1/incentives?period=2026-10&customername=x',
      headers: bearer('admin'),
    });
    expect(expectProblem(misspelt, 400).detail).toContain('customername');
  });
});
