import { useTestDatabase } from '@reckon/database/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointMigrations, createScratchSchema, schemaMigrations } from '../checkpoint.js';
import { PROJECTIONS } from '../registry.js';

/**
 * The tables a declared projection derives from its definition (what a rebuild or verify builds and
 * swaps in) are the tables its released migrations made in existing databases: same columns in the
 * same order, types, nullability, keys and indexes.
 */
describe('declared tables', () => {
  const db = useTestDatabase('declared_ddl');
  let pool: pg.Pool;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => pool?.end());

  const shape = async (schema: string) => {
    const columns = await pool.query(
      `SELECT c.relname AS table, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, 2`,
      [schema],
    );
    const indexes = await pool.query(
      `SELECT tablename, indexname, replace(indexdef, $1 || '.', 'S.') AS def FROM pg_indexes
        WHERE schemaname = $1 ORDER BY 1, 2`,
      [schema],
    );
    return { columns: columns.rows, indexes: indexes.rows };
  };

  for (const definition of PROJECTIONS.filter((p) => p.createTables)) {
    it(`${definition.name}: from the definition as from the migrations`, async () => {
      const migrated = `migrated_${definition.name}`;
      await pool.query(`DROP SCHEMA IF EXISTS ${migrated} CASCADE`);
      for (const m of schemaMigrations(definition, migrated)) await pool.query(m.sql);
      for (const m of checkpointMigrations(migrated)) await pool.query(m.sql);
      const declared = `declared_${definition.name}`;
      await createScratchSchema(pool, definition, declared);
      const [a, b] = [await shape(migrated), await shape(declared)];
      expect(b.columns).toEqual(a.columns);
      expect(b.indexes.map((i) => i.def)).toEqual(a.indexes.map((i) => i.def));
      expect(b.columns.length).toBeGreaterThan(0);
    });
  }
});
