import { describe, expect, it } from 'vitest';
import { EventStoreDbEventStore } from './event-store.js';

describe('connecting', () => {
  it('refuses a client that would resolve a failed append instead of throwing', async () => {
    // No server is contacted: the client connects on first use.
    expect(() =>
      EventStoreDbEventStore.connect('kurrentdb://127.0.0.1:9?tls=false&throwOnAppendFailure=false'),
    ).toThrow(/throwOnAppendFailure/);
    const store = EventStoreDbEventStore.connect('kurrentdb://127.0.0.1:9?tls=false');
    await store.close();
  });
});
