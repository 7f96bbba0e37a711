import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal, lineAmount, lineRate } from '@reckon/domain';
import fc from 'fast-check';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiftTier } from './handler.js';
import { incentivesDdl } from './schema.js';

/**
 * A tier shift re-rates a statement's lines in SQL (`shiftTier`), for speed. What it writes must be
 * what the domain computes: each line rated by a rule gets `lineRate(rule, new tier, programmes)`
 * and `lineAmount(base, that rate)`; lines without a rule (rate 0) and TrueUps (rate 1) keep theirs.
 * Checked on generated lines against real PostgreSQL.
 */
const SCHEMA = 'shift_tier_check';

/** A decimal of up to 12 integer and 8 fraction digits, or one with 3 (half-cent ties), either sign. */
const base = fc.oneof(
  fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }).map((n) => new Decimal(n.toString()).div(1e8)),
  fc.integer({ min: -10_000_000, max: 10_000_000 }).map((n) => new Decimal(n).div(1000)),
);
/** A rate in [0, max] with 8 fraction digits (or a round one, which makes ties likelier). */
const rate = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max: max * 1e8 }).map((n) => new Decimal(n).div(1e8)),
    fc.integer({ min: 0, max: max * 100 }).map((n) => new Decimal(n).div(100)),
  );
const kind = fc.constantFrom('rule', 'rule', 'rule', 'no-rule', 'true-up');
const line = fc.record({ kind, base, ruleRate: rate(1), programs: rate(0.1) });

describe('tier shift in SQL equals the domain rating', () => {
  const db = useTestDatabase('incentives_shift_tier');
  let pool: Pool;

  beforeAll(async () => {
    pool = createPool(db.url, { max: 1 });
    await pool.query(`CREATE SCHEMA ${SCHEMA}; ${incentivesDdl(SCHEMA)}`);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('gives every rated line the domain rate and amount of the new tier, and leaves the others', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 30 }),
        rate(0.1),
        rate(0.1),
        async (lines, oldTier, newTier) => {
          const rated = lines.map((l, i) => {
            const r =
              l.kind === 'true-up'
                ? new Decimal(1)
                : lineRate(l.kind === 'rule' ? l.ruleRate : undefined, oldTier, l.programs);
            return { ...l, id: `L${i}`, rate: r, amount: lineAmount(l.base, r) };
          });
          const client = await pool.connect();
          try {
            await client.query(`TRUNCATE ${SCHEMA}.source_lines, ${SCHEMA}.statement_lines`);
            await client.query(
              `INSERT INTO ${SCHEMA}.source_lines (partner_id, period, source_type, source_id, occurred_at, base, position, positions)
               SELECT 'P', '2026-10', t, id, '2026-10-01T00:00:00Z', b, 1, '[1]' FROM unnest($1::text[], $2::text[], $3::numeric[]) AS x(t, id, b)`,
              [
                rated.map((l) => (l.kind === 'true-up' ? 'TrueUp' : 'OrderPlaced')),
                rated.map((l) => l.id),
                rated.map((l) => l.base.toFixed()),
              ],
            );
            await client.query(
              `INSERT INTO ${SCHEMA}.statement_lines (partner_id, period, revision, source_type, source_id, rule_id, rate, amount, position)
               SELECT 'P', '2026-10', 1, t, id, r, rate, amount, 1
                 FROM unnest($1::text[], $2::text[], $3::text[], $4::numeric[], $5::numeric[]) AS x(t, id, r, rate, amount)`,
              [
                rated.map((l) => (l.kind === 'true-up' ? 'TrueUp' : 'OrderPlaced')),
                rated.map((l) => l.id),
                rated.map((l) => (l.kind === 'rule' ? 'R' : null)),
                rated.map((l) => l.rate.toFixed()),
                rated.map((l) => l.amount.toFixed()),
              ],
            );
            await shiftTier(client, SCHEMA, [
              { partnerId: 'P', period: '2026-10', revision: 1, delta: newTier.minus(oldTier) },
            ]);
            const stored = await client.query(
              `SELECT source_id, rate::text, amount::text FROM ${SCHEMA}.statement_lines ORDER BY source_id`,
            );
            const byId = new Map(stored.rows.map((r) => [r.source_id as string, r]));
            for (const l of rated) {
              const expectedRate = l.kind === 'rule' ? lineRate(l.ruleRate, newTier, l.programs) : l.rate;
              const expectedAmount = l.kind === 'rule' ? lineAmount(l.base, expectedRate) : l.amount;
              const row = byId.get(l.id)!;
              expect({
                id: l.id,
                rate: new Decimal(row.rate).toFixed(),
                amount: new Decimal(row.amount).toFixed(),
              }).toEqual({ id: l.id, rate: expectedRate.toFixed(), amount: expectedAmount.toFixed() });
            }
          } finally {
            client.release();
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
