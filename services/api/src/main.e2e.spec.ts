import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool, processAlive, removeEmbeddedData } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, readCheckpoint, verifyProjections } from '@reckon/projections';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { customerAssociated, orderPlaced, partnerRegistered } from './testing/events.js';
import { MAIN, startService, stopServices, TSX, threadNiceValues } from './testing/service.js';

describe('pnpm start (main.ts)', () => {
  const db = useTestDatabase('api_main');
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-main-'));
  });
  afterAll(async () => {
    await stopServices();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates an admin key on first start, prints it once, serves with it and stops cleanly on SIGTERM', async () => {
    const first = await startService({ DATABASE_URL: db.url, RECKON_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const keys = JSON.parse(await readFile(path.join(dataDir, 'api-keys.json'), 'utf8')) as { key: string }[];
    const key = keys[0]?.key ?? '';
    expect(first.output()).toContain(key);
    expect(first.output()).toContain('curl');
    expect((await fetch(`${first.base}/readyz`)).status).toBe(200);
    const appended = await fetch(`${first.base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(partnerRegistered('P-MAIN')),
    });
    expect(appended.status).toBe(201);
    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);

    const second = await startService({ DATABASE_URL: db.url, RECKON_DATA_DIR: dataDir });
    expect(second.output()).not.toContain(key);
    expect(second.output()).toContain(path.join(dataDir, 'api-keys.json'));
    const unauthorised = await fetch(`${second.base}/v1/streams/partner-P-MAIN/events`);
    expect(unauthorised.status).toBe(401);
    second.child.kill('SIGINT');
    expect(await second.exited, second.output()).toBe(0);
  });

  it('runs its own embedded PostgreSQL without DATABASE_URL, keeps the CLI off it while running, and stops it', {
    timeout: 90_000,
  }, async () => {
    // dataDir is private (mode 700): as root, the server runs as the `postgres` user, which cannot
    // reach it, so the cluster is kept apart and linked from it (issue 11).
    const embeddedDir = path.join(dataDir, 'embedded');
    onTestFinished(() => removeEmbeddedData(embeddedDir));
    const started = await startService({ DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir });
    const pidFile = path.join(embeddedDir, 'pgdata', 'postmaster.pid');
    try {
      expect((await fetch(`${started.base}/readyz`)).status).toBe(200);
      expect(existsSync(pidFile)).toBe(true);
      const cli = spawnSync(
        TSX,
        ['--conditions=@reckon/source', path.resolve(import.meta.dirname, 'cli.ts'), 'import', '-'],
        {
          env: { ...process.env, DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir },
          input: '',
          encoding: 'utf8',
        },
      );
      expect(cli.status).toBe(1);
      expect(cli.stderr).toMatch(/already running .*DATABASE_URL=postgres:\/\/reckon:reckon@127\.0\.0\.1:\d+\/reckon/s);
      // A second service is refused too, and says why in its log (stdout a pipe: the line is written before exit).
      const twin = spawnSync(process.execPath, ['--conditions=@reckon/source', '--import', 'tsx', MAIN], {
        env: { ...process.env, DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir, PORT: '0', NODE_ENV: 'production' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(twin.status, twin.stderr).toBe(1);
      expect(twin.stdout).toMatch(/"level":50.*already running \(pid \d+, port \d+\)/);
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited, started.output()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('starts again after a SIGKILL left its embedded PostgreSQL running: stops that server and starts anew', {
    timeout: 120_000,
  }, async () => {
    const embeddedDir = path.join(dataDir, 'killed');
    onTestFinished(() => removeEmbeddedData(embeddedDir));
    const first = await startService({ DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir });
    const pidFile = path.join(embeddedDir, 'pgdata', 'postmaster.pid');
    const postmaster = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(processAlive(postmaster)).toBe(true); // a SIGKILL runs no exit handler: the server outlives it
    const second = await startService({ DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir });
    try {
      expect((await fetch(`${second.base}/readyz`)).status).toBe(200);
      expect(second.output()).toContain(`the embedded PostgreSQL (pid ${postmaster}) was left running`);
      expect(processAlive(postmaster)).toBe(false);
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited, second.output()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('starts its embedded PostgreSQL again when that is killed, and not once it stops itself', {
    timeout: 90_000,
  }, async () => {
    const embeddedDir = path.join(dataDir, 'supervised');
    onTestFinished(() => removeEmbeddedData(embeddedDir));
    const started = await startService({ DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir });
    const pidFile = path.join(embeddedDir, 'pgdata', 'postmaster.pid');
    const pidIn = async () => Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
    const status = async (url: string) => (await fetch(`${started.base}${url}`)).status;
    const until = async (check: () => Promise<boolean>, ms: number, what: string) => {
      const deadline = Date.now() + ms;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}\n${started.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const killed = await pidIn();
    try {
      expect(await status('/readyz')).toBe(200);
      process.kill(killed, 'SIGKILL');
      await until(async () => (await status('/readyz')) === 503, 5_000, '/readyz 503');
      expect(await status('/healthz')).toBe(200);
      // Ready again within 20 s (the poll's deadline is the bound).
      await until(async () => (await status('/readyz')) === 200, 20_000, '/readyz 200 again');
      const again = await pidIn();
      expect(again).not.toBe(killed);
      expect(processAlive(again)).toBe(true);
      expect(started.output()).toMatch(
        new RegExp(
          `"level":50[^\n]*"postmasterPid":${killed},"exitCode":null,"signal":"SIGKILL"[^\n]*exited unexpectedly`,
        ),
      );
      expect(started.output()).toMatch(/"level":40[^\n]*embedded PostgreSQL running again/);
    } finally {
      started.child.kill('SIGTERM');
    }
    expect(await started.exited, started.output()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(started.output().match(/exited unexpectedly/g)).toHaveLength(1);
  });

  it('on SIGTERM drains the request in flight, ends the projection batch in hand with its checkpoint, exits 0', {
    timeout: 90_000,
  }, async () => {
    const env = { DATABASE_URL: db.url, RECKON_DATA_DIR: dataDir, LOG_LEVEL: 'debug', RECKON_BODY_LIMIT: '20000000' };
    const started = await startService(env);
    // The projections run on a thread of their own at nice 10 (RECKON_PROJECTIONS=thread, the default).
    expect(threadNiceValues(started.child.pid!)).toContain(10);
    expect(started.output()).toMatch(/"nice":10[^\n]*"msg":"projections running on their own thread"/);
    const keys = JSON.parse(await readFile(path.join(dataDir, 'api-keys.json'), 'utf8')) as { key: string }[];
    const headers = { authorization: `Bearer ${keys[0]?.key}`, 'content-type': 'application/json' };
    // Big enough to be still in flight when the signal lands, then to keep the projections busy.
    const orders = 3000;
    const events = [partnerRegistered('P-DRAIN'), customerAssociated('C-DRAIN', 'P-DRAIN')];
    for (let i = 0; i < orders; i++) events.push(orderPlaced(`O-DRAIN-${i}`, 'C-DRAIN', '1.00'));
    const inFlight = fetch(`${started.base}/v1/events`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ events }),
    });
    const deadline = Date.now() + 10_000;
    while (
      !/"msg":"incoming request".*"url":"\/v1\/events"|"url":"\/v1\/events".*"msg":"incoming request"/.test(
        started.output(),
      )
    ) {
      if (Date.now() > deadline) throw new Error(`the request never arrived:\n${started.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    started.child.kill('SIGTERM');
    const answer = await inFlight.catch((error) => {
      throw new Error(`${error}\n${started.output()}`);
    });
    expect(answer.status, started.output()).toBe(201);
    expect(((await answer.json()) as { appended: number }).appended).toBe(orders + 2);
    expect(await started.exited, started.output()).toBe(0);
    const output = started.output();
    const signalled = output.indexOf('SIGTERM: shutting down');
    const completed = output.search(
      /"msg":"request completed"[^\n]*"route":"\/v1\/events"|"route":"\/v1\/events"[^\n]*"msg":"request completed"/,
    );
    expect(signalled).toBeGreaterThan(-1);
    expect(completed, 'the request completed after the signal').toBeGreaterThan(signalled);

    // Each projection's rows agree with its checkpoint: a replay to the same positions gives the same rows.
    const store = await PostgresEventStore.connect(db.url);
    const pool = createPool(db.url, { max: 4 });
    try {
      const head = await store.headPosition();
      for (const projection of PROJECTIONS) {
        const { position } = await readCheckpoint(pool, projection.schema);
        expect(position).toBeLessThanOrEqual(head);
      }
      const verified = await verifyProjections({ pool, store, billingTz: 'Asia/Shanghai', projections: PROJECTIONS });
      expect(verified.differences).toEqual([]);
      // A restart resumes from the checkpoints: every order counted once (projections on the request
      // thread this time, RECKON_PROJECTIONS=in-process: no thread of the process is reniced).
      const again = await startService({
        DATABASE_URL: db.url,
        RECKON_DATA_DIR: dataDir,
        RECKON_PROJECTIONS: 'in-process',
      });
      try {
        expect(threadNiceValues(again.child.pid!).every((nice) => nice === 0)).toBe(true);
        const figures = await fetch(
          `${again.base}/v1/partners/P-DRAIN/consumption?period=2026-10&minPosition=${head}`,
          {
            headers,
          },
        );
        expect(figures.status).toBe(200);
        expect(Number(((await figures.json()) as { consumption: string }).consumption)).toBe(orders);
      } finally {
        again.child.kill('SIGTERM');
      }
      expect(await again.exited, again.output()).toBe(0);
    } finally {
      await pool.end();
      await store.close();
    }
  });

  it('exits 2 with a clear message on bad configuration', async () => {
    const child = spawn(TSX, ['--conditions=@reckon/source', MAIN], {
      env: { ...process.env, RECKON_API_KEYS: '[{"key": 1}]' },
      stdio: 'pipe',
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/RECKON_API_KEYS/);
  });
});
