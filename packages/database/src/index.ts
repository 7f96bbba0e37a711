export {
  type EmbeddedDatabase,
  type EmbeddedOptions,
  freePort,
  removeEmbeddedData,
  startEmbeddedPostgres,
  startThrowawayPostgres,
  type ThrowawayOptions,
} from './embedded';
export { appliedMigrations, type Migration, migrate } from './migrate';
export { createPool, type Pool, type PoolClient, type PoolOptions } from './pool';
export { type DatabaseServer, dropDatabase, ensureDatabase, type OpenOptions, openDatabaseServer } from './server';
export { createTestDatabase, type TestDatabase } from './testing';
export { withDatabase } from './url';
