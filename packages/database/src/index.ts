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
export {
  type ClientOptions,
  type ConnectionErrorHandler,
  connectClient,
  createPool,
  logConnectionErrorToStderr,
  type Pool,
  type PoolClient,
  type PoolOptions,
  type PoolUsage,
  poolUsage,
} from './pool';
export { type DatabaseServer, dropDatabase, ensureDatabase, type OpenOptions, openDatabaseServer } from './server';
export { createTestDatabase, type TestDatabase } from './testing';
export { isDatabaseUnavailable } from './unavailable';
export { withDatabase } from './url';
