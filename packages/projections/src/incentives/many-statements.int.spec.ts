import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getStatement } from '../statements/read.js';
import { event, type Harness, openHarness } from '../testing/harness.js';
import { associate, at, flatRules, order, partner } from '../testing/incentive-events.js';
import { STATEMENTS_AT_A_TIME } from './handler.js';
import { INCENTIVES_SCHEMA } from './schema.js';

/**
 * Closes and rule publications work through their statements a few at a time (bounded memory):
 * with more partners than one chunk holds, every statement must still be frozen or re-rated.
 * Two full chunks and a partial one, whatever the chunk size.
 */
const PARTNERS = Array.from({ length: 2 * STATEMENTS_AT_A_TIME + 1 }, (_, i) => `P${i + 1}`);

describe('incentives: periods with more statements than one chunk', () => {
  const db = useTestDatabase('incentives_many_statements');
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(db.url);
    await h.append([
      flatRules(),
      ...PARTNERS.flatMap((p) => [partner(p, 'silver'), associate(`C-${p}`, p, 'referral')]),
    ]);
  });
  afterAll(async () => h.close());

  it('a close freezes every statement of the period with the checksum of its lines', async () => {
    // given one order per partner in March: one live statement each
    await h.append(PARTNERS.map((p, i) => order(`O3-${p}`, `C-${p}`, 'ecs', `${100 + i}`, at('2026-03-05'))));
    await h.project();
    const live = new Map<string, string>();
    for (const p of PARTNERS)
      live.set(p, (await getStatement(h.pool, INCENTIVES_SCHEMA, p, '2026-03', 'CNY'))!.checksum);

    // when March closes
    await h.append([event('BillingPeriodClosed', at('2026-04-01'), { period: '2026-03' })]);
    await h.project();

    // then each stored head is confirmed and carries the checksum its lines had while live
    const heads = await h.pool.query(
      `SELECT partner_id, status, checksum, frozen_position FROM ${INCENTIVES_SCHEMA}.statements
        WHERE period = '2026-03' AND current ORDER BY partner_id`,
    );
    expect(heads.rows).toHaveLength(PARTNERS.length);
    for (const row of heads.rows) {
      expect(row).toMatchObject({ status: 'confirmed', checksum: live.get(row.partner_id) });
      expect(row.frozen_position).not.toBeNull();
    }
  });

  it('a rule publication re-rates every live statement it covers', async () => {
    // given one order per partner in April, rated at 5 %
    await h.append(PARTNERS.map((p) => order(`O4-${p}`, `C-${p}`, 'ecs', '200', at('2026-04-05'))));
    await h.project();

    // when version 2 (10 %) is published for April on
    await h.append([
      event('IncentiveRulesPublished', at('2026-04-10'), {
        version: '2',
        effectiveFrom: '2026-04',
        rules: [{ id: 'base', rate: '0.1' }],
      }),
    ]);
    await h.project();

    // then every partner's April statement is a new revision under version 2 with its line
    for (const p of PARTNERS) {
      const s = (await getStatement(h.pool, INCENTIVES_SCHEMA, p, '2026-04', 'CNY'))!;
      expect(s).toMatchObject({ revision: 2, rulesVersion: '2', status: 'estimated', total: '20.00' });
      expect(s.lines).toHaveLength(1);
    }
    // and a replay from zero gives the same tables
    expect(await h.verify()).toEqual([]);
  });
});
