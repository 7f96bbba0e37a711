import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnownEvent } from '../events.js';
import { integer, position, quantity, text } from '../model/columns.js';
import { table, writeSpec } from '../model/table.js';
import type { ProjectionDefinition, ProjectionHandler } from '../projection.js';
import { rebuildProjections } from '../rebuild.js';
import { PROJECTIONS } from '../registry.js';
import { upsertRows } from '../sql.js';
import { event, type Harness, openHarness } from '../testing/harness.js';
import { QueuedWrites, turn } from './queued.js';

const seen = table('seen', { position: position().key(), partner_id: text(), count: integer().add() });

/**
 * A projection that counts each event into a row of its own and leaves its writes in flight when
 * it replays, as incentives does. Each batch first reads how many rows it can see: a replay's
 * next batch must see the batch before, written and maybe not yet committed. A partner named
 * "boom" makes a write fail in PostgreSQL (its position written twice, without a merge).
 */
const probe: ProjectionDefinition & { seenBefore: number[]; foldedBehind: number } = {
  name: 'probe',
  schema: 'rm_probe',
  seenBefore: [],
  /** Batches whose fold began while the writes of a batch before were not yet done. */
  foldedBehind: 0,
  migrations: [
    {
      version: 1,
      name: 'seen',
      sql: (schema) =>
        `CREATE TABLE ${schema}.seen (position bigint PRIMARY KEY, partner_id text NOT NULL, count integer NOT NULL);`,
    },
  ],
  tables: [{ name: 'seen', key: ['position'] }],
  create({ schema, journal = false }): ProjectionHandler {
    const writes = new QueuedWrites();
    let unwritten = 0;
    const fold = async (client: PoolClient, events: readonly KnownEvent[]) => {
      if (unwritten > 0) probe.foldedBehind++;
      const counted = await client.query(`SELECT count(*)::int AS n FROM ${schema}.seen`);
      probe.seenBefore.push(counted.rows[0].n);
      await turn();
      const rows = events.map((e) => [e.globalPosition, (e.data as { partnerId: string }).partnerId, 1]);
      writes.add(upsertRows(client, writeSpec(schema, seen, 'merge'), rows));
      for (const [position, partnerId] of rows)
        if (partnerId === 'boom')
          writes.add(upsertRows(client, writeSpec(schema, seen, 'insert'), [[position, partnerId, 1]]));
    };
    return {
      apply: (client, events) => writes.around(() => fold(client, events), !journal),
      written() {
        unwritten++;
        return writes.settled().finally(() => unwritten--);
      },
      committed() {},
      reset() {},
    };
  },
};

const registered = (partnerId: string, day: number) =>
  event('PartnerRegistered', `2026-01-${String(day).padStart(2, '0')}T00:00:00+08:00`, {
    partnerId,
    name: partnerId,
    tier: 'reseller',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  });

