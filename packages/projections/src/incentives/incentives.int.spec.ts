import { Decimal } from '@reckon/domain';
import type { JsonObject, NewEvent } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { rebuildProjections } from '../rebuild.js';
import type { IncentiveItem, Statement } from '../statements/contract.js';
import { type Draft, migrateDrafts } from '../statements/drafts.js';
import { getStatement, incentiveLines, listRevisions, listStatements } from '../statements/read.js';
import { checkPublish, rebuildStatement } from '../statements/rebuild.js';
import type { Harness } from '../testing/harness.js';
import { event } from '../testing/harness.js';
import { associate, at, order, partner } from '../testing/incentive-events.js';
import { readRows, type SpecBuilder, useProjectionSpecs } from '../testing/spec.js';
import { incentivesProjection } from './projection.js';
import { INCENTIVES_SCHEMA } from './schema.js';

/**
 * Incentive lines and statements (SPEC §4), one behaviour a spec: given the events before (each
 * `given` projected as a batch of its own), when the events the behaviour is about, then the
 * statement (or lines) the read side answers. Every spec starts from an empty log.
 */
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

// The events the specs draw on ------------------------------------------------------------------------

/** P1 (silver): C1 resale, C2 referral (account manager Bob Wu); P2 (gold): C3 referral with voucher V1 of 500. */
const PARTNERS: NewEvent[] = [
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
];
/** March for P1: a resale ecs order of 600 and a referral rds order of 100 (net 700). */
const O1 = () => order('O1', 'C1', 'ecs', '600', at('2026-03-05'));
const O2 = () => order('O2', 'C2', 'rds', '100', at('2026-03-06'));
/** A referral ecs order of 300: P1's March net reaches 1000 exactly. */
const O3 = () => order('O3', 'C2', 'ecs', '300', at('2026-03-07'));
/** An on-demand charge of 0.50 for C1 (resale obs). */
const CH1 = () =>
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
  });
const RF1 = () =>
  event('OrderRefunded', at('2026-03-09'), {
    refundId: 'RF1',
    orderId: 'O1',
    reason: 'downgrade',
    amount: '100',
    resourceIds: ['O1-r'],
  });
const SC1 = () =>
  event('SpecChanged', at('2026-03-10'), {
    changeId: 'SC1',
    orderId: 'O3',
    resourceId: 'O3-r',
    fromSpec: 'large',
    toSpec: 'medium',
    amount: '-0.25',
  });
/** P2: an order just before its PCE enrolment, the enrolment, an order just after it paid 200 by voucher. */
const P2_MARCH = (): NewEvent[] => [
  order('O4', 'C3', 'obs', '1000', at('2026-03-10', '09:59:59')),
  event('PartnerProgramEnrolled', at('2026-03-10', '10:00:00'), { partnerId: 'P2', program: 'PCE' }),
  order('O5', 'C3', 'obs', '1000', at('2026-03-10', '10:00:01'), { voucherId: 'V1', voucherAmount: '200' }),
];
/** March closes; then a late resale ecs order of 200 dated March 20. */
const CLOSE_MARCH = () => event('BillingPeriodClosed', at('2026-04-01', '02:00:00'), { period: '2026-03' });
const O6 = () => order('O6', 'C1', 'ecs', '200', at('2026-03-20'));
const PUBLISH_R2 = () =>
  event('StatementRevisionPublished', at('2026-04-03'), {
    partnerId: 'P1',
    period: '2026-03',
    revision: 2,
    rulesVersion: '2',
    totalBefore: '43.00',
    totalAfter: '90.02',
  });

/**
 * P1's March as the batches that make it: two orders (net 700), the tier order (net 1000), the
 * half-cent charge, a refund and a rebate (net 900.25, below the tier again); P2's March. Each
 * entry is one given.
 */
const MARCH = (): NewEvent[][] => [[O1(), O2()], [O3()], [CH1()], [RF1(), SC1()], P2_MARCH()];
/** March then closed, O6 late, rules 2 published on April 2. */
const THROUGH_RULES_2 = (): NewEvent[][] => [
  ...MARCH(),
  [CLOSE_MARCH(), O6()],
  [event('IncentiveRulesPublished', at('2026-04-02'), RULES_2)],
];

