import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { useTestDatabase } from '@reckon/database/vitest';
import { type AppendRequest, UnsupportedOperationError } from '@reckon/event-store';
import { EventStoreDbEventStore } from '@reckon/event-store-eventstoredb';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { openRuntime } from './runtime.js';
import { customerAssociated, partnerRegistered } from './testing/events.js';
import { bearer, openTestApp } from './testing/harness.js';

describe('EVENTSTORE_URL: the log in KurrentDB, the read models in PostgreSQL', () => {
  const db = useTestDatabase('api_runtime_esdb');
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-esdb-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('is read from the environment', () => {
    expect(loadConfig({ EVENTSTORE_URL: ' kurrentdb://kdb1:2113?tls=false ' }).eventStoreUrl).toBe(
      'kurrentdb://kdb1:2113?tls=false',
    );
    expect(loadConfig({}).eventStoreUrl).toBeUndefined();
  });

  it('selects the KurrentDB adapter, and readiness fails while KurrentDB does not answer', async () => {
    // Port 9 (discard) on loopback: nothing listens there.
    const runtime = await openRuntime({
      databaseUrl: db.url,
      dataDir,
      eventStoreUrl: 'kurrentdb://127.0.0.1:9?tls=false',
    });
    try {
      expect(runtime.log).toBe('eventstoredb');
      expect(runtime.store).toBeInstanceOf(EventStoreDbEventStore);
      await expect(runtime.readiness()).rejects.toThrow();
    } finally {
      await runtime.close();
    }
  }, 30_000);

  it('keeps the log in PostgreSQL without it', async () => {
    const runtime = await openRuntime({ databaseUrl: db.url, dataDir });
    try {
      expect(runtime.log).toBe('postgres');
      expect(runtime.store).toBeInstanceOf(PostgresEventStore);
      expect(await runtime.readiness()).toEqual({ ready: true });
    } finally {
      await runtime.close();
    }
  });

  it('answers 501 problem+json for a batch the store cannot append atomically (a server before KurrentDB 26.1)', async () => {
    const t = await openTestApp(db.url, { processMetrics: false });
    try {
      // The real PostgreSQL store, refusing multi-stream calls the way the KurrentDB adapter does
      // on a server without atomic multi-stream appends.
      const append = t.store.appendToStreams.bind(t.store);
      t.store.appendToStreams = async (requests: readonly AppendRequest[]) => {
        if (requests.length > 1) throw new UnsupportedOperationError('one stream per append call');
        return append(requests);
      };
      const single = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer('admin'),
        payload: partnerRegistered('P-ONE'),
      });
      expect(single.statusCode).toBe(201);
      const several = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer('admin'),
        payload: customerAssociated('C-ONE', 'P-ONE'),
      });
      expect(several.statusCode).toBe(501);
      expect(several.headers['content-type']).toContain('application/problem+json');
      expect(several.json()).toMatchObject({ type: 'urn:reckon:problem:not-supported', status: 501 });
    } finally {
      await t.close();
    }
  });
});
