import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, type Envelope, envelope, orderPlaced, partnerRegistered } from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

/**
 * SPEC §6: `PartnerProfileChanged` (time zone, language, level) and `CustomerAssociated.accountName`,
 * from the event over HTTP to the directory queries. P-DIST is the `partner` key's distributor,
 * P-RES (the `reseller` key) its reseller.
 */
describe('the partner profile and customer account names', () => {
  const db = useTestDatabase('api_partner_profile');
  let t: QueryTestApp;
  const withAccount = (customerId: string, partnerId: string, accountName?: string) => {
    const e = customerAssociated(customerId, partnerId);
    if (accountName !== undefined) e.data.accountName = accountName;
    return e;
  };

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { name: 'Huadong', tier: 'distributor', level: 'gold' }),
      partnerRegistered('P-RES', { name: 'Hangzhou', tier: 'reseller', parentId: 'P-DIST', level: 'silver' }),
      withAccount('C-A', 'P-RES', 'Acme-Prod'),
      withAccount('C-B', 'P-RES', 'beta_games'),
      withAccount('C-N', 'P-RES'),
      withAccount('C-D', 'P-DIST', '华东-账号'),
      withAccount('C-R', 'P-RES', 'old-account'),
    ]);
    // In a batch of its own: a switch keeps the account name the association gave; a new association
    // gives its own (none: null).
    await t.seed([
      envelope('CustomerDisassociated', { customerId: 'C-R', partnerId: 'P-RES' }, '2026-10-06T09:00:00+08:00'),
      { ...withAccount('C-R', 'P-RES'), occurredAt: '2026-10-06T09:30:00+08:00' },
      envelope(
        'AssociationTypeSwitched',
        { customerId: 'C-A', partnerId: 'P-RES', associationType: 'resale' },
        '2026-10-06T10:00:00+08:00',
      ),
      envelope('IncentiveRulesPublished', {
        version: '1',
        effectiveFrom: '2026-10',
        rules: [{ id: 'base', rate: '0.03' }],
      }),
      { ...orderPlaced('O-B', 'C-B', '100.00'), occurredAt: '2026-10-07T10:00:00+08:00' },
      { ...orderPlaced('O-N', 'C-N', '200.00'), occurredAt: '2026-10-07T11:00:00+08:00' },
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });
  const post = (key: keyof typeof KEYS, events: Envelope[]) =>
    t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: { events } });
  const profile = (data: Record<string, unknown>) =>
    envelope('PartnerProfileChanged', data, '2026-10-08T10:00:00+08:00');
  /** Appends as `key` (201) and answers the position to read at. */
  const appended = async (key: keyof typeof KEYS, ...events: Envelope[]) => {
    const response = await post(key, events);
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { lastPosition: number }).lastPosition;
  };
  const directory = async (at: number) =>
    ((await get(`/v1/partners?minPosition=${at}`, 'admin')).json() as { items: Array<Record<string, unknown>> }).items;

  it('GET /v1/partners/{id}/customers shows accountName and filters on it (substring, case-insensitive)', async () => {
    type Item = { customerId: string; accountName: string | null; associationType: string };
    const list = async (url: string, key: keyof typeof KEYS = 'admin') =>
      ((await get(url, key)).json() as { items: Item[] }).items;
    expect(
      (await list('/v1/partners/P-RES/customers')).map((c) => [c.customerId, c.accountName, c.associationType]),
    ).toEqual([
      ['C-A', 'Acme-Prod', 'resale'],
      ['C-B', 'beta_games', 'referral'],
      ['C-N', null, 'referral'],
      ['C-R', null, 'referral'],
    ]);
    const ids = async (url: string, key?: keyof typeof KEYS) => (await list(url, key)).map((c) => c.customerId);
    expect(await ids('/v1/partners/P-RES/customers?accountName=acme')).toEqual(['C-A']);
    expect(await ids('/v1/partners/P-RES/customers?accountName=old')).toEqual([]);
    expect(await ids('/v1/partners/P-RES/customers?accountName=PROD', 'reseller')).toEqual(['C-A']);
    // `_` and `%` are taken literally.
    expect(await ids('/v1/partners/P-RES/customers?accountName=e_p')).toEqual([]);
    expect(await ids('/v1/partners/P-RES/customers?accountName=a_games')).toEqual(['C-B']);
    expect(await ids('/v1/partners/P-RES/customers?accountName=%25')).toEqual([]);
    expect(await ids('/v1/partners/P-DIST/customers?accountName=%E5%8D%8E%E4%B8%9C', 'partner')).toEqual(['C-D']);
    const csv = await get('/v1/partners/P-RES/customers?accountName=beta', 'admin', { accept: 'text/csv' });
    expect(csv.body).toContain('customerId,customerName,accountName,');
    expect(csv.body).toContain('C-B,Customer C-B,beta_games,');
  });

  it('GET /v1/partners/{id}/incentives filters on the customer’s account name', async () => {
    const orders = async (query: string) =>
      (
        (await get(`/v1/partners/P-RES/incentives${query}`, 'reseller')).json() as { items: { orderId: string }[] }
      ).items.map((l) => l.orderId);
    expect(await orders('')).toEqual(['O-B', 'O-N']);
    expect(await orders('?accountName=BETA_')).toEqual(['O-B']);
    expect(await orders('?accountName=acme')).toEqual([]);
    expectProblem(await get(`/v1/partners/P-RES/incentives?accountName=${'x'.repeat(1025)}`, 'reseller'), 400);
  });

  it('a partner key changes its own time zone and language; GET /v1/me, /v1/partners and ?tz=partner follow', async () => {
    expect((await get('/v1/me', 'partner')).json()).not.toHaveProperty('language');
    const before = await get('/v1/partners/P-DIST/customers?tz=partner', 'partner');
    expect((before.json() as { items: { associatedAt: string }[] }).items[0]?.associatedAt).toBe(
      '2026-10-05T10:00:00.000+08:00',
    );

    const at = await appended('partner', profile({ partnerId: 'P-DIST', timeZone: 'Europe/Berlin', language: 'en' }));
    expect((await get(`/v1/me?minPosition=${at}`, 'partner')).json()).toEqual({
      role: 'partner',
      partnerId: 'P-DIST',
      partnerName: 'Huadong',
      tier: 'distributor',
      timeZone: 'Europe/Berlin',
      language: 'en',
      resellers: ['P-RES'],
    });
    expect((await directory(at)).find((p) => p.partnerId === 'P-DIST')).toMatchObject({
      timeZone: 'Europe/Berlin',
      language: 'en',
      level: 'gold',
    });
    const zoned = await get(`/v1/partners/P-DIST/customers?tz=partner&minPosition=${at}`, 'partner');
    expect((zoned.json() as { items: { associatedAt: string }[] }).items[0]?.associatedAt).toBe(
      '2026-10-05T04:00:00.000+02:00',
    );

    // The audit view of a partner's stream renders times in the zone the partner has now.
    const audit = await get('/v1/streams/partner-P-DIST/events?tz=partner', 'admin');
    expect((audit.json() as { items: { occurredAt: string }[] }).items.map((e) => e.occurredAt)).toEqual([
      '2026-10-05T04:00:00.000+02:00',
      '2026-10-08T04:00:00.000+02:00',
    ]);

    // Only the fields given change: a language alone keeps the zone.
    const again = await appended('reseller', profile({ partnerId: 'P-RES', language: 'zh-CN' }));
    expect((await directory(again)).find((p) => p.partnerId === 'P-RES')).toMatchObject({
      timeZone: 'Asia/Shanghai',
      language: 'zh-CN',
      level: 'silver',
    });
    expect((await get(`/v1/me?minPosition=${again}`, 'reseller')).json()).toMatchObject({ language: 'zh-CN' });
  });

  it('a partner key may not change its level, nor another partner’s profile (403, log unchanged)', async () => {
    const forbidden = async (key: keyof typeof KEYS, data: Record<string, unknown>, detail: RegExp) => {
      const head = await t.store.headPosition();
      const body = expectProblem(await post(key, [profile(data)]), 403);
      expect(body).toMatchObject({ type: 'urn:reckon:problem:forbidden', index: 0 });
      expect(body.detail).toMatch(detail);
      expect(await t.store.headPosition()).toBe(head);
    };
    await forbidden('partner', { partnerId: 'P-DIST', level: 'platinum' }, /may not change its own level/);
    await forbidden('partner', { partnerId: 'P-DIST', language: 'en', level: 'gold' }, /own level/);
    await forbidden('partner', { partnerId: 'P-RES', language: 'en' }, /only its own profile/);
    await forbidden('reseller', { partnerId: 'P-DIST', timeZone: 'UTC' }, /only its own profile/);
    await forbidden('provider', { partnerId: 'P-DIST', language: 'en' }, /only its own profile/);
  });

  it('admin changes a level; bad values are 400 and an unknown partner 422, nothing appended', async () => {
    const at = await appended('admin', profile({ partnerId: 'P-RES', level: 'platinum' }));
    expect((await directory(at)).find((p) => p.partnerId === 'P-RES')).toMatchObject({ level: 'platinum' });

    const head = await t.store.headPosition();
    for (const data of [
      { partnerId: 'P-DIST' },
      { partnerId: 'P-DIST', timeZone: 'Mars/Olympus' },
      { partnerId: 'P-DIST', language: 'zh_CN' },
      { partnerId: 'P-DIST', language: 'en', colour: 'red' },
    ]) {
      expectProblem(await post('admin', [profile(data)]), 400);
      expectProblem(await post('partner', [profile(data)]), 400);
    }
    const unknown = expectProblem(await post('admin', [profile({ partnerId: 'P-NONE', language: 'en' })]), 422);
    expect(unknown).toMatchObject({ rule: 'referenced-id-exists' });
    expect(await t.store.headPosition()).toBe(head);
  });
});
