import { existsSync, lstatSync, realpathSync, statSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import {
  type EmbeddedDatabase,
  type EmbeddedOptions,
  livePostmaster,
  removeEmbeddedData,
  type SupervisionEvent,
  startEmbeddedPostgres,
  startThrowawayPostgres,
} from './index.js';

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

/** The pid of the postmaster of the cluster in `dataDir`, from its pid file. */
async function postmasterPid(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'pgdata', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

/** Waits until `check` holds, polling every 100 ms; fails after `ms`. */
async function eventually(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const answers = (url: string) =>
  query(url, 'SELECT 1 AS one').then(
    () => true,
    () => false,
  );

describe('an embedded server that exits on its own', () => {
  /** A server on a fresh data directory, the events of its supervision, and its removal after the test. */
  async function supervised(options: Partial<EmbeddedOptions> = {}) {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-supervised-spec-'));
    const events: SupervisionEvent[] = [];
    let server: EmbeddedDatabase;
    try {
      server = await startEmbeddedPostgres({
        dataDir,
        unsafeFast: true,
        onSupervision: (event) => events.push(event),
        ...options,
      });
    } catch (error) {
      await removeEmbeddedData(dataDir);
      throw error;
    }
    const cleanup = async () => {
      await server.stop();
      await removeEmbeddedData(dataDir);
    };
    return { server, dataDir, events, cleanup };
  }

  it('killed (SIGKILL), is started again on the same cluster and port; after stop() it is not', {
    timeout: 60_000,
  }, async () => {
    // Durable (not unsafeFast): what was committed before the kill is there after crash recovery.
    const { server, dataDir, events, cleanup } = await supervised({ unsafeFast: false });
    try {
      await query(server.url, 'CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)');
      const killed = await postmasterPid(dataDir);
      process.kill(killed, 'SIGKILL');
      // Back within 15 s (the poll's deadline is the bound; a start takes 1–3 s on a quiet machine).
      await eventually(() => events.some((event) => event.kind === 'restarted'), 15_000, 'restarted');
      expect(events[0]).toEqual({ kind: 'exited', pid: killed, code: null, signal: 'SIGKILL', restartInMs: 1_000 });
      expect(events[1]).toMatchObject({ kind: 'restarted', pid: expect.any(Number) });
      const again = await postmasterPid(dataDir);
      expect(again).not.toBe(killed);
      expect(await query(server.url, 'SELECT id FROM kept')).toEqual([{ id: 7 }]);
      expect(server.failure()).toBeUndefined();
      await server.stop();
      expect(livePostmaster(path.join(dataDir, 'pgdata'))).toBeUndefined();
      // Longer than the first wait before a restart: nothing comes back.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(await answers(server.url)).toBe(false);
      expect(livePostmaster(path.join(dataDir, 'pgdata'))).toBeUndefined();
      expect(events.map((event) => event.kind)).toEqual(['exited', 'restarted']);
    } finally {
      await cleanup();
    }
  });

  it('stopped while it waits to be started again, stays stopped', { timeout: 60_000 }, async () => {
    const { server, dataDir, events, cleanup } = await supervised();
    try {
      process.kill(await postmasterPid(dataDir), 'SIGKILL');
      await eventually(() => events.length > 0, 5_000, 'the exit seen');
      await server.stop();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await answers(server.url)).toBe(false);
      expect(events.map((event) => event.kind)).toEqual(['exited']);
    } finally {
      await cleanup();
    }
  });

  it('is given up when its cluster is gone, or when starts keep failing', { timeout: 60_000 }, async () => {
    const gone = await supervised({
      restartPolicy: { firstDelayMs: 300, maxDelayMs: 300, maxFailures: 3, stableMs: 60_000 },
    });
    try {
      const cluster = realpathSync(path.join(gone.dataDir, 'pgdata'));
      process.kill(await postmasterPid(gone.dataDir), 'SIGKILL');
      await rm(path.join(cluster, 'PG_VERSION'));
      await eventually(() => gone.server.failure() !== undefined, 5_000, 'given up');
      expect(gone.server.failure()).toMatch(/^embedded PostgreSQL given up, not started again: its cluster is gone/);
      expect(gone.events.map((event) => event.kind)).toEqual(['exited', 'gave-up']);
    } finally {
      await gone.cleanup();
    }

    const failing = await supervised({
      restartPolicy: { firstDelayMs: 100, maxDelayMs: 400, maxFailures: 3, stableMs: 60_000 },
    });
    try {
      const cluster = realpathSync(path.join(failing.dataDir, 'pgdata'));
      process.kill(await postmasterPid(failing.dataDir), 'SIGKILL');
      await appendFile(path.join(cluster, 'postgresql.conf'), '\nthis is not a setting\n');
      await eventually(() => failing.server.failure() !== undefined, 10_000, 'given up');
      expect(failing.server.failure()).toMatch(
        /^embedded PostgreSQL given up, not started again: 3 starts failed in a row, the last: PostgreSQL exited while starting/,
      );
      expect(failing.events.map((event) => [event.kind, 'retryInMs' in event ? event.retryInMs : undefined])).toEqual([
        ['exited', undefined],
        ['restart-failed', 200],
        ['restart-failed', 400],
        ['gave-up', undefined],
      ]);
      expect(await answers(failing.server.url)).toBe(false);
    } finally {
      await failing.cleanup();
    }
  });
});
