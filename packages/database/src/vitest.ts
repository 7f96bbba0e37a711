import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testing.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the server the whole test run shares (see test/setup). */
    adminDatabaseUrl: string;
  }
}

/** The admin URL of the test server the global setup started or was given. */
export function testServerUrl(): string {
  return inject('adminDatabaseUrl');
}

/**
 * Gives the calling test file a fresh database of its own, created before its tests and dropped
 * after them. Read `.url` inside tests or hooks (it is set in `beforeAll`).
 */
export function useTestDatabase(label = 'test'): { readonly url: string } {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase(testServerUrl(), label);
  });
  afterAll(async () => {
    await database?.drop();
  });
  return {
    get url() {
      if (!database) throw new Error('useTestDatabase(): url read before beforeAll ran');
      return database.url;
    },
  };
}
