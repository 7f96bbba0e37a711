import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPool, type Pool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { minimumCheckpoint, PROJECTIONS, readCheckpoint, verifyProjections } from '@reckon/projections';
import { appendSyntheticLog } from '@reckon/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const main = path.join(root, 'services/projector/src/main.ts');

/** Starts `pnpm start:projector`'s entry point as a child process (tsx, as the script does). */
function startWorker(url: string, batchSize: number): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=@reckon/source', '--import', 'tsx', main], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, RECKON_PROJECTOR_BATCH_SIZE: String(batchSize), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 150_000, everyMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  // Until a worker has created the read-model schemas, there is nothing to read yet.
  const ready = () =>
    check().catch((error: { code?: string }) => (error.code === '42P01' ? false : Promise.reject(error)));
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

async function positions(pool: Pool): Promise<number[]> {
  return await Promise.all(PROJECTIONS.map(async (p) => (await readCheckpoint(pool, p.schema)).position));
}

describe('projector worker', () => {
  const db = useTestDatabase('projector_worker');
  let store: PostgresEventStore;
  let pool: Pool;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    pool = createPool(db.url);
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    await store?.close();
    await pool?.end();
  });

  async function verifyClean(): Promise<void> {
    const result = await verifyProjections({ pool, store, billingTz: 'Asia/Shanghai', projections: PROJECTIONS });
    expect(result.differences).toEqual([]);
    expect(result.position).toBe(await store.headPosition());
  }

  it('killed with SIGKILL mid-backlog and restarted, loses nothing and counts nothing twice', async () => {
    const head = await appendSyntheticLog(store, 12_000, 2000, 7);
    const first = startWorker(db.url, 500);
    children.push(first);
    // Kill it once it has committed some batches but is far from done.
    await until('the first batches', async () => Math.max(...(await positions(pool))) >= 1000, 60_000, 5);
    first.kill('SIGKILL');
    await exited(first);
    const atKill = await positions(pool);
    expect(Math.min(...atKill)).toBeLessThan(head);

    const second = startWorker(db.url, 500);
    children.push(second);
    await until('catch-up after restart', async () => (await minimumCheckpoint(pool)) >= head);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    await verifyClean();
  }, 180_000);

  it('two workers at once share the projections, take over from each other, and count each event once', async () => {
    const a = startWorker(db.url, 1000);
    const b = startWorker(db.url, 1000);
    children.push(a, b);
    const head = await appendSyntheticLog(store, 8_000, 2000, 11);
    await until('both workers catch up', async () => (await minimumCheckpoint(pool)) >= head);
    // Whichever ran what, one of them dies; the other takes its projections over.
    a.kill('SIGKILL');
    await exited(a);
    const more = await appendSyntheticLog(store, 3_000, 1000, 13);
    await until('the survivor takes over', async () => (await minimumCheckpoint(pool)) >= more);
    b.kill('SIGTERM');
    expect(await exited(b)).toBe(0);
    await verifyClean();
  }, 180_000);
});
