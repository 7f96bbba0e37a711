import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PostgresEventStore } from '../postgresEventStore.js';

const LISTENER = 'reckon-event-store-listen';

/** Within 2 s: the service is expected back within a second of its database (issue 11). */
const soon = { timeout: 2000, interval: 20 };

describe('the LISTEN connection of the PostgreSQL store', () => {
  const db = useTestDatabase('append_notifier');
  let admin: Pool;
  beforeAll(() => {
    admin = createPool(db.url, { max: 1, applicationName: 'reckon-test-admin' });
  });
  afterAll(async () => admin.end());

  const listeners = async () =>
    (
      await admin.query<{ pid: number }>(
        'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1',
        [LISTENER],
      )
    ).rows.map((row) => row.pid);

  it('re-subscribes by itself when its backend is terminated, and wakes subscribers on the next append', async () => {
    const lost: string[] = [];
    // Polling once a minute: only a notification can deliver an event within the test's waits.
    const store = await PostgresEventStore.connect(db.url, {
      pollIntervalMs: 60_000,
      onConnectionError: (error, source) => lost.push(`${source}: ${error.message}`),
    });
    const delivered: string[] = [];
    const subscription = store.subscribeToAll({
      fromPosition: await store.headPosition(),
      handler: async (events) => {
        for (const event of events) delivered.push(event.eventId);
      },
    });
    try {
      const first = randomUUID();
      await store.appendToStream('probe', [
        { eventId: first, type: 'Probe', occurredAt: '2026-10-05T10:00:00Z', data: {} },
      ]);
      await vi.waitFor(() => expect(delivered).toContain(first), soon);

      const [before] = await vi.waitFor(async () => {
        const pids = await listeners();
        expect(pids).toHaveLength(1);
        return pids;
      }, soon);
      await admin.query('SELECT pg_terminate_backend($1)', [before]);
      await vi.waitFor(() => expect(lost.some((line) => line.startsWith(LISTENER))).toBe(true), soon);
      // A new LISTEN backend, without any subscriber asking for it.
      await vi.waitFor(async () => {
        const pids = await listeners();
        expect(pids).toHaveLength(1);
        expect(pids[0]).not.toBe(before);
      }, soon);

      const second = randomUUID();
      await store.appendToStream('probe', [
        { eventId: second, type: 'Probe', occurredAt: '2026-10-05T10:00:00Z', data: {} },
      ]);
      await vi.waitFor(() => expect(delivered).toContain(second), soon);
      expect(delivered).toEqual([first, second]);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });
});
