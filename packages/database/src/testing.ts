import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from './server.js';
import { withDatabase } from './url.js';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty database on the test server, so that test files can run in parallel without
 * seeing each other's rows. `adminUrl` is the server the global test setup provides.
 */
export async function createTestDatabase(adminUrl: string, label = 'test'): Promise<TestDatabase> {
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, 30);
  const name = `reckon_${safe}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, name);
  return { url: withDatabase(adminUrl, name), name, drop: () => dropDatabase(adminUrl, name) };
}
