import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { removeEmbeddedData, startEmbeddedPostgres, startThrowawayPostgres } from './index.js';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('a throw-away embedded server', () => {
  it('serves queries, and its directory is gone once stopped', { timeout: 120_000 }, async () => {
    const server = await startThrowawayPostgres({ prefix: 'reckon-throwaway-spec-', unsafeFast: true });
    try {
      expect(existsSync(server.dataDir)).toBe(true);
      expect(await query(server.url, 'SHOW fsync')).toEqual([{ fsync: 'off' }]);
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
  });
});

describe('an embedded server', () => {
  it('restarted on the same port keeps its data and its URL', { timeout: 120_000 }, async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-restart-spec-'));
    try {
      const first = await startEmbeddedPostgres({ dataDir, unsafeFast: true });
      try {
        await query(first.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
      } finally {
        await first.stop();
      }
      await expect(query(first.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
      const again = await startEmbeddedPostgres({ dataDir, port: first.port, unsafeFast: true });
      try {
        expect(again.url).toBe(first.url);
        expect(await query(again.url, 'SELECT id FROM kept')).toEqual([{ id: 7 }]);
      } finally {
        await again.stop();
      }
    } finally {
      await removeEmbeddedData(dataDir);
    }
  });

  // The server runs as the `postgres` user when we are root: a folder of mode 700 (a root home, a
  // `mktemp -d`) is out of its reach, which made initdb fail with EACCES (issue 11).
  it.runIf(process.getuid?.() === 0)(
    'as root, runs from a folder the server user cannot traverse, its cluster kept where it can',
    { timeout: 120_000 },
    async () => {
      const privateDir = await mkdtemp(path.join(tmpdir(), 'reckon-private-spec-'));
      expect(statSync(privateDir).mode & 0o777).toBe(0o700);
      const dataDir = path.join(privateDir, 'data');
      let cluster = '';
      try {
        const server = await startEmbeddedPostgres({ dataDir, unsafeFast: true });
        try {
          expect(await query(server.url, 'SELECT current_user AS who')).toEqual([{ who: 'reckon' }]);
          const link = path.join(dataDir, 'pgdata');
          expect(lstatSync(link).isSymbolicLink()).toBe(true);
          cluster = realpathSync(link);
          expect(cluster.startsWith('/var/lib/reckon/clusters/')).toBe(true);
          expect(existsSync(path.join(cluster, 'postmaster.pid'))).toBe(true);
        } finally {
          await server.stop();
        }
        expect(existsSync(path.join(cluster, 'postmaster.pid'))).toBe(false);
      } finally {
        await removeEmbeddedData(dataDir);
        await rm(privateDir, { recursive: true, force: true });
      }
      expect(existsSync(path.dirname(cluster))).toBe(false);
    },
  );
});
