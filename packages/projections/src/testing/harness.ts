import { randomUUID } from 'node:crypto';
import { createPool } from '@reckon/database';
import type { JsonObject, NewEvent } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import type { Pool } from 'pg';
import { ProjectionApplier } from '../applier.js';
import { catchUp } from '../catch-up.js';
import { migrateProjections } from '../migrations.js';
import { createReadModels, type ReadModels } from '../queries/read-models.js';
import { verifyProjections } from '../rebuild.js';
import { PROJECTIONS } from '../registry.js';

/** Polls `check` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An event envelope for tests: a fresh id, version 1. */
export function event(type: string, occurredAt: string, data: JsonObject, metadata?: JsonObject): NewEvent {
  return { eventId: randomUUID(), type, version: 1, occurredAt, data, ...(metadata ? { metadata } : {}) };
}

export interface Harness {
  store: PostgresEventStore;
  pool: Pool;
  rm: ReadModels;
  /** Appends events (in order, one stream per call) through the PostgreSQL adapter. */
  append(events: NewEvent[], streamId?: string): Promise<number>;
  /** Runs every projection up to the head of the log. */
  project(): Promise<void>;
  /** Replays into scratch tables and compares with the live ones; the projections behind the head, then the differences. */
  verify(): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function openHarness(url: string, billingTz = 'Asia/Shanghai'): Promise<Harness> {
  const store = await PostgresEventStore.connect(url);
  const pool = createPool(url, { max: 12 });
  await migrateProjections(pool);
  const appliers = PROJECTIONS.map((p) => new ProjectionApplier(p, p.schema, pool, billingTz));
  let streams = 0;
  return {
    store,
    pool,
    rm: createReadModels(pool),
    async append(events, streamId = `test-${++streams}`) {
      const result = await store.appendToStreams([{ streamId, events }]);
      return result.lastPosition;
    },
    async project() {
      await catchUp({ store, appliers, batchSize: 1000 });
    },
    async verify() {
      const result = await verifyProjections({ pool, store, billingTz, projections: PROJECTIONS });
      return [...result.behind, ...result.differences];
    },
    async close() {
      await store.close();
      await pool.end();
    },
  };
}
