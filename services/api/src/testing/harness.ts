import { PostgresEventStore } from '@reckon/event-store-postgres';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../app';
import type { ApiKey } from '../auth/keys';

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
