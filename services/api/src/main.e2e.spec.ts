import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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

/** Starts `main.ts` on a free port and resolves once it listens. */
function start(env: Record<string, string>): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [MAIN], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env }, stdio: 'pipe' });
    let output = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Reckon ready: (http:\/\/localhost:\d+)/);
      if (match?.[1]) resolve({ child, base: match[1], output: () => output, exited });
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
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

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