describe('writes queued on the batch connection', () => {
  const db = useTestDatabase('queued_writes');
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(db.url);
    await h.pool.query('CREATE TABLE merged (id text PRIMARY KEY, amount numeric NOT NULL)');
  });
  afterAll(async () => h?.close());

  /** Runs `work` in a transaction rolled back after it, with the batch's queued writes. */
  async function inTransaction(work: (client: PoolClient, writes: QueuedWrites) => Promise<void>): Promise<void> {
    const client = await h.pool.connect();
    try {
      await client.query('BEGIN');
      await work(client, new QueuedWrites());
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      client.release();
    }
  }

  const merged = table('merged', { id: text().key(), amount: quantity().add() });

  it('are seen by a read issued after them, a merge through COPY included', async () => {
    await inTransaction(async (client, writes) => {
      const rows = Array.from({ length: 600 }, (_, i) => [`k${i}`, '1.5']);
      // 300 rows by unnest, then 600 with a key (a temporary table, COPY, INSERT … ON CONFLICT), none awaited.
      writes.add(upsertRows(client, writeSpec('public', merged, 'merge'), rows.slice(0, 300)));
      writes.add(upsertRows(client, writeSpec('public', merged, 'merge'), rows));
      const read = await client.query('SELECT count(*)::int AS n, sum(amount)::text AS total FROM merged');
      expect(read.rows[0]).toEqual({ n: 600, total: '1350.0' });
      await writes.settled();
    });
  });

  it('report the write that failed, not the read the aborted transaction refused after it', async () => {
    await inTransaction(async (client, writes) => {
      const failure = await writes
        .around(async () => {
          writes.add(upsertRows(client, writeSpec('public', merged, 'insert'), [['dup', '1']]));
          writes.add(upsertRows(client, writeSpec('public', merged, 'insert'), [['dup', '2']]));
          await client.query('SELECT 1');
        })
        .then(
          () => undefined,
          (error: unknown) => error as { code?: string },
        );
      expect(failure?.code).toBe('23505'); // unique_violation, not 25P02 (in_failed_sql_transaction)
    });
  });

  it('let a replay fold its next batch before the last is written, and lose nothing', async () => {
    for (let day = 1; day <= 20; day++) await h.append([registered(`p${day}`, day)]);
    probe.seenBefore.length = 0;
    probe.foldedBehind = 0;
    const rebuilt = await rebuildProjections({
      pool: h.pool,
      store: h.store,
      billingTz: 'Asia/Shanghai',
      projections: [probe],
      batchSize: 3,
    });
    const head = await h.store.headPosition();
    expect(rebuilt.position).toBe(head);
    // Each batch saw every row of the batches before it, the last one still in flight included.
    expect(probe.seenBefore).toEqual(Array.from({ length: probe.seenBefore.length }, (_, i) => i * 3));
    expect(probe.seenBefore.length).toBe(Math.ceil(head / 3));
    // The overlap itself: some batch began to fold with the writes of the one before in flight.
    expect(probe.foldedBehind).toBeGreaterThan(0);
    const seen = await h.pool.query('SELECT count(*)::int AS n, max(position)::int AS last FROM rm_probe.seen');
    expect(seen.rows[0]).toEqual({ n: head, last: head });
    const checkpoint = await h.pool.query('SELECT position::int FROM rm_probe.checkpoint');
    expect(checkpoint.rows[0].position).toBe(head);
  });

  it('fail a replay with the write that failed in flight, and leave the live tables as they were', async () => {
    const before = await h.pool.query('SELECT count(*)::int AS n, max(position)::int AS last FROM rm_probe.seen');
    await h.append([registered('boom', 21)]);
    for (let day = 22; day <= 28; day++) await h.append([registered(`p${day}`, day)]);
    const failure = await rebuildProjections({
      pool: h.pool,
      store: h.store,
      billingTz: 'Asia/Shanghai',
      projections: [probe],
      batchSize: 3,
    }).then(
      () => undefined,
      (error: unknown) => error as { code?: string },
    );
    expect(failure?.code).toBe('23505');
    const next = await h.pool.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'rm_probe_next'`);
    expect(next.rows[0].n).toBe(0);
    const after = await h.pool.query('SELECT count(*)::int AS n, max(position)::int AS last FROM rm_probe.seen');
    expect(after.rows[0]).toEqual(before.rows[0]);
    // The pool is whole: every connection came back or was closed.
    expect(h.pool.waitingCount).toBe(0);
    expect((await h.pool.query('SELECT 1 AS one')).rows[0].one).toBe(1);
  });

  it('replay every projection together on a shared pool smaller than their number', async () => {
    // Each replaying applier keeps a connection for its whole replay, of its own: eight holding the
    // shared pool's would leave the rebuild's own statements waiting for ever.
    for (let day = 1; day <= 28; day++) await h.append([registered(`q${day}`, day)]);
    const pool = createPool(db.url, { max: 3 });
    try {
      const rebuilt = await rebuildProjections({
        pool,
        store: h.store,
        billingTz: 'Asia/Shanghai',
        projections: PROJECTIONS,
        batchSize: 4,
      });
      expect(rebuilt.position).toBe(await h.store.headPosition());
      expect(rebuilt.projections).toHaveLength(PROJECTIONS.length);
    } finally {
      await pool.end();
    }
  });
});
