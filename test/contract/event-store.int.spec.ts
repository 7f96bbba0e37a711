import { useTestDatabase } from '@reckon/database/vitest';
import { type ContractSetup, eventStoreContract } from '@reckon/event-store/contract';
import { eventStoreDbSetup } from '@reckon/event-store-eventstoredb/testing';
import { PostgresEventStore } from '@reckon/event-store-postgres';

/**
 * The one event store contract suite, run against every adapter (like Kysely's loop over dialects).
 * PostgreSQL always runs, on a database of its own (every capability); KurrentDB runs when
 * EVENTSTORE_URL names a server or Docker is there for testcontainers, and is reported as skipped
 * otherwise; its capabilities follow what its server offers.
 */
const db = useTestDatabase('event_store_contract');

const postgres: ContractSetup = async (options) => {
  const store = await PostgresEventStore.connect(
    db.url,
    options?.beforeCommit ? { beforeCommit: options.beforeCommit } : {},
  );
  return { store, teardown: () => store.close() };
};

const adapters: Array<{ name: string; setup: ContractSetup | null; howToRun?: string }> = [
  { name: 'postgres', setup: postgres },
  {
    name: 'kurrentdb',
    setup: await eventStoreDbSetup(),
    howToRun:
      'Run them with EVENTSTORE_URL=kurrentdb://localhost:2113?tls=false (KurrentDB 26.1+ for every multi-stream case), or with Docker running (testcontainers).',
  },
];

for (const { name, setup, howToRun } of adapters) eventStoreContract(name, setup, howToRun);
