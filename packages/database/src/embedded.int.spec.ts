import { existsSync } from 'node:fs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startThrowawayPostgres } from './index';

describe('a throw-away embedded server', () => {
  it('serves queries, and its directory is gone once stopped', { timeout: 120_000 }, async () => {
    const server = await startThrowawayPostgres({ prefix: 'reckon-throwaway-spec-', unsafeFast: true });
    try {
      expect(existsSync(server.dataDir)).toBe(true);
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        expect((await client.query('SHOW fsync')).rows[0]).toEqual({ fsync: 'off' });
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
  });
});
