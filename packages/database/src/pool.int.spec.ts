import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, createPool, freePort, isDatabaseUnavailable, type Pool, transaction } from './index.js';
import { useTestDatabase } from './vitest.js';

/** Connection failures reported to the pool's handler, with the source named. */
function recorder() {
  const seen: { message: string; source: string }[] = [];
  return { seen, handler: (error: Error, source: string) => seen.push({ message: error.message, source }) };
}

/** Resolves once the failure was reported (the `error` event comes a moment after the termination). */
const reported = (seen: readonly unknown[]) =>
  vi.waitFor(() => expect(seen.length).toBeGreaterThan(0), { timeout: 5000, interval: 10 });

// A connection that dies emits `error` on its node-postgres client; without a listener that event
// is thrown and the process exits (issue 11: a client checked out in ProjectionApplier.commit).
// Vitest fails a test file on any uncaught exception, so each case below fails if a listener is missing.
describe('connections that die', () => {
  const db = useTestDatabase('pool');
  let admin: Pool;
  beforeAll(() => {
    admin = createPool(db.url, { max: 2, applicationName: 'reckon-test-admin' });
  });
  afterAll(async () => admin.end());

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);

  it('a checked-out client is reported once, its query fails as "unavailable", and the pool serves again', async () => {
    const { seen, handler } = recorder();
    const pool = createPool(db.url, { max: 1, applicationName: 'reckon-test-pool', onConnectionError: handler });
    try {
      const client = await pool.connect();
      const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      await terminate(pid);
      await reported(seen);
      const failure = await client.query('SELECT 1').catch((error: unknown) => error);
      expect(isDatabaseUnavailable(failure)).toBe(true);
      client.release();
      expect((await pool.query('SELECT 2 AS two')).rows).toEqual([{ two: 2 }]);
      expect(seen).toHaveLength(1);
      expect(seen[0]?.source).toBe('reckon-test-pool');
    } finally {
      await pool.end();
    }
  });

  it('a client whose query is in flight rejects it as "unavailable"', async () => {
    const { seen, handler } = recorder();
    const pool = createPool(db.url, { max: 1, applicationName: 'reckon-test-pool', onConnectionError: handler });
    try {
      const client = await pool.connect();
      const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const sleeping = client.query('SELECT pg_sleep(30)').catch((error: unknown) => error);
      await terminate(pid);
      expect(isDatabaseUnavailable(await sleeping)).toBe(true);
      await reported(seen);
      client.release();
      expect((await pool.query('SELECT 3 AS three')).rows).toEqual([{ three: 3 }]);
    } finally {
      await pool.end();
    }
  });

  it('an idle client is reported once and replaced', async () => {
    const { seen, handler } = recorder();
    const pool = createPool(db.url, { max: 1, applicationName: 'reckon-test-pool', onConnectionError: handler });
    try {
      const pid = Number((await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      await terminate(pid);
      await reported(seen);
      const next = Number((await pool.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      expect(next).not.toBe(pid);
      expect(seen).toHaveLength(1);
    } finally {
      await pool.end();
    }
  });

  it('a dedicated client is reported and its next query fails as "unavailable"', async () => {
    const { seen, handler } = recorder();
    const client = await connectClient(db.url, {
      applicationName: 'reckon-test-dedicated',
      onConnectionError: handler,
    });
    try {
      const pid = Number((await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      await terminate(pid);
      await reported(seen);
      expect(seen[0]?.source).toBe('reckon-test-dedicated');
      expect(isDatabaseUnavailable(await client.query('SELECT 1').catch((error: unknown) => error))).toBe(true);
    } finally {
      await client.end().catch(() => {});
    }
  });

  it('tells a refused connection from a wrong statement', async () => {
    const port = await freePort(); // nothing listens there
    const refused = new pg.Client({ connectionString: `postgres://reckon@127.0.0.1:${port}/reckon` });
    expect(isDatabaseUnavailable(await refused.connect().catch((error: unknown) => error))).toBe(true);
    expect(isDatabaseUnavailable(await admin.query('SELEC 1').catch((error: unknown) => error))).toBe(false);
    expect(isDatabaseUnavailable(await admin.query('SELECT 1/0').catch((error: unknown) => error))).toBe(false);
  });
});

describe('transaction', () => {
  const db = useTestDatabase('pool_transaction');
  let pool: Pool;
  beforeAll(async () => {
    pool = createPool(db.url, { max: 1, applicationName: 'reckon-test-transaction' });
    await pool.query('CREATE TABLE t (n integer)');
  });
  afterAll(async () => pool.end());

  const rows = async () => (await pool.query('SELECT n FROM t ORDER BY n')).rows.map((r) => r.n as number);

  it('commits what the work wrote and returns its result; rolls back and rethrows when it throws', async () => {
    expect(
      await transaction(pool, async (c) => (await c.query('INSERT INTO t VALUES (1) RETURNING n')).rows[0].n),
    ).toBe(1);
    const failure = transaction(pool, async (c) => {
      await c.query('INSERT INTO t VALUES (2)');
      throw new Error('no');
    });
    await expect(failure).rejects.toThrow('no');
    expect(await rows()).toEqual([1]);
    // The one connection went back to the pool, outside any transaction, with the opening's settings gone.
    await transaction(pool, (c) => c.query('INSERT INTO t VALUES (3)'), "BEGIN; SET LOCAL lock_timeout = '2s'");
    expect((await pool.query('SHOW lock_timeout')).rows[0].lock_timeout).toBe('0');
    expect(await rows()).toEqual([1, 3]);
  });
});
