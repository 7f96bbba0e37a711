import { PostgresEventStore } from '@reckon/event-store-postgres';
import { waitForPosition } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../app.js';
import type { ApiKey } from '../auth/keys.js';
import { type ReadSideHandle, startReadSide } from '../routes/queries/index.js';

/** The keys every API test uses; one per role, plus a partner key. */
export const KEYS = {
  admin: 'test-admin-key-0001',
  finance: 'test-finance-key-0001',
  partner: 'test-partner-key-0001',
} as const;

export const TEST_API_KEYS: ApiKey[] = [
  { key: KEYS.admin, role: 'admin' },
  { key: KEYS.finance, role: 'finance' },
  { key: KEYS.partner, role: 'partner', partnerId: 'P-DIST' },
];

export function bearer(role: keyof typeof KEYS): Record<string, string> {
  return { authorization: `Bearer ${KEYS[role]}` };
}

export interface TestApp {
  app: FastifyInstance;
  store: PostgresEventStore;
  close(): Promise<void>;
}

/** The service over a migrated event store in the test file's own database. */
export async function openTestApp(url: string, overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const store = await PostgresEventStore.connect(url, { poolSize: 20 });
  const app = await buildApp({ store, apiKeys: TEST_API_KEYS, ...overrides });
  await app.ready();
  return {
    app,
    store,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export interface QueryTestApp extends TestApp {
  read: ReadSideHandle;
  /** Posts `events` as one batch (201 expected) and waits until every projection has folded them. */
  seed(events: readonly unknown[]): Promise<number>;
}

/** The service with its read side (projections running, query routes served), billing zone Asia/Shanghai. */
export async function openQueryTestApp(url: string): Promise<QueryTestApp> {
  const store = await PostgresEventStore.connect(url, { poolSize: 20 });
  const read = await startReadSide({ databaseUrl: url, store, billingTimeZone: 'Asia/Shanghai' });
  const app = await buildApp({ store, apiKeys: TEST_API_KEYS, queries: read.queries });
  await app.ready();
  return {
    app,
    store,
    read,
    async seed(events) {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer('admin'),
        payload: { events },
      });
      if (response.statusCode !== 201) throw new Error(`seeding answered ${response.statusCode}: ${response.body}`);
      const { lastPosition } = response.json() as { lastPosition: number };
      if (!(await waitForPosition(read.queries.pool, lastPosition, 20_000))) {
        throw new Error(`the projections did not reach position ${lastPosition} in 20 s`);
      }
      return lastPosition;
    },
    async close() {
      await app.close();
      await read.close();
      await store.close();
    },
  };
}
