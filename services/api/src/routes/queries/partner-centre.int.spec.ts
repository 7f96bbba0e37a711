import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  envelope,
  orderPlaced,
  orderRefunded,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

/**
 * The actor of an event posted with the admin test key (POST /v1/events): the metadata's actor
 * object, as the audit view gives it, its keyId derived from the key.
 */
const ACTOR = { kind: 'api-key', role: 'admin', keyId: 'key-14d3bc2edef3' };

/** SPEC §6 "Who and what" and "Customers", over a small programme written out here. */
describe('the partner centre: who and what, customers', () => {
  const db = useTestDatabase('api_partner_centre');
  let t: QueryTestApp;
  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await t.seed([
      partnerRegistered('P-DIST', { name: '华东云分销', tier: 'distributor' }),
      partnerRegistered('P-RES', { name: 'Hangzhou Reseller', tier: 'reseller', parentId: 'P-DIST', level: 'silver' }),
      partnerRegistered('P-RES2', { name: 'Ningbo Reseller', tier: 'reseller', parentId: 'P-DIST' }),
      partnerRegistered('P-SP', { name: 'Shanghai Solutions', timeZone: 'America/New_York', level: undefined }),
      envelope('PartnerProgramEnrolled', { partnerId: 'P-SP', program: 'PCE' }),
      envelope('PartnerProgramEnrolled', { partnerId: 'P-RES', program: 'PCE' }),
      envelope('PartnerProgramWithdrawn', { partnerId: 'P-RES', program: 'PCE' }, '2026-10-06T10:00:00+08:00'),
      customerAssociated('C-B', 'P-RES', 'resale'),
      customerAssociated('C-A', 'P-RES', 'referral'),
      customerAssociated('C-GONE', 'P-RES', 'referral'),
      envelope('CustomerDisassociated', { customerId: 'C-GONE', partnerId: 'P-RES' }, '2026-10-07T10:00:00+08:00'),
      customerAssociated('C-SP', 'P-SP'),
      envelope('FundsAllocated', {
        allocationId: 'AL1',
        distributorId: 'P-DIST',
        resellerId: 'P-RES',
        amount: '500.00',
        currency: 'CNY',
      }),
      envelope('FundsReclaimed', {
        reclaimId: 'RC1',
        distributorId: 'P-DIST',
        resellerId: 'P-RES',
        amount: '120.50',
        currency: 'CNY',
      }),
      voucherQuotaGranted('Q-2', 'P-DIST', 'P-RES', '300.00'),
      voucherQuotaGranted('Q-1', 'P-DIST', 'P-RES', '100.00'),
      voucherIssued('V-1', 'Q-2', 'C-B', '40.00'),
      // C-REL (P-RES2) unsubscribes a resource whose term has ended since and one whose term runs on.
      customerAssociated('C-REL', 'P-RES2'),
      orderPlaced('O-REL1', 'C-REL', '3.00', { termEnd: '2026-11-01T00:00:00+08:00' }),
      orderPlaced('O-REL2', 'C-REL', '3.00'),
      orderPlaced('O-REL3', 'C-REL', '3.00', { termEnd: '2026-11-02T00:00:00+08:00' }),
      orderRefunded('RF-REL1', 'O-REL1', '1.00'),
      orderRefunded('RF-REL2', 'O-REL2', '1.00'),
      // C-Z buys under P-RES, moves to P-SP and buys again: each partner sees what was bought under it.
      customerAssociated('C-Z', 'P-RES'),
      orderPlaced('O-Z0', 'C-Z', '5.00', { resources: [{ resourceId: 'r-z0' }], termEnd: '2026-11-15T00:00:00+08:00' }),
      orderPlaced('O-Z1', 'C-Z', '10.00', { resources: [{ resourceId: 'r-z1' }], autoRenew: true }),
      envelope('CustomerDisassociated', { customerId: 'C-Z', partnerId: 'P-RES' }, '2026-10-20T10:00:00+08:00'),
      { ...customerAssociated('C-Z', 'P-SP'), occurredAt: '2026-10-21T10:00:00+08:00' },
      {
        ...orderPlaced('O-Z2', 'C-Z', '7.00', {
          resources: [{ resourceId: 'r-z2' }],
          productType: 'rds',
          termEnd: '2027-10-22T10:00:00+08:00',
        }),
        occurredAt: '2026-10-22T10:00:00+08:00',
      },
    ]);
  });
  afterAll(async () => t?.close());

  const get = (url: string, key: keyof typeof KEYS, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...bearer(key), ...headers } });

  it('GET /v1/me says who the key is', async () => {
    expect((await get('/v1/me', 'admin')).json()).toEqual({ role: 'admin' });
    expect((await get('/v1/me', 'finance')).json()).toEqual({ role: 'finance' });
    expect((await get('/v1/me', 'partner')).json()).toEqual({
      role: 'partner',
      partnerId: 'P-DIST',
      partnerName: '华东云分销',
      tier: 'distributor',
      timeZone: 'Asia/Shanghai',
      resellers: ['P-RES', 'P-RES2'],
    });
    expect((await get('/v1/me', 'provider')).json()).toEqual({
      role: 'partner',
      partnerId: 'P-SP',
      partnerName: 'Shanghai Solutions',
      tier: 'solution_provider',
      timeZone: 'America/New_York',
    });
    expect((await t.app.inject({ method: 'GET', url: '/v1/me' })).statusCode).toBe(401);
  });

  it('GET /v1/partners is the directory each key may read, filtered and paged', async () => {
    const ids = async (url: string, key: keyof typeof KEYS) =>
      ((await get(url, key)).json() as { items: { partnerId: string }[] }).items.map((p) => p.partnerId);
    expect(await ids('/v1/partners', 'admin')).toEqual(['P-DIST', 'P-RES', 'P-RES2', 'P-SP']);
    expect(await ids('/v1/partners', 'finance')).toEqual(['P-DIST', 'P-RES', 'P-RES2', 'P-SP']);
    expect(await ids('/v1/partners', 'partner')).toEqual(['P-DIST', 'P-RES', 'P-RES2']);
    expect(await ids('/v1/partners', 'reseller')).toEqual(['P-RES']);
    expect(await ids('/v1/partners', 'provider')).toEqual(['P-SP']);
    expect(await ids('/v1/partners?tier=reseller', 'admin')).toEqual(['P-RES', 'P-RES2']);
    // A tier that is none of SPEC's is a bad filter, not an empty list.
    expect(expectProblem(await get('/v1/partners?tier=gold', 'admin'), 400).detail).toBe(
      'querystring/tier must be one of "distributor", "reseller", "solution_provider" (got "gold")',
    );
    expect(await ids('/v1/partners?parentId=P-DIST', 'admin')).toEqual(['P-RES', 'P-RES2']);
    expect(await ids('/v1/partners?name=ningbo', 'admin')).toEqual(['P-RES2']);
    expect(await ids('/v1/partners?name=%25', 'admin')).toEqual([]);

    const all = (await get('/v1/partners?parentId=P-DIST', 'admin')).json() as { items: unknown[] };
    expect(all.items[0]).toEqual({
      partnerId: 'P-RES',
      name: 'Hangzhou Reseller',
      tier: 'reseller',
      parentId: 'P-DIST',
      level: 'silver',
      timeZone: 'Asia/Shanghai',
      language: null,
      currency: 'CNY',
      programs: [],
    });
    const sp = (await get('/v1/partners', 'provider')).json() as { items: Array<Record<string, unknown>> };
    expect(sp.items[0]).toMatchObject({ partnerId: 'P-SP', level: null, programs: ['PCE'] });

    const first = (await get('/v1/partners?limit=2', 'admin')).json() as { items: unknown[]; nextCursor: string };
    expect(first.items).toHaveLength(2);
    const second = (await get(`/v1/partners?limit=2&cursor=${first.nextCursor}`, 'admin')).json() as {
      items: { partnerId: string }[];
      nextCursor: string | null;
    };
    expect(second.items.map((p) => p.partnerId)).toEqual(['P-RES2', 'P-SP']);
    expect(second.nextCursor).toBeNull();
    expectProblem(await get(`/v1/partners?limit=2&tier=reseller&cursor=${first.nextCursor}`, 'admin'), 400);

    const csv = await get('/v1/partners?tier=distributor', 'admin', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('partnerId,name,tier,parentId,level,timeZone,language,currency,programs');
    expect(csv.body).toContain('P-DIST,华东云分销,distributor');
  });

  it('GET /v1/partners/{id}/customers lists the customers associated now, scoped like every query', async () => {
    const page = (await get('/v1/partners/P-RES/customers', 'admin')).json() as { items: unknown[] };
    expect(page.items).toEqual([
      {
        customerId: 'C-A',
        customerName: 'Customer C-A',
        accountName: null,
        associationType: 'referral',
        accountManager: 'Li Lei',
        associatedAt: '2026-10-05T02:00:00.000Z',
      },
      {
        customerId: 'C-B',
        customerName: 'Customer C-B',
        accountName: null,
        associationType: 'resale',
        accountManager: 'Li Lei',
        associatedAt: '2026-10-05T02:00:00.000Z',
      },
    ]);
    const resale = (await get('/v1/partners/P-RES/customers?associationType=resale', 'partner')).json() as {
      items: { customerId: string }[];
    };
    expect(resale.items.map((c) => c.customerId)).toEqual(['C-B']);
    const named = (await get('/v1/partners/P-RES/customers?customerName=c-a', 'reseller')).json() as {
      items: { customerId: string }[];
    };
    expect(named.items.map((c) => c.customerId)).toEqual(['C-A']);
    const zoned = (await get('/v1/partners/P-SP/customers?tz=partner&customerName=C-SP', 'provider')).json() as {
      items: { associatedAt: string }[];
    };
    expect(zoned.items[0]?.associatedAt).toBe('2026-10-04T22:00:00.000-04:00');

    expectProblem(await get('/v1/partners/P-SP/customers', 'partner'), 403);
    expectProblem(await get('/v1/partners/P-DIST/customers', 'reseller'), 403);
    expectProblem(await get('/v1/partners/P-NONE/customers', 'admin'), 404);
    expectProblem(await get('/v1/partners/P-RES/customers?associationType=other', 'admin'), 400);
    expect((await t.app.inject({ method: 'GET', url: '/v1/partners/P-RES/customers' })).statusCode).toBe(401);
  });

  it('GET /v1/partners/{id}/resellers gives each reseller of a distributor its funds and quota', async () => {
    const page = (await get('/v1/partners/P-DIST/resellers', 'partner')).json() as { items: unknown[] };
    expect(page.items).toEqual([
      {
        partnerId: 'P-RES',
        name: 'Hangzhou Reseller',
        currency: 'CNY',
        funds: { allocated: '500.00', reclaimed: '120.50', spent: '0.00', returned: '0.00', available: '379.50' },
        voucherQuota: { granted: '400.00', issued: '40.00', reclaimed: '0.00', returned: '0.00', available: '360.00' },
      },
      {
        partnerId: 'P-RES2',
        name: 'Ningbo Reseller',
        currency: 'CNY',
        funds: { allocated: '0.00', reclaimed: '0.00', spent: '0.00', returned: '0.00', available: '0.00' },
        voucherQuota: { granted: '0.00', issued: '0.00', reclaimed: '0.00', returned: '0.00', available: '0.00' },
      },
    ]);
    expect(((await get('/v1/partners/P-SP/resellers', 'admin')).json() as { items: unknown[] }).items).toEqual([]);
    expectProblem(await get('/v1/partners/P-DIST/resellers', 'reseller'), 403);
    const csv = await get('/v1/partners/P-DIST/resellers', 'finance', { accept: 'text/csv' });
    expect(csv.body).toContain('funds.available');
    expect(csv.body).toContain('P-RES,Hangzhou Reseller,CNY,500.00,120.50,0.00,0.00,379.50');
  });

  it('GET /v1/partners/{id}/voucher-quotas lists the quotas a partner holds', async () => {
    const page = (await get('/v1/partners/P-RES/voucher-quotas', 'reseller')).json() as {
      items: Array<Record<string, unknown>>;
    };
    expect(page.items.map((q) => [q.quotaId, q.granted, q.issued, q.available, q.grantorId, q.currency])).toEqual([
      ['Q-1', '100.00', '0.00', '100.00', 'P-DIST', 'CNY'],
      ['Q-2', '300.00', '40.00', '260.00', 'P-DIST', 'CNY'],
    ]);
    expect(page.items[0]?.grantedAt).toBe('2026-10-05T02:00:00.000Z');
    const zoned = (await get('/v1/partners/P-RES/voucher-quotas?tz=partner&limit=1', 'partner')).json() as {
      items: Array<Record<string, unknown>>;
      nextCursor: string;
    };
    expect(zoned.items[0]?.grantedAt).toBe('2026-10-05T10:00:00.000+08:00');
    expect(zoned.nextCursor).toBeTruthy();
    expectProblem(await get('/v1/partners/P-RES/voucher-quotas', 'provider'), 403);
  });

  it('GET /v1/partners/{id}/subscriptions gives each partner the resources bought while the customer was its own', async () => {
    type Item = { resourceId: string; customerName: string; status: string; termEnd: string; autoRenew: boolean };
    const list = async (url: string, key: keyof typeof KEYS = 'admin') =>
      ((await get(url, key)).json() as { items: Item[] }).items;
    const res = await list('/v1/partners/P-RES/subscriptions');
    expect(res.map((s) => [s.resourceId, s.status, s.customerName])).toEqual([
      ['r-z0', 'expired', 'Customer C-Z'],
      ['r-z1', 'active', 'Customer C-Z'],
    ]);
    expect((await list('/v1/partners/P-SP/subscriptions', 'provider')).map((s) => s.resourceId)).toEqual(['r-z2']);
    expect((await list('/v1/partners/P-RES/subscriptions?status=expired')).map((s) => s.resourceId)).toEqual(['r-z0']);
    expect((await list('/v1/partners/P-RES/subscriptions?status=active')).map((s) => s.resourceId)).toEqual(['r-z1']);
    expect((await list('/v1/partners/P-RES/subscriptions?autoRenew=true')).map((s) => s.resourceId)).toEqual(['r-z1']);
    expect((await list('/v1/partners/P-RES/subscriptions?expiringBefore=2027-01-01')).map((s) => s.resourceId)).toEqual(
      ['r-z0'],
    );
    expect((await list('/v1/partners/P-RES/subscriptions?expiringAfter=2027-01-01')).map((s) => s.resourceId)).toEqual([
      'r-z1',
    ]);
    expect((await list('/v1/partners/P-SP/subscriptions?productType=ecs')).map((s) => s.resourceId)).toEqual([]);
    expect((await list('/v1/partners/P-DIST/subscriptions', 'partner')).map((s) => s.resourceId)).toEqual([]);
    const first = (await get('/v1/partners/P-RES/subscriptions?limit=1', 'reseller')).json() as {
      items: Item[];
      nextCursor: string;
    };
    const second = (
      await get(`/v1/partners/P-RES/subscriptions?limit=1&cursor=${first.nextCursor}`, 'reseller')
    ).json() as {
      items: Item[];
      nextCursor: string | null;
    };
    expect([...first.items, ...second.items].map((s) => s.resourceId)).toEqual(['r-z0', 'r-z1']);
    expect(second.nextCursor).toBeNull();
    expectProblem(await get(`/v1/partners/P-RES/subscriptions?status=active&cursor=${first.nextCursor}`, 'admin'), 400);
    expectProblem(await get('/v1/partners/P-RES/subscriptions?status=gone', 'admin'), 400);
    expectProblem(await get('/v1/partners/P-RES/subscriptions', 'provider'), 403);
    const zoned = await list('/v1/partners/P-SP/subscriptions?tz=partner', 'provider');
    expect(zoned[0]?.termEnd).toBe('2027-10-21T22:00:00.000-04:00');
  });

  it('GET /v1/partners/{id}/subscriptions shows expired once the term has ended, released resources too', async () => {
    const statuses = async (url: string) =>
      ((await get(url, 'admin')).json() as { items: { resourceId: string; status: string }[] }).items.map((s) => [
        s.resourceId,
        s.status,
      ]);
    expect(await statuses('/v1/partners/P-RES2/subscriptions')).toEqual([
      ['res-O-REL1', 'expired'],
      ['res-O-REL3', 'expired'],
      ['res-O-REL2', 'released'],
    ]);
    expect(await statuses('/v1/partners/P-RES2/subscriptions?status=released')).toEqual([['res-O-REL2', 'released']]);
    expect(await statuses('/v1/partners/P-RES2/subscriptions?status=expired')).toEqual([
      ['res-O-REL1', 'expired'],
      ['res-O-REL3', 'expired'],
    ]);
  });

  it('GET /v1/customers/{id}/subscriptions judges status by the same rule as the partner’s list', async () => {
    type Sub = { resourceId: string; status: string; termEnd: string };
    const items = async (url: string) => ((await get(url, 'admin')).json() as { items: Sub[] }).items;
    const statuses = async (url: string) => (await items(url)).map((s) => [s.resourceId, s.status]);
    // C-REL's resources: REL1 and REL3 ended in 2026-11 (past at the request), REL2 was released and runs on.
    const expected = [
      ['res-O-REL1', 'expired'],
      ['res-O-REL3', 'expired'],
      ['res-O-REL2', 'released'],
    ];
    expect(await statuses('/v1/customers/C-REL/subscriptions')).toEqual(expected);
    expect(await statuses('/v1/partners/P-RES2/subscriptions')).toEqual(expected);
    // C-Z's r-z0 ended 2026-11-15 unreleased: expired in both lists; r-z1 runs on: active in both.
    const customer = await items('/v1/customers/C-Z/subscriptions');
    const partner = await items('/v1/partners/P-RES/subscriptions');
    expect(customer.map((s) => [s.resourceId, s.status])).toEqual([
      ['r-z0', 'expired'],
      ['r-z1', 'active'],
      ['r-z2', 'active'],
    ]);
    for (const s of partner) {
      expect([s.resourceId, s.status]).toEqual([
        s.resourceId,
        customer.find((c) => c.resourceId === s.resourceId)?.status,
      ]);
    }
    // expiringBefore still keeps the resources not released whose term ends before it, an ended one as expired.
    expect(await statuses('/v1/customers/C-REL/subscriptions?expiringBefore=2030-01-01')).toEqual([
      ['res-O-REL3', 'expired'],
    ]);
  });

  it('pages subscriptions whose term ends differ below the millisecond, each once', async () => {
    // Term ends 100 µs apart, listed out of order: a cursor holding milliseconds went b, a, b, a, …
    const ends = { b: '.000000', a: '.000100', c: '.000200' };
    await t.seed([
      partnerRegistered('P-PAGE'),
      customerAssociated('C-PAGE', 'P-PAGE'),
      ...Object.entries(ends).map(([id, fraction]) =>
        orderPlaced(`O-PAGE-${id}`, 'C-PAGE', '1.00', {
          resources: [{ resourceId: `r-page-${id}` }],
          termEnd: `2027-05-01T00:00:00${fraction}Z`,
        }),
      ),
    ]);
    for (const url of ['/v1/partners/P-PAGE/subscriptions', '/v1/customers/C-PAGE/subscriptions']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 5; page++) {
        const res = await get(`${url}?limit=1${cursor ? `&cursor=${cursor}` : ''}`, 'admin');
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: { resourceId: string }[]; nextCursor: string | null };
        seen.push(...body.items.map((item) => item.resourceId));
        cursor = body.nextCursor;
        if (cursor === null) break;
      }
      expect(seen, url).toEqual(['r-page-b', 'r-page-a', 'r-page-c']);
      expect(cursor, url).toBeNull();
    }
  });

  it('GET /v1/partners/{id}/association-records lists the association events naming the partner, newest first', async () => {
    // Seeded last so that the lists above keep C-B as resale.
    await t.seed([
      envelope(
        'AssociationTypeSwitched',
        { customerId: 'C-B', partnerId: 'P-RES', associationType: 'referral' },
        '2026-10-21T12:00:00+08:00',
      ),
    ]);
    type Item = { time: string; kind: string; customerId: string; customerName: string; associationType: string };
    const page = async (url: string, key: keyof typeof KEYS = 'admin') =>
      (await get(url, key)).json() as {
        items: Array<Item & { actor: Record<string, string> | null }>;
        nextCursor: string | null;
      };
    const res = await page('/v1/partners/P-RES/association-records');
    const rec = (time: string, kind: string, customerId: string, associationType: string) => ({
      time,
      kind,
      customerId,
      customerName: `Customer ${customerId}`,
      associationType,
      actor: ACTOR,
    });
    const all = [
      rec('2026-10-21T04:00:00.000Z', 'switched', 'C-B', 'referral'),
      rec('2026-10-20T02:00:00.000Z', 'disassociated', 'C-Z', 'referral'),
      rec('2026-10-05T02:00:00.000Z', 'associated', 'C-Z', 'referral'),
      rec('2026-10-07T02:00:00.000Z', 'disassociated', 'C-GONE', 'referral'),
      rec('2026-10-05T02:00:00.000Z', 'associated', 'C-GONE', 'referral'),
      rec('2026-10-05T02:00:00.000Z', 'associated', 'C-A', 'referral'),
      rec('2026-10-05T02:00:00.000Z', 'associated', 'C-B', 'resale'),
    ];
    expect(res).toEqual({ items: all, nextCursor: null });
    // C-Z moved: P-SP sees only its own association.
    expect((await page('/v1/partners/P-SP/association-records', 'provider')).items).toEqual([
      { ...rec('2026-10-21T02:00:00.000Z', 'associated', 'C-Z', 'referral') },
      { ...rec('2026-10-05T02:00:00.000Z', 'associated', 'C-SP', 'referral') },
    ]);
    const kinds = async (url: string) => (await page(url)).items.map((r) => [r.kind, r.customerId]);
    expect(await kinds('/v1/partners/P-RES/association-records?customerName=c-z')).toEqual([
      ['disassociated', 'C-Z'],
      ['associated', 'C-Z'],
    ]);
    expect(await kinds('/v1/partners/P-RES/association-records?customerName=%25')).toEqual([]);
    expect(await kinds('/v1/partners/P-RES/association-records?customerName=_')).toEqual([]);
    expect(await kinds('/v1/partners/P-RES/association-records?from=2026-10-07&to=2026-10-21')).toEqual([
      ['disassociated', 'C-Z'],
      ['disassociated', 'C-GONE'],
    ]);
    const first = await page('/v1/partners/P-RES/association-records?limit=4', 'reseller');
    expect(first.items).toEqual(all.slice(0, 4));
    const second = await page(`/v1/partners/P-RES/association-records?limit=4&cursor=${first.nextCursor}`, 'reseller');
    expect(second).toEqual({ items: all.slice(4), nextCursor: null });
    expectProblem(
      await get(`/v1/partners/P-RES/association-records?customerName=x&cursor=${first.nextCursor}`, 'admin'),
      400,
    );
    expectProblem(await get('/v1/partners/P-RES/association-records?from=yesterday', 'admin'), 400);
    expectProblem(await get('/v1/partners/P-RES/association-records', 'provider'), 403);
    expectProblem(await get('/v1/partners/P-NONE/association-records', 'admin'), 404);
    const zoned = await page('/v1/partners/P-SP/association-records?tz=partner&limit=1', 'provider');
    expect(zoned.items[0]?.time).toBe('2026-10-20T22:00:00.000-04:00');
    const csv = await get('/v1/partners/P-RES/association-records?limit=1', 'admin', { accept: 'text/csv' });
    const [header, row] = csv.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe(
      'time,kind,customerId,customerName,associationType,actor.kind,actor.role,actor.partnerId,actor.keyId,actor.user,actor.command,actor.value',
    );
    expect(row).toBe('2026-10-21T04:00:00.000Z,switched,C-B,Customer C-B,referral,api-key,admin,,key-14d3bc2edef3,,,');
  });

  it('gives the actor of an association record as the object the audit view shows, a partner key’s with its partner', async () => {
    const switched = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer('reseller'),
      payload: envelope(
        'AssociationTypeSwitched',
        { customerId: 'C-A', partnerId: 'P-RES', associationType: 'resale' },
        '2026-10-22T12:00:00+08:00',
      ),
    });
    expect(switched.statusCode, switched.body).toBe(201);
    const { lastPosition } = switched.json() as { lastPosition: number };
    const records = (
      await get(`/v1/partners/P-RES/association-records?limit=1&minPosition=${lastPosition}`, 'admin')
    ).json() as {
      items: { kind: string; customerId: string; actor: unknown }[];
    };
    const stream = (await get('/v1/streams/customer-C-A/events', 'admin')).json() as {
      items: { globalPosition: number; metadata: { actor?: unknown } }[];
    };
    const logged = stream.items.find((e) => e.globalPosition === lastPosition)?.metadata.actor;
    expect(logged).toMatchObject({ kind: 'api-key', role: 'partner', partnerId: 'P-RES' });
    expect(records.items[0]).toMatchObject({ kind: 'switched', customerId: 'C-A', actor: logged });
  });
});
