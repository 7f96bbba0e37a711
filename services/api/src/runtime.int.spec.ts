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

  /** A process that works in `<dataDir>/pgdata` stands in for its postmaster: SIGINT ends it. */
  const fakePostmaster = async (dataDir: string, port = 54321) => {
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], {
      stdio: 'ignore',
      cwd: path.join(dataDir, 'pgdata'),
    });
    const gone = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await writeFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), `${child.pid}\n${dataDir}\n0\n${port}\n`);
    return { child, gone };
  };

  it('refuses to start an embedded data directory a live postmaster holds, naming its port', async () => {
    const dataDir = path.join(dir, 'busy');
    await mkdir(path.join(dataDir, 'pgdata'), { recursive: true });
    const { child } = await fakePostmaster(dataDir);
    try {
      // No file names the process serving from it.
      await expect(claimDataDir(dataDir)).rejects.toThrow(DataDirInUseError);
      await expect(claimDataDir(dataDir)).rejects.toThrow(/postgres:\/\/reckon:reckon@127\.0\.0\.1:54321\/reckon/);
      // Nor while the process named is alive (the test runner's parent stands in for a running service).
      await writeFile(path.join(dataDir, 'reckon.pid'), `${process.ppid}\n`);
      await expect(claimDataDir(dataDir)).rejects.toThrow(`for Reckon process ${process.ppid}`);
    } finally {
      child.kill();
    }
    // A pid file naming a live process that is not the cluster's postmaster (the pid reused after a
    // crash: this test process works elsewhere) is stale, as is one naming no process.
    for (const pid of [process.pid, 99999999]) {
      await writeFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), `${pid}\nx\n0\n54321\n`);
      const claim = await claimDataDir(dataDir);
      expect(claim.port).toBeUndefined();
      expect((await readFile(path.join(dataDir, 'reckon.pid'), 'utf8')).trim()).toBe(String(process.pid));
      expect(claim.holds()).toBe(true);
      claim.release();
      expect(existsSync(path.join(dataDir, 'reckon.pid'))).toBe(false);
    }
  });

  it('stops a postmaster whose service is gone (killed), and then claims the directory on its port', async () => {
    const dataDir = path.join(dir, 'orphaned');
    await mkdir(path.join(dataDir, 'pgdata'), { recursive: true });
    const { child, gone } = await fakePostmaster(dataDir, 54399);
    await writeFile(path.join(dataDir, 'reckon.pid'), '99999999\n');
    const orphans: number[][] = [];
    const claim = await claimDataDir(dataDir, (pid, owner) => orphans.push([pid, owner]));
    expect(orphans).toEqual([[child.pid, 99999999]]);
    expect(await gone).toBe('SIGINT');
    expect(claim.port).toBe(54399);
    claim.release();
  });
});
