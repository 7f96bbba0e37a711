import { useTestDatabase } from '@reckon/database/vitest';
import { PERIOD_PATTERN } from '@reckon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, partnerRegistered } from '../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../testing/harness.js';

interface QueryParameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: { pattern?: string };
}

/**
 * SPEC §5/§6 scope, for every query of one partner's data (every GET under /v1/partners/{id}): no key
 * 401; another partner 403; a reseller on its distributor 403; a distributor on its reseller, finance
 * and admin are let through (an answer that is not 401/403). Walks the OpenAPI document, so a new
 * route is in the matrix as soon as it exists.
 */
describe('the scope matrix of every partner query', () => {
  const db = useTestDatabase('api_scope_matrix');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { tier: 'distributor' }),
      partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' }),
      partnerRegistered('P-SP'),
      customerAssociated('C-1', 'P-RES'),
    ]);
  });
  afterAll(async () => t?.close());

  /** Every GET of one partner's data, its path filled for `partnerId` and its required query given. */
  function partnerQueries(partnerId: string): string[] {
    const document = t.app.swagger() as {
      paths: Record<string, { get?: { parameters?: QueryParameter[] } }>;
    };
    const urls: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      if (!item.get || !path.startsWith('/v1/partners/{id}')) continue;
      const required = (item.get.parameters ?? []).filter((p) => p.in === 'query' && p.required);
      // A period (`period`, or a range's `from`/`to`) must be one, or the answer is a 400 before any scope check.
      const query = required
        .map((p) => `${p.name}=${p.schema?.pattern === PERIOD_PATTERN ? '2026-10' : 'x'}`)
        .join('&');
      const url = path.replace('{id}', partnerId).replace('{period}', '2026-10').replace('{revision}', '1');
      urls.push(query ? `${url}?${query}` : url);
    }
    return urls;
  }

  const status = async (url: string, key?: keyof typeof KEYS) =>
    (await t.app.inject({ method: 'GET', url, headers: key ? bearer(key) : {} })).statusCode;

  it('covers every partner query of the document', () => {
    const urls = partnerQueries('P-RES');
    expect(urls.length).toBeGreaterThanOrEqual(19);
    // Every period parameter is given as one (a 400 for its form would hide the scope answer).
    expect(urls).toContain('/v1/partners/P-RES/consumption/monthly?from=2026-10&to=2026-10');
  });

  it('answers 401 without a key, 403 to another partner and to a reseller on its distributor', async () => {
    for (const url of partnerQueries('P-RES')) {
      expect(await status(url), url).toBe(401);
      expect(await status(url, 'provider'), url).toBe(403);
    }
    for (const url of partnerQueries('P-DIST')) expect(await status(url, 'reseller'), url).toBe(403);
  });

  it('lets a distributor read its reseller, and finance and admin every partner', async () => {
    for (const url of partnerQueries('P-RES')) {
      for (const key of ['partner', 'finance', 'admin'] as const) {
        expect([401, 403], `${key} ${url}`).not.toContain(await status(url, key));
      }
      expect([401, 403], `reseller ${url}`).not.toContain(await status(url, 'reseller'));
    }
  });
});
