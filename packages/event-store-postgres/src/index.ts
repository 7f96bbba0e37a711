export type { AppendRole, AppendRoleListener } from './eventStore/leader/appendLeadership.js';
export { PostgresEventStore, type PostgresEventStoreOptions } from './eventStore/postgresEventStore.js';
export { MIGRATION_NAMESPACE, migrations } from './eventStore/schema/migrations.js';
