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
  }, 120_000);
});

describe('pnpm reckon: help, version and usage errors', () => {
  const db = useTestDatabase('api_cli_usage');

  it('prints the help of each command with --help, and exits 0', async () => {
    const importHelp = await reckon(['import', '--help'], { DATABASE_URL: db.url });
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toMatch(/^Usage: pnpm reckon import \[options\] \[file\]/);
    expect(importHelp.stdout).toContain('--atomic');
    expect(importHelp.stdout).toContain('--batch-size <n>');
    const show = await reckon(['statements', 'show', '--help'], { DATABASE_URL: db.url });
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('--period <YYYY-MM>');
    const all = await reckon(['--help'], { DATABASE_URL: db.url });
    expect(all.code).toBe(0);
    for (const command of ['import', 'generate', 'rebuild', 'verify', 'snapshots', 'statements']) {
      expect(all.stdout).toContain(`\n  ${command} `);
    }
  }, 120_000);

  it('prints its version with --version', async () => {
    const { code, stdout } = await reckon(['--version'], { DATABASE_URL: db.url });
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  }, 120_000);

  it('suggests the command or option meant, in a short error with exit code 2', async () => {
    const command = await reckon(['verfy'], { DATABASE_URL: db.url });
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("unknown command 'verfy'");
    expect(command.stderr).toContain('(Did you mean verify?)');
    const help = await reckon(['help', 'verfy'], { DATABASE_URL: db.url });
    expect(help.code).toBe(2);
    expect(help.stderr).toContain("unknown command 'verfy'");
    const option = await reckon(['import', '--atomc', '-'], { DATABASE_URL: db.url });
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--atomc'");
    expect(option.stderr).toContain('(Did you mean --atomic?)');
    expect(option.stderr).toContain("(run 'pnpm reckon import --help' for usage)");
    expect(option.stdout).toBe('');
    // A few lines, not the usage of every command.
    expect(option.stderr.trim().split('\n').length).toBeLessThanOrEqual(3);
  }, 120_000);

  it('says what form a bad value must take, in one line and a hint', async () => {
    const period = await reckon(['statements', 'show', '--partner', 'P1', '--period', '2026-13'], {
      DATABASE_URL: db.url,
    });
    expect(period.code).toBe(2);
    expect(period.stderr).toBe(
      'reckon statements show: --period must be a period YYYY-MM like 2026-10 (got "2026-13")\n' +
        "(run 'pnpm reckon statements show --help' for usage)\n",
    );
    const projection = await reckon(['rebuild', 'partners'], { DATABASE_URL: db.url });
    expect(projection.code).toBe(2);
    expect(projection.stderr).toMatch(
      /^reckon rebuild: expected a projection: all, directory, .* \(got "partners"\)\n/,
    );
  }, 120_000);

  it('words a refusal in the domain, without table names', async () => {
    const unknown = await reckon(['statements', 'show', '--partner', 'P-NONE', '--period', '2026-10'], {
      DATABASE_URL: db.url,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('reckon statements: partner P-NONE is not known\n');
  }, 180_000);
});
