import { type Migration, transaction } from '@reckon/database';
import type { Pool, PoolClient } from 'pg';
import { BillingZoneError } from './errors.js';
import type { ProjectionDefinition } from './projection.js';

/** The schema and the checkpoint row every projection starts with. */
function baseDdl(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${schema};
  CREATE TABLE ${schema}.checkpoint (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    position bigint NOT NULL,
    last_recorded_at timestamptz,
    generation text NOT NULL DEFAULT gen_random_uuid()::text,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  INSERT INTO ${schema}.checkpoint (position) VALUES (0);`;
}

/** The migrations of a projection as applied to one schema (version 1 also creates the schema). */
export function schemaMigrations(definition: ProjectionDefinition, schema: string): Migration[] {
  return definition.migrations.map((m) => ({
    version: m.version,
    name: m.name,
    sql: m.version === definition.migrations[0]?.version ? `${baseDdl(schema)}\n${m.sql(schema)}` : m.sql(schema),
  }));
}

/**
 * Upgrades of the checkpoint table, the same for every projection (after the projection's own
 * migrations, in a namespace of their own, so each projection gets them whatever its versions).
 */
const CHECKPOINT_MIGRATIONS: readonly { version: number; name: string; sql: (schema: string) => string }[] = [
  {
    version: 1,
    name: 'the checkpoint records the event a projection stopped at, and why',
    sql: (s) => `ALTER TABLE ${s}.checkpoint ADD COLUMN stalled_position bigint, ADD COLUMN stalled_error text,
      ADD COLUMN stalled_since timestamptz;`,
  },
  {
    version: 2,
    name: 'the checkpoint records the billing time zone the tables were built in',
    sql: (s) => `ALTER TABLE ${s}.checkpoint ADD COLUMN billing_tz text;`,
  },
];

export function checkpointMigrations(schema: string): Migration[] {
  return CHECKPOINT_MIGRATIONS.map((m) => ({ version: m.version, name: m.name, sql: m.sql(schema) }));
}

/** The migration namespace of a projection's live schema in `schema_migrations`. */
export function migrationNamespace(definition: ProjectionDefinition): string {
  return `projection:${definition.name}`;
}

/** The migration namespace of the checkpoint table of a projection's live schema. */
export function checkpointNamespace(definition: ProjectionDefinition): string {
  return `projection-checkpoint:${definition.name}`;
}

/** Creates an empty copy of a projection's tables in `schema` (dropping any previous one). */
export async function createScratchSchema(
  client: PoolClient | Pool,
  definition: ProjectionDefinition,
  schema: string,
): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  if (definition.createTables) await client.query(`${baseDdl(schema)}\n${definition.createTables(schema)}`);
  else for (const migration of schemaMigrations(definition, schema)) await client.query(migration.sql);
  for (const migration of checkpointMigrations(schema)) await client.query(migration.sql);
}

/** The event a projection stopped at: it failed on it and retries it (see `recordStall`). */
export interface Stall {
  /** Global position of the event. */
  position: number;
  error: string;
  /** When it first failed there (ISO-8601). */
  since: string;
}

export interface Checkpoint {
  position: number;
  lastRecordedAt: string | null;
  /** Random id of this copy of the tables: changes when a rebuild swaps a fresh copy in. */
  generation: string | null;
  /** Set while the projection is stopped by an event it cannot fold; null while it runs. */
  stall: Stall | null;
  /**
   * The billing time zone (`RECKON_BILLING_TZ`) the rows were booked in: set by the first batch
   * committed, null before it (and on tables older than the column).
   */
  billingTz: string | null;
}

export async function readCheckpoint(client: PoolClient | Pool, schema: string): Promise<Checkpoint> {
  // The row as JSON: a column a migration has not added yet (a checkpoint table of an older shape,
  // read while another process migrates it) is simply absent.
  const result = await client.query(`SELECT to_jsonb(c) AS row FROM ${schema}.checkpoint c`);
  const row = result.rows[0]?.row;
  return {
    position: row ? Number(row.position) : 0,
    lastRecordedAt: row?.last_recorded_at ?? null,
    generation: row?.generation ?? null,
    stall:
      row?.stalled_position !== undefined && row.stalled_position !== null
        ? { position: Number(row.stalled_position), error: row.stalled_error ?? '', since: row.stalled_since }
        : null,
    billingTz: row?.billing_tz ?? null,
  };
}

/**
 * Why a projection's tables cannot be carried on in `billingTz`, if they cannot: their rows were
 * booked in another zone, and folding the next events in this one would mix two calendars in one
 * table (a month's figures would silently change meaning).
 */
export function billingZoneProblem(projection: string, checkpoint: Checkpoint, billingTz: string): string | undefined {
  if (checkpoint.billingTz === null || checkpoint.billingTz === billingTz) return undefined;
  return (
    `projection ${projection}: its tables were built with RECKON_BILLING_TZ=${checkpoint.billingTz}, ` +
    `this process has ${billingTz}. Set RECKON_BILLING_TZ back to ${checkpoint.billingTz}, or rebuild ` +
    `the read models in the new zone (RECKON_BILLING_TZ=${billingTz} reckon rebuild all) and then ` +
    'restart every process with it (docs/runbooks.md, "Changing the billing time zone")'
  );
}

const NOT_STARTED: Checkpoint = { position: 0, lastRecordedAt: null, generation: null, stall: null, billingTz: null };

/**
 * A projection's checkpoint as the observers (lag, stalls, the billing zone's check) see it. Its
 * tables may not exist yet: no process has run it on this database (a new database, or the service
 * with RECKON_PROJECTIONS=none before its projector workers start). It is then the whole log behind,
 * and not stopped.
 */
export async function observedCheckpoint(pool: Pool, schema: string): Promise<Checkpoint> {
  try {
    return await readCheckpoint(pool, schema);
  } catch (error) {
    if ((error as { code?: string }).code === '42P01') return NOT_STARTED;
    throw error;
  }
}

/**
 * Throws `BillingZoneError` naming every projection of `definitions` whose live tables were booked in
 * another zone than `billingTz` (one line each): a service's start and `verify` refuse with it.
 */
export async function assertBillingZone(
  pool: Pool,
  definitions: readonly ProjectionDefinition[],
  billingTz: string,
): Promise<void> {
  const checkpoints = await Promise.all(definitions.map((d) => observedCheckpoint(pool, d.schema)));
  const problems = definitions.flatMap((d, i) => billingZoneProblem(d.name, checkpoints[i]!, billingTz) ?? []);
  if (problems.length > 0) throw new BillingZoneError(problems.join('\n'));
}

/**
 * Writes down, with the checkpoint, that the projection failed on the event at `position` and why,
 * so that every process sees it (`/readyz`, `/metrics`, `reckon verify`); the next batch it commits
 * clears it. Only while the checkpoint is still that copy of the tables and before that event (a
 * rebuild may have swapped in tables that are past it). Waits at most 2 s for the checkpoint row.
 */
export async function recordStall(
  pool: Pool,
  schema: string,
  generation: string | null,
  position: number,
  error: string,
): Promise<void> {
  await transaction(
    pool,
    (client) =>
      client.query(
        `UPDATE ${schema}.checkpoint
            SET stalled_since = CASE WHEN stalled_position = $1 THEN stalled_since ELSE now() END,
                stalled_position = $1, stalled_error = $2
          WHERE position < $1 AND generation IS NOT DISTINCT FROM $3`,
        // Text holds no NUL; a PostgreSQL error may quote a value, so keep it to a readable length.
        [position, error.replaceAll('\u0000', '\ufffd').slice(0, 2000), generation],
      ),
    "BEGIN; SET LOCAL lock_timeout = '2s'",
  );
}

/**
 * Makes the tables of a scratch schema unlogged (no WAL while it is filled) or logged again (one
 * sequential rewrite of each, with its indexes) before it is swapped in; `except` stays as it is (a
 * rebuild fills the tables it appends to logged: `keptLogged`). A crash truncates unlogged tables:
 * the rebuild is then simply run again.
 */
export async function setLogged(
  client: PoolClient | Pool,
  schema: string,
  logged: boolean,
  except: ReadonlySet<string> = new Set(),
): Promise<void> {
  const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1', [
    schema,
  ]);
  for (const { tablename } of tables.rows) {
    if (except.has(tablename)) continue;
    await client.query(`ALTER TABLE ${schema}.${tablename} SET ${logged ? 'LOGGED' : 'UNLOGGED'}`);
  }
}

/**
 * Drops the secondary (non-unique) indexes of a scratch schema and returns the statements that
 * recreate them: a bulk build maintains only the keys its upserts need, and the other indexes are
 * built once at the end.
 */
export async function dropSecondaryIndexes(client: PoolClient | Pool, schema: string): Promise<string[]> {
  const result = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
       JOIN pg_class c ON c.relname = i.indexname
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname
       JOIN pg_index x ON x.indexrelid = c.oid
      WHERE i.schemaname = $1 AND NOT x.indisunique`,
    [schema],
  );
  for (const row of result.rows) await client.query(`DROP INDEX ${schema}.${row.indexname}`);
  return result.rows.map((row) => row.indexdef);
}
