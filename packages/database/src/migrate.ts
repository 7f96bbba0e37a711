import type pg from 'pg';

export interface Migration {
  /** Strictly increasing within a namespace; never renumber a released migration. */
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the migrations of one namespace (one package's schema) that are not applied yet, each in
 * its own transaction, under an advisory lock so that several processes starting at once apply
 * each migration exactly once.
 */
export async function migrate(pool: pg.Pool, namespace: string, migrations: readonly Migration[]): Promise<number[]> {
  const client = await pool.connect();
  const applied: number[] = [];
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext('reckon.migrate'))`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      namespace text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (namespace, version)
    )`);
    const done = await client.query<{ version: number }>('SELECT version FROM schema_migrations WHERE namespace = $1', [
      namespace,
    ]);
    const have = new Set(done.rows.map((row) => row.version));
    const sorted = [...migrations].sort((a, b) => a.version - b.version);
    for (const migration of sorted) {
      if (have.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (namespace, version, name) VALUES ($1, $2, $3)', [
          namespace,
          migration.version,
          migration.name,
        ]);
        await client.query('COMMIT');
        applied.push(migration.version);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw new Error(`migration ${namespace}#${migration.version} (${migration.name}) failed: ${String(error)}`, {
          cause: error,
        });
      }
    }
    return applied;
  } finally {
    await client.query(`SELECT pg_advisory_unlock(hashtext('reckon.migrate'))`).catch(() => {});
    client.release();
  }
}

/** Versions applied per namespace; `/readyz` compares them with what the code ships. */
export async function appliedMigrations(pool: pg.Pool): Promise<Map<string, number>> {
  const exists = await pool.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return new Map();
  const result = await pool.query<{ namespace: string; version: number }>(
    'SELECT namespace, max(version) AS version FROM schema_migrations GROUP BY namespace',
  );
  return new Map(result.rows.map((row) => [row.namespace, Number(row.version)]));
}
