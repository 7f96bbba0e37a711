export { PostgresEventStore, type PostgresEventStoreOptions } from './eventStore/postgresEventStore';
export { MIGRATION_NAMESPACE, migrations } from './eventStore/schema/migrations';
