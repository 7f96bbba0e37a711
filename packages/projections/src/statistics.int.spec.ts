import { useTestDatabase } from '@reckon/database/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplayStatistics } from './statistics.js';

describe('the statistics of tables a replay fills', () => {
  const db = useTestDatabase('replay_statistics');
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    await pool.query(`CREATE SCHEMA s; CREATE UNLOGGED TABLE s.orders (order_id text, resource_id text, customer_id text NOT NULL,
        PRIMARY KEY (order_id, resource_id));
      INSERT INTO s.orders SELECT 'o' || (i / 2), 'r' || i, 'c' || (i % 100) FROM generate_series(1, 20000) i`);
  });
  afterAll(async () => pool?.end());

  // -1 until the table is first analysed (ANALYZE sets it in its own transaction).
  const reltuples = async () =>
    Number((await pool.query(`SELECT reltuples FROM pg_class WHERE oid = 's.orders'::regclass`)).rows[0]!.reltuples);
  // As a fold's context read sends it: a parameter of 300 orders (600 rows); what the planner expects.
  const keys = Array.from({ length: 300 }, (_, i) => `o${i + 1}`);
  const expected = async () =>
    (
      await pool.query('EXPLAIN (FORMAT JSON) SELECT customer_id FROM s.orders WHERE order_id = ANY($1::text[])', [
        keys,
      ])
    ).rows[0]['QUERY PLAN'][0].Plan['Plan Rows'] as number;

  it('analyses them each time the events replayed double, so that key lookups use the key', async () => {
    // Never analysed: PostgreSQL guesses that 300 keys match a large part of the table (a
    // sequential scan, once the table is large).
    expect(await expected()).toBeGreaterThan(5000);
    const statistics = new ReplayStatistics(pool, ['s.orders'], 1000);
    statistics.replayed(999);
    await statistics.settled();
    expect(await reltuples()).toBe(-1);
    expect(statistics.rounds).toBe(0);
    statistics.replayed(1000);
    await statistics.settled();
    expect(await reltuples()).toBe(20000);
    expect(statistics.rounds).toBe(1);
    expect(await expected()).toBeGreaterThan(300);
    expect(await expected()).toBeLessThan(1200);
    // Next when the events replayed have doubled: 2,000.
    statistics.replayed(1999);
    await statistics.settled();
    expect(statistics.rounds).toBe(1);
    statistics.replayed(2500);
    await statistics.settled();
    expect(statistics.rounds).toBe(2);
  });

  it('reports a failed round when the replay waits for it', async () => {
    const statistics = new ReplayStatistics(pool, ['s.no_such_table'], 1);
    statistics.replayed(1);
    await expect(statistics.settled()).rejects.toThrow(/no_such_table/);
  });
});
