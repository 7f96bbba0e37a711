import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionApplier } from '../applier.js';
import { catchUp } from '../catch-up.js';
import { PROJECTIONS } from '../registry.js';
import { type Harness, openHarness } from '../testing/harness.js';
import { associate, at, order, partner } from '../testing/incentive-events.js';
import { INCENTIVES_SCHEMA } from './schema.js';

// Found by the outage test (issue 11): a runner that resumes from its checkpoint with empty caches
// (after a lost connection, or a restart) wrote the lines of a batch holding a customer's
// association with a partner registered in an earlier batch without the partner's level, so the
// live lines differed from a replay, which folds everything in one go.
describe('the incentives projection resumed with empty caches', () => {
  const db = useTestDatabase('incentives_resume');
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(db.url);
  });
  afterAll(async () => h?.close());

  it('knows the level of a partner registered before the checkpoint, for an association after it', async () => {
    await h.append([partner('P-GOLD', 'gold')]);
    await h.project();
    await h.append([
      associate('C-LATE', 'P-GOLD', 'referral'),
      order('O-LATE', 'C-LATE', 'ecs', '100.00', at('2026-01-05')),
    ]);
    // Runners starting afresh at their checkpoints, as after a restart or a batch lost with its connection.
    const restarted = PROJECTIONS.map((p) => new ProjectionApplier(p, p.schema, h.pool, 'Asia/Shanghai'));
    await catchUp({ store: h.store, appliers: restarted, batchSize: 1000 });
    const lines = await h.pool.query(
      `SELECT partner_level FROM ${INCENTIVES_SCHEMA}.source_lines WHERE source_id = 'O-LATE'`,
    );
    expect(lines.rows).toEqual([{ partner_level: 'gold' }]);
    expect(await h.verify()).toEqual([]);
  });
});
