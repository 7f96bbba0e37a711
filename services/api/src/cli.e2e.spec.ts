import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from './testing/events.js';

const CLI = path.resolve(import.meta.dirname, 'cli.ts');
const TSX = path.resolve(import.meta.dirname, '../../../node_modules/.bin/tsx');

function reckon(args: string[], env: Record<string, string>, stdin?: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(TSX, ['--conditions=@reckon/source', CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

describe('pnpm reckon import', () => {
  const db = useTestDatabase('api_cli');
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'reckon-cli-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('imports a file, prints a summary with refused line numbers, and exits 1 when a line was refused', async () => {
    const file = path.join(dir, 'events.ndjson');
    const lines = [
      partnerRegistered('P-CLI'),
      customerAssociated('C-CLI', 'P-CLI'),
      orderPlaced('O-CLI', 'C-CLI', '20.00'),
      orderRefunded('R-CLI', 'O-CLI', '25.00'),
    ].map((e) => JSON.stringify(e));
    await writeFile(file, `${lines.join('\n')}\n`);
    const run = await reckon(['import', file], { DATABASE_URL: db.url });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/4 lines .*: 3 accepted, 0 duplicate, 1 refused/);
    expect(run.stdout).toMatch(/line 4: refund-within-paid/);

    const again = await reckon(['import', '-'], { DATABASE_URL: db.url }, `${lines.slice(0, 3).join('\n')}\n`);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/0 accepted, 3 duplicate, 0 refused/);

    const store = await PostgresEventStore.connect(db.url);
    try {
      const [event] = await store.readStream('partner-P-CLI');
      expect(event?.metadata.actor).toMatchObject({ kind: 'cli', user: expect.any(String) });
    } finally {
      await store.close();
    }
  });

  it('exits 2 on a usage error', async () => {
    const unknown = await reckon(['frobnicate'], { DATABASE_URL: db.url });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command/);
    const missing = await reckon(['import', path.join(dir, 'nope.ndjson')], { DATABASE_URL: db.url });
    expect(missing.code).toBe(2);
  });
});
