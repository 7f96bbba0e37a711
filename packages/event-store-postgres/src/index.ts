export type { AppendRole, AppendRoleListener } from './eventStore/leader/appendLeadership.js';
export {
  type AppendStats,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from './eventStore/postgresEventStore.js';
export { MIGRATION_NAMESPACE, migrations } from './eventStore/schema/migrations.js';
