/**
 * The compiled build as production runs it: `pnpm build`, then `node services/api/dist/main.js`
 * (what `pnpm start` and the Docker image run): plain node, no tsx, no `@reckon/source` condition, so
 * every workspace package is loaded from its dist/.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const MAIN = path.join(ROOT, 'services/api/dist/main.js');
const CLI = path.join(ROOT, 'services/api/dist/cli.js');
const TSC = path.join(ROOT, 'node_modules/.bin/tsc');
const KEY = 'build-e2e-admin-key-01';

/** The environment of a production process: none of the test runner's node options or conditions. */
function productionEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _options, VITEST: _vitest, ...rest } = process.env;
  return { ...rest, NODE_ENV: 'production', ...env };
}

describe('the compiled build', () => {
  const db = useTestDatabase('api_build');
  let dataDir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-build-'));
    // pnpm build (incremental: a no-op when dist/ is fresh). Generous: the machine may be loaded.
    await promisify(execFile)(TSC, ['-b', 'tsconfig.build.json'], { cwd: ROOT, timeout: 540_000 });
  }, 600_000);
  afterAll(async () => {
    child?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts with node services/api/dist/main.js, answers, and stops on SIGTERM', async () => {
    expect((await stat(MAIN)).isFile()).toBe(true);
    const started = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: productionEnv({
        DATABASE_URL: db.url,
        PORT: '0',
        HOST: '127.0.0.1',
        RECKON_DATA_DIR: dataDir,
        RECKON_API_KEYS: JSON.stringify([{ key: KEY, role: 'admin' }]),
      }),
      stdio: 'pipe',
    });
    child = started;
    let output = '';
    const exited = new Promise<number | null>((resolve) => started.on('exit', (code) => resolve(code)));
    const base = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/Reckon ready: (http:\/\/localhost:\d+)/);
        if (match?.[1]) resolve(match[1]);
      };
      started.stdout.on('data', onData);
      started.stderr.on('data', onData);
      void exited.then((code) => reject(new Error(`dist/main.js exited (${code}) before listening:\n${output}`)));
    });

    let ready: Response | undefined;
    for (let tries = 0; tries < 240 && ready?.status !== 200; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      ready = await fetch(`${base}/readyz`);
    }
    expect(ready?.status, output).toBe(200);

    const unknown = await fetch(`${base}/v1/partners/P-none/balance`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(((await unknown.json()) as { detail: string }).detail).toContain('P-none');

    const docs = (await (await fetch(`${base}/docs/json`)).json()) as { openapi: string };
    expect(docs.openapi).toMatch(/^3\./);

    started.kill('SIGTERM');
    expect(await exited, output).toBe(0);
  }, 180_000);

  it('runs the CLI from dist/cli.js', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, '--version'], {
      cwd: ROOT,
      env: productionEnv({ DATABASE_URL: db.url }),
    });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 60_000);
});