const byId = (s: Statement | { lines: IncentiveItem[] }) => Object.fromEntries(s.lines.map((l) => [l.sourceId, l]));
const dec = (s: string) => new Decimal(s);
const statement = (h: Harness, partnerId: string, period: string, revision?: number) =>
  getStatement(h.pool, S, partnerId, period, 'CNY', revision);

describe('incentive lines and statements (SPEC §4)', () => {
  const spec = useProjectionSpecs('incentives', { setup: (h) => migrateDrafts(h.pool) });
  /** The specs' base (partners, customers, rules 1, P2's voucher), then these batches as givens. */
  const given = (batches: NewEvent[][] = []): SpecBuilder =>
    batches.reduce((b, batch) => b.given(...batch), spec.given(...PARTNERS));

  it('matches the rule with most fields (first listed on a tie), absent fields as wildcards, no rule → rate 0', () =>
    given()
      // when P1 (silver) has two March orders (net 700, below the 1000 tier)
      .when(O1(), O2())
      .thenAnswer(async (h) => {
        const s = (await statement(h, 'P1', '2026-03'))!;
        const lines = byId(s);
        // resale-ecs (2 fields) beats resale (1) and ties with ecs-subscription (2), listed first
        expect(lines.O1).toMatchObject({ rate: '0.05', amount: '30.00', base: '600.00', status: 'estimated' });
        // a referral rds line matches nothing: rate 0, bonuses included
        expect(lines.O2).toMatchObject({ rate: '0', amount: '0.00' });
        expect(s).toMatchObject({ revision: 1, rulesVersion: '1', status: 'estimated', total: '30.00' });
      }));

  it('adds the tier bonus once the period net reaches minNet exactly, re-rating every stored line', () =>
    given([[O1(), O2()]])
      // when a referral ecs order (ecs-subscription: associationType absent = any) brings the net to exactly 1000
      .when(O3())
      .thenAnswer(async (h) => {
        const lines = byId((await statement(h, 'P1', '2026-03'))!);
        expect(lines.O1).toMatchObject({ rate: '0.06', amount: '36.00' });
        expect(lines.O3).toMatchObject({ rate: '0.07', amount: '21.00' });
        expect(lines.O2).toMatchObject({ rate: '0', amount: '0.00' });
      }));

  it("an adjustment moves the partner's net (and so its tier) but makes no line of its own", () =>
    given([[O1(), O2()]])
      // when C1 gets an adjustment of +300 (net 700 → 1000)
      .when(
        event('AdjustmentPosted', at('2026-03-12'), {
          adjustmentId: 'A1',
          customerId: 'C1',
          amount: '300',
          currency: 'CNY',
          reason: 'goodwill',
        }),
      )
      .thenAnswer(async (h) => {
        expect(await readRows(h, `${S}.partner_period_net`, { columns: ['partner_id', 'period', 'net'] })).toEqual([
          ['P1', '2026-03', '1000.00000000'],
        ]);
        expect(await readRows(h, `${S}.source_lines`, { columns: ['source_type', 'source_id', 'base'] })).toEqual([
          ['OrderPlaced', 'O1', '600.00000000'],
          ['OrderPlaced', 'O2', '100.00000000'],
        ]);
        expect(
          await readRows(h, `${S}.statement_lines`, {
            columns: ['source_id', 'rule_id', 'rate', 'amount'],
            orderBy: 'source_id',
          }),
        ).toEqual([
          ['O1', 'resale-ecs', '0.06000000', '36.00000000'],
          ['O2', null, '0.00000000', '0.00000000'],
        ]);
      }));

  it('rounds half a cent up', () =>
    given([[O1(), O2()], [O3()]])
      // when a charge of 0.50 at 0.04 + tier 0.01: 0.025 → 0.03
      .when(CH1())
      .thenAnswer(async (h) => {
        expect(byId((await statement(h, 'P1', '2026-03'))!).CH1).toMatchObject({ rate: '0.05', amount: '0.03' });
      }));

  it('claws back refunds and rebates on their cash part, rounds them away from zero, and drops the tier when they lower the net', () =>
    given([[O1(), O2()], [O3()], [CH1()]])
      // when O1 is refunded 100 and O3 rebated 0.25 (−0.25 × 0.06 = −0.015 → −0.02)
      .when(RF1(), SC1())
      .thenAnswer(async (h) => {
        const s = (await statement(h, 'P1', '2026-03'))!;
        const lines = byId(s);
        // net 1000.50 − 100 − 0.25 = 900.25: below the tier again, so every line loses its 0.01
        expect(lines.RF1).toMatchObject({ base: '-100.00', rate: '0.05', amount: '-5.00', orderId: 'O1' });
        expect(lines.SC1).toMatchObject({ base: '-0.25', rate: '0.06', amount: '-0.02', productType: 'ecs' });
        expect(lines.O1).toMatchObject({ amount: '30.00' });
        expect(lines.O3).toMatchObject({ amount: '18.00' });
        expect(lines.CH1).toMatchObject({ rate: '0.04', amount: '0.02', billingMode: 'on_demand' });
        expect(s.total).toBe('43.00');
      }));

  it('matches a changed level from its occurredAt on: lines before it, even appended after it, keep the old level', () =>
    given([
      [order('O-B', 'C2', 'rds', '100', at('2026-03-05'))],
      [event('PartnerProfileChanged', at('2026-03-10'), { partnerId: 'P1', level: 'gold', language: 'en' })],
    ])
      // when P1 (silver, gold from 03-10) has an order on 03-15 and a late one of 03-08
      .when(order('O-A', 'C2', 'rds', '100', at('2026-03-15')), order('O-L', 'C2', 'rds', '100', at('2026-03-08')))
      .thenAnswer(async (h) => {
        const lines = byId((await statement(h, 'P1', '2026-03'))!);
        // a referral rds line matches only the gold rule (0.02), and only once P1 is gold
        expect(lines['O-B']).toMatchObject({ rate: '0', amount: '0.00' });
        expect(lines['O-A']).toMatchObject({ rate: '0.02', amount: '2.00' });
        expect(lines['O-L']).toMatchObject({ rate: '0', amount: '0.00' });
      }));

  it('re-rates lines already made when a level change is dated before them; those before it keep the old level', () =>
    given([[order('O-B', 'C2', 'rds', '100', at('2026-03-05')), order('O-A', 'C2', 'rds', '100', at('2026-03-15'))]])
      // when P1 (silver) is made gold from 03-10, appended after both orders
      .when(event('PartnerProfileChanged', at('2026-03-10'), { partnerId: 'P1', level: 'gold' }))
      .thenAnswer(async (h) => {
        const s = (await statement(h, 'P1', '2026-03'))!;
        const lines = byId(s);
        // a referral rds line matches only the gold rule (0.02), and only from 03-10 on
        expect(lines['O-B']).toMatchObject({ rate: '0', amount: '0.00' });
        expect(lines['O-A']).toMatchObject({ rate: '0.02', amount: '2.00' });
        expect(s.total).toBe('2.00');
        const stored = await h.pool.query(
          `SELECT source_id, partner_level FROM ${S}.source_lines WHERE partner_id = 'P1' ORDER BY source_id`,
        );
        expect(stored.rows).toEqual([
          { source_id: 'O-A', partner_level: 'gold' },
          { source_id: 'O-B', partner_level: 'silver' },
        ]);
      }));

  it('leaves a frozen revision as it was when a level change is dated into its closed period', () => {
    let before: Statement | null = null;
    return given([...MARCH(), [CLOSE_MARCH()]])
      .givenDone(async (h) => {
        before = await statement(h, 'P1', '2026-03');
      })
      .when(event('PartnerProfileChanged', at('2026-03-01'), { partnerId: 'P1', level: 'gold' }))
      .thenAnswer(async (h) => {
        expect(before).not.toBeNull();
        expect(await statement(h, 'P1', '2026-03')).toEqual(before);
      });
  });

  it('rates with rules that have no id, and shifts their lines when the tier moves', () =>
    given([
      [
        event('IncentiveRulesPublished', at('2026-02-01'), {
          version: 'no-ids',
          effectiveFrom: '2026-03',
          rules: [{ match: { associationType: 'resale' }, rate: '0.04' }, { rate: '0.01' }],
          tiers: [
            { minNet: '0', bonusRate: '0' },
            { minNet: '1000', bonusRate: '0.01' },
          ],
        }),
      ],
      [O1(), O2()],
    ])
      // when O3 brings P1's March net to 1000: every line takes the tier's 0.01
      .when(O3())
      .thenAnswer(async (h) => {
        const s = (await statement(h, 'P1', '2026-03'))!;
        const lines = byId(s);
        expect(lines.O1).toMatchObject({ rulesVersion: 'no-ids', rate: '0.05', amount: '30.00' });
        expect(lines.O2).toMatchObject({ rate: '0.02', amount: '2.00' });
        expect(lines.O3).toMatchObject({ rate: '0.02', amount: '6.00' });
        expect(s.total).toBe('38.00');
      }));

  it('gives a programme bonus to lines after the enrolment, not just before it; vouchers are not incentivised', () =>
    given()
      // when P2 (gold) has an order, enrols in PCE a second later, and has an order paid 200 by voucher
      .when(...P2_MARCH())
      .thenAnswer(async (h) => {
        const s = (await statement(h, 'P2', '2026-03'))!;
        const lines = byId(s);
        // gold 0.02 + tier 0.01 (net 2000); O5 also PCE 0.02, on its cash part 800
        expect(lines.O4).toMatchObject({ rate: '0.03', amount: '30.00' });
        expect(lines.O5).toMatchObject({ base: '800.00', rate: '0.05', amount: '40.00' });
        expect(s.total).toBe('70.00');
      }));

  it('confirms a period at close, its checksum as it was while live, and forwards a late event into the first open period', () => {
    let before: string | undefined;
    return (
      given(MARCH())
        .givenDone(async (h) => {
          before = (await statement(h, 'P1', '2026-03'))!.checksum;
        })
        // when March closes, then an order dated March 20 arrives
        .when(CLOSE_MARCH(), O6())
        .thenAnswer(async (h) => {
          const closed = (await statement(h, 'P1', '2026-03'))!;
          expect(closed).toMatchObject({ revision: 1, status: 'confirmed', total: '43.00', checksum: before });
          expect(closed.lines.every((l) => l.status === 'confirmed')).toBe(true);
          const april = (await statement(h, 'P1', '2026-04'))!;
          // net of April is 200 (tier 0): resale-ecs 0.05
          expect(byId(april).O6).toMatchObject({ period: '2026-04', correctsPeriod: '2026-03', amount: '10.00' });
        })
    );
  });

  it('starts a new revision of open statements when a covering rule set is published; closed ones stay', () =>
    given([...MARCH(), [CLOSE_MARCH(), O6()]])
      // when rules 2 (flat 0.1, from March) are published on April 2
      .when(event('IncentiveRulesPublished', at('2026-04-02'), RULES_2))
      .thenAnswer(async (h) => {
        expect((await statement(h, 'P1', '2026-04'))!).toMatchObject({
          revision: 2,
          rulesVersion: '2',
          total: '20.00',
        });
        expect((await statement(h, 'P1', '2026-04', 1))!).toMatchObject({ status: 'superseded', total: '10.00' });
        expect((await statement(h, 'P1', '2026-03'))!).toMatchObject({
          revision: 1,
          rulesVersion: '1',
          total: '43.00',
        });
      }));

  it('rebuilds a closed period under a later rule set as a draft with a line diff', () =>
    given(THROUGH_RULES_2()).thenAnswer(async (h) => {
      // when P1's March is rebuilt under rules 2
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
      expect((await statement(h, 'P1', '2026-03', 2))!.status).toBe('draft');
      expect((await checkPublish(h.pool, 'P1', '2026-03', 1)).kind).toBe('not-draft');
      expect((await checkPublish(h.pool, 'P1', '2026-03', 2)).kind).toBe('draft');
    }));

  it('publishing the draft of a closed period confirms it and books a TrueUp of the difference in the open period', () => {
    let draft: Draft | undefined;
    return (
      given(THROUGH_RULES_2())
        .givenDone(async (h) => {
          const outcome = await rebuildStatement(h.pool, 'P1', '2026-03', '2', { test: true });
          if (outcome.kind === 'draft') draft = outcome.draft;
        })
        // when revision 2 (rules 2, 43.00 → 90.02) is published
        .when(PUBLISH_R2())
        .thenAnswer(async (h) => {
          const march = (await statement(h, 'P1', '2026-03'))!;
          expect(march).toMatchObject({ revision: 2, status: 'confirmed', rulesVersion: '2', total: '90.02' });
          expect(march.checksum).toBe(draft?.checksum);
          expect((await statement(h, 'P1', '2026-03', 1))!).toMatchObject({ status: 'confirmed', total: '43.00' });
          const april = (await statement(h, 'P1', '2026-04'))!;
          expect(byId(april)['2026-03/r2']).toMatchObject({
            sourceType: 'TrueUp',
            correctsPeriod: '2026-03',
            amount: '47.02',
            rate: '1',
          });
          expect(april.total).toBe('67.02');
        })
    );
  });

  it('a draft overtaken by a newer revision is no longer listed, counted or served', () =>
    given(THROUGH_RULES_2())
      .givenDone(async (h) => {
        // April (open) has revisions 1 (rules 1, superseded) and 2 (rules 2): rebuilt under rules 1 as draft 3
        const outcome = await rebuildStatement(h.pool, 'P1', '2026-04', '1', { test: true });
        expect(outcome.kind === 'draft' && outcome.draft.revision).toBe(3);
      })
      // when rules 3 cover April: the log makes April's revision 3 under them
      .when(event('IncentiveRulesPublished', at('2026-04-05'), { version: '3', effectiveFrom: '2026-04', rules: [] }))
      .thenAnswer(async (h) => {
        const revisions = await listRevisions(h.pool, S, 'P1', '2026-04', 'CNY');
        expect(revisions.map((r) => [r.revision, r.rulesVersion, r.status])).toEqual([
          [1, '1', 'superseded'],
          [2, '2', 'superseded'],
          [3, '3', 'estimated'],
        ]);
        const april = (await listStatements(h.pool, S, 'P1', 'CNY')).find((s) => s.period === '2026-04');
        expect(april).toMatchObject({ revision: 3, rulesVersion: '3', revisions: 3 });
        expect((await statement(h, 'P1', '2026-04', 3))!).toMatchObject({ rulesVersion: '3', status: 'estimated' });
        expect(await checkPublish(h.pool, 'P1', '2026-04', 3)).toEqual({ kind: 'not-draft', status: 'estimated' });
        // A new rebuild makes draft 4, listed again
        await rebuildStatement(h.pool, 'P1', '2026-04', '1', { test: true });
        expect((await listRevisions(h.pool, S, 'P1', '2026-04', 'CNY')).map((r) => r.status)).toEqual([
          'superseded',
          'superseded',
          'estimated',
          'draft',
        ]);
      }));

  it('lists incentive lines with filters and keyset pages', () =>
    given([...THROUGH_RULES_2(), [PUBLISH_R2()]]).thenAnswer(async (h) => {
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
    }));

  it('a replay from zero reproduces every statement revision and its checksum', () =>
    given([...THROUGH_RULES_2(), [PUBLISH_R2()]]).thenAnswer(async (h) => {
      const revisions = await h.pool.query(`SELECT partner_id, period, revision FROM ${S}.statements ORDER BY 1, 2, 3`);
      const read = async () => {
        const out: Statement[] = [];
        for (const r of revisions.rows) out.push((await statement(h, r.partner_id, r.period, r.revision))!);
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
    }));
});
