import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionApplier } from '../applier.js';
import { catchUp } from '../catch-up.js';
import { type Harness, openHarness } from '../testing/harness.js';
import { associate, at, flatRules, order, partner } from '../testing/incentive-events.js';
import { incentivesProjection } from './projection.js';
import { INCENTIVES_SCHEMA } from './schema.js';

/** Orders of one customer in one period: more source lines than one segment holds (1,000), in one batch. */
const ORDERS = 2_500;

/**
 * A batch writes each net and each statement head it moved once, however many segments its
 * source lines took (issue 12: each touched row written once per batch). Counted by a trigger on
 * the two tables, so that a write merged into one statement still counts per row.
 */
describe('incentives: a batch of several segments', () => {
  const db = useTestDatabase('incentives_held_writes');
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(db.url);
    await h.append([flatRules(), partner('P1', 'silver'), associate('C1', 'P1', 'referral')]);
    await h.append(Array.from({ length: ORDERS }, (_, i) => order(`O${i}`, 'C1', 'ecs', '10.01', at('2026-03-05'))));
    await h.pool.query(`
      CREATE TABLE public.row_writes (table_name text NOT NULL, op text NOT NULL);
      CREATE FUNCTION public.count_row_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO public.row_writes VALUES (TG_TABLE_NAME, TG_OP); RETURN NULL; END $$;
      CREATE TRIGGER counted AFTER INSERT OR UPDATE ON ${INCENTIVES_SCHEMA}.partner_period_net
        FOR EACH ROW EXECUTE FUNCTION public.count_row_write();
      CREATE TRIGGER counted AFTER INSERT OR UPDATE ON ${INCENTIVES_SCHEMA}.statements
        FOR EACH ROW EXECUTE FUNCTION public.count_row_write();`);
  });
  afterAll(async () => h.close());

  it('writes the net and the statement head it moved once each, with the batch’s figures', async () => {
    // given 2,500 orders of 10.01 in March (three segments of source lines)
    // when incentives projects them in one batch
    const applier = new ProjectionApplier(incentivesProjection, INCENTIVES_SCHEMA, h.pool, 'Asia/Shanghai');
    await catchUp({ store: h.store, appliers: [applier], batchSize: 5_000 });

    // then each row was written once
    const writes = await h.pool.query(
      'SELECT table_name, op, count(*)::int AS n FROM public.row_writes GROUP BY 1, 2 ORDER BY 1, 2',
    );
    expect(writes.rows).toEqual([
      { table_name: 'partner_period_net', op: 'INSERT', n: 1 },
      { table_name: 'statements', op: 'INSERT', n: 1 },
    ]);
    // and holds every line's figures
    const net = await h.pool.query(`SELECT net::text FROM ${INCENTIVES_SCHEMA}.partner_period_net`);
    expect(net.rows).toEqual([{ net: '25025.00000000' }]);
    const head = await h.pool.query(
      `SELECT revision, status, line_count, total::text FROM ${INCENTIVES_SCHEMA}.statements WHERE partner_id = 'P1'`,
    );
    // each line 10.01 × 5 % = 0.5005, rounded per line to 0.50 (SPEC §4): 2,500 × 0.50
    expect(head.rows).toEqual([{ revision: 1, status: 'estimated', line_count: ORDERS, total: '1250.00000000' }]);
  });
});
