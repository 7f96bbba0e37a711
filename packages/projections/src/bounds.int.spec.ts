import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from './checkpoint.js';
import { PROJECTIONS } from './registry.js';
import { migrateDrafts } from './statements/drafts.js';
import {
  ASTRAL,
  boundaryHistory,
  extremeProfile,
  MAX_AMOUNT,
  minimalProfile,
  missingTypes,
} from './testing/boundary-events.js';
import { type Harness, openHarness } from './testing/harness.js';

/**
 * Events at the edges of SPEC §1 "Bounds" appended straight to the log (texts of the full 1,024
 * characters, 3 bytes each in UTF-8, whatever the parser takes today): every projection folds them,
 * with warm caches and with cold ones (a new runner reads its context back from its tables), and a
 * replay gives the same rows.
 */
describe('projections at the edges of the bounds', () => {
  const db = useTestDatabase('projection_bounds');
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(db.url);
    await migrateDrafts(h.pool);
  });
  afterAll(async () => h?.close());

  async function expectAtHead(harness: Harness) {
    const head = await harness.store.headPosition();
    for (const p of PROJECTIONS) {
      const checkpoint = await readCheckpoint(harness.pool, p.schema);
      expect({ projection: p.name, position: checkpoint.position, stall: checkpoint.stall }).toEqual({
        projection: p.name,
        position: head,
        stall: null,
      });
    }
  }

  it('fold every event type, minimal and extreme, and a replay gives the same rows', async () => {
    const histories = [
      boundaryHistory(minimalProfile('min1', { close: '1970-01' })),
      boundaryHistory(extremeProfile('ext1', { close: '1970-02' })),
      boundaryHistory(extremeProfile('ext2')),
      boundaryHistory(minimalProfile('min2', { close: '1970-03' })),
      boundaryHistory(extremeProfile('ext3', { close: '1970-04', pad: ASTRAL })),
    ];
    // Each history that closes a period uses every event type (the others all but the close).
    for (const events of histories) {
      const closes = events.some((e) => e.type === 'BillingPeriodClosed');
      expect(missingTypes(events)).toEqual(closes ? [] : ['BillingPeriodClosed']);
    }

    // The second history is cut before its refunds: they reach a new runner, which reads every
    // context row (orders, associations, quotas, …) back from the tables.
    const cut = histories[1]!.findIndex((e) => e.type === 'OrderRefunded');
    await h.append(histories[0]!);
    await h.append(histories[1]!.slice(0, cut));
    await h.project();
    await expectAtHead(h);
    const cold = await openHarness(db.url);
    try {
      for (const events of [histories[1]!.slice(cut), ...histories.slice(2)]) await cold.append(events);
      await cold.project();
      await expectAtHead(cold);
    } finally {
      await cold.close();
    }
    expect(await h.verify()).toEqual([]);
  });

  it('keep sums past 15 integer digits exact, and partners without a level have none', async () => {
    const max = new Decimal(MAX_AMOUNT);
    const funds = await h.pool.query(
      `SELECT allocated::text, reclaimed::text, available::text FROM rm_balances.reseller_funds WHERE partner_id LIKE 'ext1-res%'`,
    );
    expect(funds.rows).toHaveLength(1);
    expect(funds.rows[0].allocated).toBe(max.times(3).toFixed(8));
    const levels = await h.pool.query(
      `SELECT d.partner_id, d.level, i.level AS incentives_level FROM rm_directory.partners d
         JOIN rm_incentives.partners i USING (partner_id) WHERE d.partner_id LIKE 'min1-%' ORDER BY 1`,
    );
    expect(levels.rows.map((r) => [r.level, r.incentives_level])).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
    // The statement of ext1's solution provider for the closed 1970-02, published again under the
    // later rule set, booked its difference as a TrueUp into the first open period then.
    const trueUps = await h.pool.query(
      `SELECT period, corrects_period, base::text FROM rm_incentives.source_lines
        WHERE partner_id LIKE 'ext1-sp%' AND source_type = 'TrueUp'`,
    );
    expect(trueUps.rows).toEqual([{ period: '1970-03', corrects_period: '1970-02', base: expect.any(String) }]);
    // ext1's charge of the largest quantity in a unit of the largest factor: in the root unit, exactly.
    const usage = await h.pool.query(
      `SELECT unit, quantity::text FROM rm_on_demand.on_demand_usage WHERE usage_type LIKE 'ext1-usage-type%'`,
    );
    expect(usage.rows).toEqual([{ unit: expect.stringMatching(/^ext1-unit/), quantity: max.times(max).toFixed() }]);
    expect(usage.rows[0].unit).not.toContain('-big');
  });

  it('give every amount column 30 integer digits, so sums of 15-digit amounts have room', async () => {
    const columns = await h.pool.query(
      `SELECT table_schema, table_name, column_name, numeric_precision, numeric_scale
         FROM information_schema.columns
        WHERE data_type = 'numeric' AND (table_schema LIKE 'rm\\_%' OR table_schema = 'statement_drafts')
          AND table_schema NOT LIKE '%\\_verify' AND table_schema NOT LIKE '%\\_next'`,
    );
    expect(columns.rows.length).toBeGreaterThan(30);
    // Quantities are no amounts: converted between units they may need any scale (columns.ts `quantity()`).
    const quantities = columns.rows.filter((c) => c.numeric_precision === null && c.numeric_scale === null);
    expect(quantities.map((c) => `${c.table_schema}.${c.table_name}.${c.column_name}`)).toEqual([
      'rm_on_demand.on_demand_usage.quantity',
    ]);
    const narrow = columns.rows.filter(
      (c) => !quantities.includes(c) && (c.numeric_precision !== 38 || c.numeric_scale !== 8),
    );
    expect(narrow).toEqual([]);
  });
});
