import { migrate } from '@reckon/database';
import type { Pool } from 'pg';
import { checkpointMigrations, checkpointNamespace, migrationNamespace, schemaMigrations } from './checkpoint.js';
import type { ProjectionDefinition } from './projection.js';
import { PROJECTIONS } from './registry.js';

/** Creates or upgrades the live tables of the projections (idempotent, safe to race). */
export async function migrateProjections(
  pool: Pool,
  definitions: readonly ProjectionDefinition[] = PROJECTIONS,
): Promise<void> {
  for (const definition of definitions) {
    await migrate(pool, migrationNamespace(definition), schemaMigrations(definition, definition.schema));
    await migrate(pool, checkpointNamespace(definition), checkpointMigrations(definition.schema));
  }
}
