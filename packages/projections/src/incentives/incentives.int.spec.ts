import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import type { JsonObject } from '@reckon/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildProjections } from '../rebuild.js';
import type { IncentiveItem, Statement } from '../statements/contract.js';
import { migrateDrafts } from '../statements/drafts.js';
import { getStatement, incentiveLines } from '../statements/read.js';
import { checkPublish, rebuildStatement } from '../statements/rebuild.js';
import { event, type Harness, openHarness } from '../testing/harness.js';
import { associate, at, order, partner } from '../testing/incentive-events.js';
import { incentivesProjection } from './projection.js';
import { INCENTIVES_SCHEMA } from './schema.js';

const S = INCENTIVES_SCHEMA;

const RULES_1: JsonObject = {
  version: '1',
  effectiveFrom: '2026-01',
  rules: [
    { id: 'resale', match: { associationType: 'resale' }, rate: '0.04' },
    { id: 'resale-ecs', match: { associationType: 'resale', productType: 'ecs' }, rate: '0.05' },
    { id: 'ecs-subscription', match: { productType: 'ecs', billingMode: 'subscription' }, rate: '0.06' },
    { id: 'gold', match: { partnerLevel: 'gold' }, rate: '0.02' },
  ],
  tiers: [
    { minNet: '0', bonusRate: '0' },
    { minNet: '1000', bonusRate: '0.01' },
  ],
  programs: { PCE: { bonusRate: '0.02' } },
};
const RULES_2: JsonObject = { version: '2', effectiveFrom: '2026-03', rules: [{ id: 'flat', rate: '0.1' }] };

const byId = (s: Statement | { lines: IncentiveItem[] }) => Object.fromEntries(s.lines.map((l) => [l.sourceId, l]));
const dec = (s: string) => new Decimal(s);

