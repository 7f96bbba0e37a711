export { arrayElement, arrayLiteral, arrayLiteralOf } from './array-literal.js';
export {
  describeSupervision,
  type EmbeddedDatabase,
  type EmbeddedOptions,
  embeddedUrl,
  freePort,
  livePostmaster,
  processAlive,
  RESTART_POLICY,
  type RestartPolicy,
  removeEmbeddedData,
  type SupervisionEvent,
  startEmbeddedPostgres,
  startThrowawayPostgres,
  stopPostmaster,
  type ThrowawayOptions,
} from './embedded.js';
export { appliedMigrations, type Migration, migrate } from './migrate.js';
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
  transaction,
} from './pool.js';
export { type DatabaseServer, dropDatabase, ensureDatabase, type OpenOptions, openDatabaseServer } from './server.js';
export { createTestDatabase, type TestDatabase } from './testing.js';
export { isDatabaseUnavailable } from './unavailable.js';
export { withDatabase } from './url.js';
