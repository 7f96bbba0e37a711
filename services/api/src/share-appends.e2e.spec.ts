import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partnerRegistered } from './testing/events.js';
import { type StartedService, startService, stopServices } from './testing/service.js';

const KEY = 'share-appends-admin-key';

/** Two API processes on one database with RECKON_SHARE_APPENDS=on: one leads the appends, the other sends its own to it. */
describe('RECKON_SHARE_APPENDS=on, two service processes', () => {
  const db = useTestDatabase('api_share_appends');
  const dataDirs: string[] = [];
  beforeAll(async () => {
    dataDirs.push(
      await mkdtemp(path.join(tmpdir(), 'reckon-share-a-')),
      await mkdtemp(path.join(tmpdir(), 'reckon-share-b-')),
    );
  });
  afterAll(async () => {
    await stopServices();
    await Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  const start = (dataDir: string) =>
    startService({
      DATABASE_URL: db.url,
      RECKON_DATA_DIR: dataDir,
      RECKON_API_KEYS: JSON.stringify([{ key: KEY, role: 'admin' }]),
      RECKON_SHARE_APPENDS: 'on',
      RECKON_PROJECTIONS: 'none',
      LOG_LEVEL: 'info',
    });
  const bodies = new Map<string, string>();
  const post = (service: StartedService, partnerId: string) => {
    if (!bodies.has(partnerId)) bodies.set(partnerId, JSON.stringify(partnerRegistered(partnerId)));
    return fetch(`${service.base}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: bodies.get(partnerId)!,
    });
  };
  const metrics = async (service: StartedService) => {
    const answer = await fetch(`${service.base}/metrics`);
    // 200 although no projection has run on this database yet (RECKON_PROJECTIONS=none, no workers).
    expect(answer.status).toBe(200);
    return await answer.text();
  };
  const role = async (service: StartedService) =>
    (await metrics(service)).match(/reckon_event_store_append_role\{role="(\w+)"\} 1/)?.[1];
  const counter = async (service: StartedService, name: string) => {
    const value = (await metrics(service)).match(new RegExp(`^${name} (\\d+)$`, 'm'))?.[1];
    return value === undefined ? undefined : Number(value);
  };
  const registered = async (prefix: string) => {
    const pool = createPool(db.url, { max: 1 });
    try {
      const result = await pool.query<{ id: string }>(
        "SELECT data->>'partnerId' AS id FROM event_log WHERE type = 'PartnerRegistered' AND data->>'partnerId' LIKE $1",
        [`${prefix}%`],
      );
      return result.rows.map((row) => row.id).sort();
    } finally {
      await pool.end();
    }
  };

  it('the second process sends its appends to the first; when the first stops, it appends alone and then leads', {
    timeout: 90_000,
  }, async () => {
    const first = await start(dataDirs[0]!);
    const second = await start(dataDirs[1]!);
    expect(first.output()).toMatch(/appends: this process is the log leader, listening on 127\.0\.0\.1:\d+/);
    expect(second.output()).toMatch(/appends: sent to the log leader at 127\.0\.0\.1:\d+/);
    // Ready although no projection has run on this database yet (RECKON_PROJECTIONS=none, no workers).
    expect((await fetch(`${first.base}/readyz`)).status).toBe(200);
    expect(await role(first)).toBe('leader');
    expect(await role(second)).toBe('follower');

    const ids = Array.from({ length: 40 }, (_, n) => `P-SHARE-${String(n).padStart(2, '0')}`);
    const answers = await Promise.all(ids.map((id, n) => post(n % 2 ? second : first, id)));
    expect(answers.map((answer) => answer.status)).toEqual(ids.map(() => 201));
    // The same event again, through the follower: answered as the original was, not appended twice.
    expect((await post(second, ids[0]!)).status).toBe(200);
    expect(await registered('P-SHARE-')).toEqual(ids);
    // /metrics counts it: the follower sent its appends (its concurrent requests grouped into a few
    // calls by its command handler) to the leader and none to the database; the leader sent those
    // and its own, sharing commits.
    const forwarded = (await counter(second, 'reckon_event_store_append_forwarded_total'))!;
    expect(forwarded).toBeGreaterThanOrEqual(1);
    expect(await counter(second, 'reckon_event_store_append_calls_total')).toBe(0);
    const leaderCalls = (await counter(first, 'reckon_event_store_append_calls_total'))!;
    expect(leaderCalls).toBeGreaterThanOrEqual(forwarded + 1);
    expect(await counter(first, 'reckon_event_store_append_transactions_total')).toBeLessThanOrEqual(leaderCalls);
    expect(await counter(first, 'reckon_event_store_append_forwarded_total')).toBe(0);

    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    expect((await post(second, 'P-AFTER-0')).status).toBe(201);
    await expect.poll(() => role(second), { timeout: 20_000, interval: 100 }).toBe('leader');
    expect(second.output()).toMatch(/appends: this process is the log leader/);
    expect((await post(second, 'P-AFTER-1')).status).toBe(201);
    expect(await registered('P-AFTER-')).toEqual(['P-AFTER-0', 'P-AFTER-1']);
  });
});
