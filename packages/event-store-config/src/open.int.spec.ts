import { useTestDatabase } from '@reckon/database/vitest';
import { EventStoreDbEventStore } from '@reckon/event-store-eventstoredb';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { describe, expect, it } from 'vitest';
import { eventLogKind, openEventStore } from './index.js';

describe('openEventStore', () => {
  const db = useTestDatabase('event_store_config');

  it('opens the log in PostgreSQL, migrated, when EVENTSTORE_URL is unset', async () => {
    const config = { databaseUrl: db.url, eventStoreUrl: undefined };
    expect(eventLogKind(config)).toBe('postgres');
    const store = await openEventStore(config);
    try {
      expect(store).toBeInstanceOf(PostgresEventStore);
      expect(await store.headPosition()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('opens KurrentDB when EVENTSTORE_URL is set (its client connects lazily)', async () => {
    const config = { databaseUrl: db.url, eventStoreUrl: 'kurrentdb://127.0.0.1:1?tls=false' };
    expect(eventLogKind(config)).toBe('eventstoredb');
    const store = await openEventStore(config);
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.close();
  });
});
