import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPool, migrate } from './index.js';
import { useTestDatabase } from './vitest.js';

describe('database', () => {
  const db = useTestDatabase('database');
  let pool: pg.Pool | undefined;
  afterAll(async () => pool?.end());

  it('applies each migration once, in version order, even when two runners race', async () => {
    pool = createPool(db.url);
    const migrations = [
      { version: 2, name: 'add column', sql: 'ALTER TABLE probe ADD COLUMN note text' },
      { version: 1, name: 'create', sql: 'CREATE TABLE probe (id int PRIMARY KEY)' },
    ];
    const [first, second] = await Promise.all([migrate(pool, 'probe', migrations), migrate(pool, 'probe', migrations)]);
    expect([...first, ...second].sort()).toEqual([1, 2]);
    const columns = await pool.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'probe' ORDER BY 1`,
    );
    expect(columns.rows.map((r) => r.column_name)).toEqual(['id', 'note']);
  });

  it('gives each test file its own database', async () => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const name = await client.query('SELECT current_database() AS name');
    await client.end();
    expect(name.rows[0].name).toMatch(/^reckon_database_[0-9a-f]{8}$/);
  });
});
