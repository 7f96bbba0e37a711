import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { MIGRATION_NAMESPACE } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDataDir, DataDirInUseError, openRuntime } from './runtime.js';

describe('runtime: database, migrations, readiness, data directory', () => {
  const db = useTestDatabase('api_runtime');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'reckon-runtime-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('migrates on open and is ready only while the schema is at the version the code ships', async () => {
    const runtime = await openRuntime({ databaseUrl: db.url, dataDir: dir });
    const pool = createPool(db.url, { max: 1 });
    try {
      expect(runtime.server.kind).toBe('external');
      // The pools it owns, for /metrics: the event store's and the readiness probe's.
      expect(runtime.pools().map((usage) => [usage.name, usage.max])).toEqual([
        ['reckon-event-store', 10],
        ['reckon-readiness', 2],
      ]);
      expect(await runtime.readiness()).toEqual({ ready: true });
      const latest = await pool.query('SELECT max(version) AS v FROM schema_migrations WHERE namespace = $1', [
        MIGRATION_NAMESPACE,
      ]);
      await pool.query('DELETE FROM schema_migrations WHERE namespace = $1 AND version = $2', [
        MIGRATION_NAMESPACE,
        latest.rows[0].v,
      ]);
      const state = await runtime.readiness();
      expect(state).toMatchObject({ ready: false, reason: expect.stringContaining('schema') });
      await pool.query('INSERT INTO schema_migrations (namespace, version, name) VALUES ($1, $2, $3)', [
        MIGRATION_NAMESPACE,
        latest.rows[0].v,
        'restored by test',
      ]);
      expect(await runtime.readiness()).toEqual({ ready: true });
    } finally {
      await pool.end();
      await runtime.close();
    }
  });

  it('refuses to start an embedded data directory a live postmaster holds, naming its port', async () => {
    const dataDir = path.join(dir, 'busy');
    await mkdir(path.join(dataDir, 'pgdata'), { recursive: true });
    // This test process stands in for the live postmaster; no file names the process serving from it.
    await writeFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), `${process.pid}\n${dataDir}\n0\n54321\n`);
    await expect(claimDataDir(dataDir)).rejects.toThrow(DataDirInUseError);
    await expect(claimDataDir(dataDir)).rejects.toThrow(/postgres:\/\/reckon:reckon@127\.0\.0\.1:54321\/reckon/);
    // Nor while the process named is alive (the test runner's parent stands in for a running service).
    await writeFile(path.join(dataDir, 'reckon.pid'), `${process.ppid}\n`);
    await expect(claimDataDir(dataDir)).rejects.toThrow(DataDirInUseError);
    // A stale pid file (no such process) is PostgreSQL's to clean up, not a reason to refuse.
    await writeFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), '99999999\nx\n0\n54321\n');
    const release = await claimDataDir(dataDir);
    expect((await readFile(path.join(dataDir, 'reckon.pid'), 'utf8')).trim()).toBe(String(process.pid));
    release();
    expect(existsSync(path.join(dataDir, 'reckon.pid'))).toBe(false);
  });

  it('stops a postmaster whose service is gone (killed), and then claims the directory', async () => {
    const dataDir = path.join(dir, 'orphaned');
    await mkdir(path.join(dataDir, 'pgdata'), { recursive: true });
    // A process that outlived its service stands in for the postmaster: SIGINT ends it.
    const postmaster = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const gone = new Promise((resolve) => postmaster.once('exit', (_code, signal) => resolve(signal)));
    await writeFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), `${postmaster.pid}\n${dataDir}\n0\n54321\n`);
    await writeFile(path.join(dataDir, 'reckon.pid'), '99999999\n');
    const orphans: number[][] = [];
    const release = await claimDataDir(dataDir, (pid, owner) => orphans.push([pid, owner]));
    expect(orphans).toEqual([[postmaster.pid, 99999999]]);
    expect(await gone).toBe('SIGINT');
    release();
  });
});
