import { migrate } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationNamespace, readCheckpoint, schemaMigrations } from './checkpoint.js';
import { migrateProjections } from './migrations.js';
import { PROJECTIONS } from './registry.js';

/** The migrations each projection had before amounts were widened (the previous release). */
const RELEASED: Record<string, number> = { directory: 1, consumption: 1, balances: 2, subscriptions: 2, incentives: 1 };

describe('projection migrations of an existing database', () => {
  const db = useTestDatabase('projection_migrations');
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
    for (const definition of PROJECTIONS) {
      const released = schemaMigrations(definition, definition.schema).filter(
        (m) => m.version <= RELEASED[definition.name]!,
      );
      await migrate(pool, migrationNamespace(definition), released);
    }
  });
  afterAll(async () => pool?.end());

  const relfilenode = async (table: string) =>
    (await pool.query(`SELECT relfilenode FROM pg_class WHERE oid = $1::regclass`, [table])).rows[0].relfilenode;

  it('widen the amounts in place, keep the rows, and let level and stalls be recorded', async () => {
    await pool.query(
      `INSERT INTO rm_consumption.consumption_summary VALUES
         ('P', 'C', '2026-10', NULL, 'CNY', '99999999999999999999.5', 0, 0, 0, 0, 0, '99999999999999999999.5', 7)`,
    );
    await pool.query(`INSERT INTO rm_incentives.partners VALUES ('P', '')`);
    const before = await relfilenode('rm_consumption.consumption_summary');
    await expect(pool.query(`UPDATE rm_consumption.consumption_summary SET net = net * 1000`)).rejects.toThrow(
      /numeric field overflow/,
    );

    // Consumption's version 2 widens in place; its version 3 then recreates its tables (below).
    const consumption = PROJECTIONS.find((d) => d.name === 'consumption')!;
    const widening = schemaMigrations(consumption, consumption.schema).filter((m) => m.version <= 2);
    await migrate(pool, migrationNamespace(consumption), widening);

    // The same file: PostgreSQL changed the type in the catalogue only, no rewrite of a big table.
    expect(await relfilenode('rm_consumption.consumption_summary')).toBe(before);
    await pool.query(`UPDATE rm_consumption.consumption_summary SET net = net * 100000000`);
    const row = await pool.query(`SELECT consumption::text, net::text FROM rm_consumption.consumption_summary`);
    expect(row.rows).toEqual([
      { consumption: '99999999999999999999.50000000', net: '9999999999999999999950000000.00000000' },
    ]);
    await pool.query(`UPDATE rm_consumption.checkpoint SET position = 7`);

    await migrateProjections(pool);

    // Consumption's version 3 (a late adjustment keeps its stated correctsPeriod) cannot be done in
    // place: the tables are recreated empty and the checkpoint goes back to 0, so the log is replayed.
    expect((await pool.query('SELECT count(*)::int AS n FROM rm_consumption.consumption_summary')).rows).toEqual([
      { n: 0 },
    ]);
    expect((await readCheckpoint(pool, consumption.schema)).position).toBe(0);
    const narrow = await pool.query(
      `SELECT table_schema, table_name, column_name FROM information_schema.columns
        WHERE data_type = 'numeric' AND table_schema LIKE 'rm\\_%' AND numeric_precision <> 38`,
    );
    expect(narrow.rows).toEqual([]);
    // The view over the widened columns is back.
    await pool.query('SELECT * FROM rm_incentives.current_lines');
    // Existing levels stay as they are; a partner without one can now be written.
    await pool.query(`INSERT INTO rm_incentives.partners VALUES ('Q', NULL)`);
    await pool.query(
      `INSERT INTO rm_directory.partners VALUES ('Q', 'Q', 'distributor', NULL, NULL, 'UTC', NULL, 'CNY', now(), 1)`,
    );
    for (const definition of PROJECTIONS) {
      expect((await readCheckpoint(pool, definition.schema)).stall).toBeNull();
    }
    // Running them again changes nothing.
    await migrateProjections(pool);
  });
});
