import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from './checkpoint.js';
import { minimumCheckpoint } from './index.js';
import { rebuildProjections, verifyProjections } from './rebuild.js';
import { PROJECTIONS } from './registry.js';
import { type ProjectionsHandle, startProjections } from './runner.js';
import { appendSyntheticLog } from './testing/generate.js';
import { type Harness, openHarness, until } from './testing/harness.js';

const zonesOf = (h: Harness) =>
  Promise.all(PROJECTIONS.map(async (p) => (await readCheckpoint(h.pool, p.schema)).billingTz));

describe('the billing time zone the read models were booked in', () => {
  const db = useTestDatabase('projection_billing_zone');
  let h: Harness;
  let utc: ProjectionsHandle | undefined;

  beforeAll(async () => {
    h = await openHarness(db.url, 'Asia/Shanghai');
  });
  afterAll(async () => {
    await utc?.stop();
    await h?.close();
  });

  it('is recorded with every checkpoint by the first batch', async () => {
    expect(await zonesOf(h)).toEqual(PROJECTIONS.map(() => null));
    await appendSyntheticLog(h.store, 300, 100, 5);
    await h.project();
    expect(await zonesOf(h)).toEqual(PROJECTIONS.map(() => 'Asia/Shanghai'));
  });

  it('stops a process of another zone before it folds anything, naming both zones and the way out', async () => {
    const before = await minimumCheckpoint(h.pool);
    const next = await appendSyntheticLog(h.store, 50, 50, 6);
    utc = await startProjections({
      pool: h.pool,
      store: h.store,
      billingTz: 'UTC',
      batchSize: 100,
      pollIntervalMs: 20,
      lockRetryMs: 100,
      retryDelayMs: 100,
    });
    await until('every projection stopped', async () => (await utc!.lag()).every((l) => l.stall !== null));
    for (const l of await utc.lag()) {
      expect(l.position).toBe(before);
      expect(l.error).toContain('RECKON_BILLING_TZ=Asia/Shanghai');
      expect(l.error).toContain('this process has UTC');
      expect(l.error).toContain('reckon rebuild all');
      expect(l.stall?.position).toBe(before + 1);
    }
    expect(await minimumCheckpoint(h.pool)).toBe(before);
    expect(next).toBeGreaterThan(before);
  });

  it('refuses to verify in another zone instead of reporting every booked row as different', async () => {
    await expect(
      verifyProjections({ pool: h.pool, store: h.store, billingTz: 'UTC', projections: PROJECTIONS }),
    ).rejects.toThrow(/built with RECKON_BILLING_TZ=Asia\/Shanghai, this process has UTC/);
  });

  it('changes by a rebuild in the new zone: the process of that zone then carries on to the head', async () => {
    await appendSyntheticLog(h.store, 50, 50, 7);
    await rebuildProjections({ pool: h.pool, store: h.store, billingTz: 'UTC', projections: PROJECTIONS });
    expect(await zonesOf(h)).toEqual(PROJECTIONS.map(() => 'UTC'));
    // Running again as soon as it reads the swapped-in checkpoint, not only once another event comes.
    await until('no projection stopped', async () => (await utc!.lag()).every((l) => l.error === null));
    const head = await appendSyntheticLog(h.store, 50, 50, 8);
    await until('the UTC runner at the head', async () => (await minimumCheckpoint(h.pool)) >= head);
    expect(utc!.status().every((s) => s.error === null)).toBe(true);
    // And now the old zone is the one refused.
    await expect(h.verify()).rejects.toThrow(/built with RECKON_BILLING_TZ=UTC, this process has Asia\/Shanghai/);
  });
});