describe('incentive lines and statements (SPEC §4)', () => {
  const db = useTestDatabase('incentives_projection');
  let h: Harness;
  const statement = (partnerId: string, period: string, revision?: number) =>
    getStatement(h.pool, S, partnerId, period, 'CNY', revision);

  beforeAll(async () => {
    h = await openHarness(db.url);
    await migrateDrafts(h.pool);
    await h.append([
      partner('P1', 'silver'),
      partner('P2', 'gold'),
      associate('C1', 'P1', 'resale'),
      associate('C2', 'P1', 'referral', 'Bob Wu'),
      associate('C3', 'P2', 'referral'),
      event('IncentiveRulesPublished', at('2026-01-01'), RULES_1),
      event('VoucherQuotaGranted', at('2026-01-03'), {
        quotaId: 'Q1',
        grantorId: 'P1',
        partnerId: 'P2',
        amount: '1000',
        currency: 'CNY',
      }),
      event('VoucherIssued', at('2026-01-04'), {
        voucherId: 'V1',
        quotaId: 'Q1',
        customerId: 'C3',
        amount: '500',
        expiresAt: '2027-01-01T00:00:00+08:00',
      }),
    ]);
  });
  afterAll(async () => h.close());

  it('matches the rule with most fields (first listed on a tie), absent fields as wildcards, no rule → rate 0', async () => {
    // given P1 (silver) and the rules of version 1; when two orders of 2026-03 (net 700, below the 1000 tier)
    await h.append([
      order('O1', 'C1', 'ecs', '600', at('2026-03-05')),
      order('O2', 'C2', 'rds', '100', at('2026-03-06')),
    ]);
    await h.project();
    const s = (await statement('P1', '2026-03'))!;
    const lines = byId(s);
    // then resale-ecs (2 fields) beats resale (1) and ties with ecs-subscription (2), listed first
    expect(lines.O1).toMatchObject({ rate: '0.05', amount: '30.00', base: '600.00', status: 'estimated' });
    // and a referral rds line matches nothing: rate 0, bonuses included
    expect(lines.O2).toMatchObject({ rate: '0', amount: '0.00' });
    expect(s).toMatchObject({ revision: 1, rulesVersion: '1', status: 'estimated', total: '30.00' });
  });

  it('adds the tier bonus once the period net reaches minNet exactly, re-rating every line', async () => {
    // when a referral ecs order (ecs-subscription: associationType absent = any) brings the net to exactly 1000
    await h.append([order('O3', 'C2', 'ecs', '300', at('2026-03-07'))]);
    await h.project();
    const lines = byId((await statement('P1', '2026-03'))!);
    expect(lines.O1).toMatchObject({ rate: '0.06', amount: '36.00' });
    expect(lines.O3).toMatchObject({ rate: '0.07', amount: '21.00' });
    expect(lines.O2).toMatchObject({ rate: '0', amount: '0.00' });
  });

  it('rounds half a cent up, away from zero for clawbacks, and drops the tier when refunds lower the net', async () => {
    await h.append([
      // 0.50 × (0.04 + 0.01) = 0.025 → 0.03
      event('OnDemandCharged', at('2026-03-08'), {
        chargeId: 'CH1',
        customerId: 'C1',
        productType: 'obs',
        resourceId: 'b1',
        usageType: 'storage',
        quantity: '1',
        unit: 'GB',
        amount: '0.50',
        currency: 'CNY',
        windowStart: at('2026-03-07'),
        windowEnd: at('2026-03-08'),
      }),
    ]);
    await h.project();
    expect(byId((await statement('P1', '2026-03'))!).CH1).toMatchObject({ rate: '0.05', amount: '0.03' });

    await h.append([
      event('OrderRefunded', at('2026-03-09'), {
        refundId: 'RF1',
        orderId: 'O1',
        reason: 'downgrade',
        amount: '100',
        resourceIds: ['O1-r'],
      }),
      // −0.25 × 0.06 = −0.015 → −0.02
      event('SpecChanged', at('2026-03-10'), {
        changeId: 'SC1',
        orderId: 'O3',
        resourceId: 'O3-r',
        fromSpec: 'large',
        toSpec: 'medium',
        amount: '-0.25',
      }),
    ]);
    await h.project();
    const s = (await statement('P1', '2026-03'))!;
    const lines = byId(s);
    // net 1000.50 − 100 − 0.25 = 900.25: below the tier again, so every line loses its 0.01
    expect(lines.RF1).toMatchObject({ base: '-100.00', rate: '0.05', amount: '-5.00', orderId: 'O1' });
    expect(lines.SC1).toMatchObject({ base: '-0.25', rate: '0.06', amount: '-0.02', productType: 'ecs' });
    expect(lines.O1).toMatchObject({ amount: '30.00' });
    expect(lines.O3).toMatchObject({ amount: '18.00' });
    expect(lines.CH1).toMatchObject({ rate: '0.04', amount: '0.02', billingMode: 'on_demand' });
    expect(s.total).toBe('43.00');
  });

  it('gives a programme bonus to lines after the enrolment, not just before it; vouchers are not incentivised', async () => {
    await h.append([
      order('O4', 'C3', 'obs', '1000', at('2026-03-10', '09:59:59')),
      event('PartnerProgramEnrolled', at('2026-03-10', '10:00:00'), { partnerId: 'P2', program: 'PCE' }),
      order('O5', 'C3', 'obs', '1000', at('2026-03-10', '10:00:01'), { voucherId: 'V1', voucherAmount: '200' }),
    ]);
    await h.project();
    const s = (await statement('P2', '2026-03'))!;
    const lines = byId(s);
    // gold 0.02 + tier 0.01 (net 2000); O5 also PCE 0.02, on its cash part 800
    expect(lines.O4).toMatchObject({ rate: '0.03', amount: '30.00' });
    expect(lines.O5).toMatchObject({ base: '800.00', rate: '0.05', amount: '40.00' });
    expect(s.total).toBe('70.00');
  });

  it('confirms a period at close and forwards a late event into the first open period', async () => {
    const before = (await statement('P1', '2026-03'))!;
    await h.append([event('BillingPeriodClosed', at('2026-04-01', '02:00:00'), { period: '2026-03' })]);
    await h.append([order('O6', 'C1', 'ecs', '200', at('2026-03-20'))]);
    await h.project();
    const closed = (await statement('P1', '2026-03'))!;
    expect(closed).toMatchObject({ revision: 1, status: 'confirmed', total: '43.00', checksum: before.checksum });
    expect(closed.lines.every((l) => l.status === 'confirmed')).toBe(true);
    const april = (await statement('P1', '2026-04'))!;
    // net of April is 200 (tier 0): resale-ecs 0.05
    expect(byId(april).O6).toMatchObject({ period: '2026-04', correctsPeriod: '2026-03', amount: '10.00' });
  });

  it('starts a new revision of open statements when a covering rule set is published; closed ones stay', async () => {
    await h.append([event('IncentiveRulesPublished', at('2026-04-02'), RULES_2)]);
    await h.project();
    const april = (await statement('P1', '2026-04'))!;
    expect(april).toMatchObject({ revision: 2, rulesVersion: '2', total: '20.00' });
    expect((await statement('P1', '2026-04', 1))!).toMatchObject({ status: 'superseded', total: '10.00' });
    expect((await statement('P1', '2026-03'))!).toMatchObject({ revision: 1, rulesVersion: '1', total: '43.00' });
  });

  it('rebuilds a closed period as a draft with a line diff, and publishing books a TrueUp in the open period', async () => {
    const outcome = await rebuildStatement(h.pool, 'P1', '2026-03', '2', { test: true });
    expect(outcome.kind).toBe('draft');
    if (outcome.kind !== 'draft') return;
    const { draft } = outcome;
    expect(draft.revision).toBe(2);
    // 60 + 10 + 30 + 0.05 − 10 − 0.03 (−0.025 rounds away from zero)
    expect(dec(draft.total).eq('90.02')).toBe(true);
    expect(dec(draft.diff.difference).eq('47.02')).toBe(true);
    const o2 = draft.diff.lines.find((l) => l.sourceId === 'O2')!;
    expect(dec(o2.before!).eq(0) && dec(o2.after!).eq(10)).toBe(true);
    expect((await statement('P1', '2026-03', 2))!.status).toBe('draft');
    expect((await checkPublish(h.pool, 'P1', '2026-03', 1)).kind).toBe('not-draft');
    expect((await checkPublish(h.pool, 'P1', '2026-03', 2)).kind).toBe('draft');

    await h.append([
      event('StatementRevisionPublished', at('2026-04-03'), {
        partnerId: 'P1',
        period: '2026-03',
        revision: 2,
        rulesVersion: '2',
        totalBefore: '43.00',
        totalAfter: '90.02',
      }),
    ]);
    await h.project();
    const march = (await statement('P1', '2026-03'))!;
    expect(march).toMatchObject({ revision: 2, status: 'confirmed', rulesVersion: '2', total: '90.02' });
    expect(march.checksum).toBe(draft.checksum);
    expect((await statement('P1', '2026-03', 1))!).toMatchObject({ status: 'confirmed', total: '43.00' });
    const april = (await statement('P1', '2026-04'))!;
    expect(byId(april)['2026-03/r2']).toMatchObject({
      sourceType: 'TrueUp',
      correctsPeriod: '2026-03',
      amount: '47.02',
      rate: '1',
    });
    expect(april.total).toBe('67.02');
  });

  it('lists incentive lines with filters and keyset pages', async () => {
    const all = await incentiveLines(h.pool, S, 'P1', 'CNY', {});
    expect(all.items.map((i) => i.sourceId)).toEqual(['O1', 'O2', 'O3', 'CH1', 'RF1', 'SC1', 'O6', '2026-03/r2']);
    const referral = await incentiveLines(h.pool, S, 'P1', 'CNY', {
      associationType: 'referral',
      accountManager: 'bob',
    });
    expect(referral.items.map((i) => i.sourceId)).toEqual(['O2', 'O3', 'SC1']);
    const open = await incentiveLines(h.pool, S, 'P1', 'CNY', { status: 'estimated' });
    expect(open.items.map((i) => i.sourceId)).toEqual(['O6', '2026-03/r2']);
    const first = await incentiveLines(h.pool, S, 'P1', 'CNY', { year: 2026, limit: 3 });
    const second = await incentiveLines(h.pool, S, 'P1', 'CNY', { year: 2026, limit: 5, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((i) => i.sourceId)).toEqual(all.items.map((i) => i.sourceId));
    expect(second.nextCursor).toBeNull();
  });

  it('a replay from zero reproduces every statement revision and its checksum', async () => {
    const revisions = await h.pool.query(`SELECT partner_id, period, revision FROM ${S}.statements ORDER BY 1, 2, 3`);
    const read = async () => {
      const out: Statement[] = [];
      for (const r of revisions.rows) out.push((await statement(r.partner_id, r.period, r.revision))!);
      return out;
    };
    const live = await read();
    expect(live.map((s) => `${s.partnerId} ${s.period} ${s.revision}`)).toEqual([
      'P1 2026-03 1',
      'P1 2026-03 2',
      'P1 2026-04 1',
      'P1 2026-04 2',
      'P2 2026-03 1',
    ]);
    expect(await h.verify()).toEqual([]);
    await rebuildProjections({
      pool: h.pool,
      store: h.store,
      billingTz: 'Asia/Shanghai',
      projections: [incentivesProjection],
    });
    expect(await read()).toEqual(live);
  });
});
