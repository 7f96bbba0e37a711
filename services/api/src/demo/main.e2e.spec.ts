import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = path.resolve(import.meta.dirname, 'main.ts');

describe('pnpm demo (demo/main.ts)', () => {
  const db = useTestDatabase('api_demo_main');
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-demo-main-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stops cleanly on SIGTERM in the middle of the import, keeping whole batches only', async () => {
    const child = spawn(process.execPath, ['--conditions=@reckon/source', '--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: db.url,
        RECKON_DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
      stdio: 'pipe',
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/demo: importing events \d+\/\d+/.test(output)) resolve();
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        void exited.then((code) => reject(new Error(`demo exited (${code}) before importing:\n${output}`)));
      });
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(output).toContain('SIGTERM: shutting down');
    expect(output).not.toContain('Admin API key');
    // Imports append in batches of 1,000, each all or nothing.
    const store = await PostgresEventStore.connect(db.url);
    try {
      const head = await store.headPosition();
      expect(head).toBeGreaterThan(0);
      expect(head % 1000).toBe(0);
    } finally {
      await store.close();
    }
  });
});
