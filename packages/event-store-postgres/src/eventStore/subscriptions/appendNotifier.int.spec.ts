import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresEventStore } from '../postgresEventStore';

const LISTENER = 'reckon-event-store-listen';

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, ms = 2000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

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
      await until(() => (delivered.includes(first) ? true : undefined), 'the first event delivered');

      const [before] = await until(async () => {
        const pids = await listeners();
        return pids.length === 1 ? pids : undefined;
      }, 'one LISTEN backend');
      await admin.query('SELECT pg_terminate_backend($1)', [before]);
      await until(() => (lost.some((line) => line.startsWith(LISTENER)) ? true : undefined), 'the loss logged');
      await until(async () => {
        const pids = await listeners();
        return pids.length === 1 && pids[0] !== before ? pids : undefined;
      }, 'a new LISTEN backend');

      const second = randomUUID();
      await store.appendToStream('probe', [
        { eventId: second, type: 'Probe', occurredAt: '2026-10-05T10:00:00Z', data: {} },
      ]);
      await until(() => (delivered.includes(second) ? true : undefined), 'the second event delivered');
      expect(delivered).toEqual([first, second]);
    } finally {
      await subscription.stop();
      await store.close();
    }
  });
});
