import { randomUUID } from 'node:crypto';
import { createPool, type Pool } from '@reckon/database';
import { type BenchSection, perSecond, timed } from './harness.js';

/**
 * The cost of our ordering rule in isolation. Eight writers commit one-row transactions into
 *  (a) a log whose positions come from a sequence and which records the writing transaction id, as
 *      Emmett does (readers then stop at pg_snapshot_xmin, so writers never wait for each other), and
 *  (b) a log whose positions come from a single counter row updated in the same statement, our rule
 *      (writers queue on the row lock from position assignment to commit; readers never wait).
 * Same rows, same durability; only the ordering mechanism differs.
 */
const WRITERS = 8;
const DURATION_MS = 4000;

const schema = `
CREATE TABLE bench_xid_log (
  global_position bigserial PRIMARY KEY,
  transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  event_id uuid NOT NULL UNIQUE,
  data jsonb NOT NULL
);
CREATE INDEX ON bench_xid_log (transaction_id, global_position);
CREATE TABLE bench_head (position bigint NOT NULL);
INSERT INTO bench_head VALUES (0);
CREATE TABLE bench_head_log (
  global_position bigint PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  data jsonb NOT NULL
);`;

const inserts = {
  xid: 'INSERT INTO bench_xid_log (event_id, data) VALUES ($1, $2)',
  head: `WITH head AS (UPDATE bench_head SET position = position + 1 RETURNING position)
         INSERT INTO bench_head_log SELECT head.position, $1, $2 FROM head`,
};

async function writeFor(pool: Pool, sql: string): Promise<number> {
  let count = 0;
  const until = performance.now() + DURATION_MS;
  const data = JSON.stringify({ orderId: 'order-1', total: '75.00', lines: [{ sku: 'a', amount: '75.00' }] });
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (performance.now() < until) {
          await pool.query({ text: sql, values: [randomUUID(), data] });
          count += 1;
        }
      }),
    ),
  );
  return perSecond(count, ms);
}

export const eventStoreOrderingBench: BenchSection = {
  name: 'ordering rule alone: 8 writers, 1 row per transaction',
  async run({ url, log }) {
    const pool = createPool(url, { max: WRITERS });
    try {
      await pool.query(schema);
      const xid = await writeFor(pool, inserts.xid);
      log(`  sequence + transaction id (Emmett): ${xid} rows/s`);
      const head = await writeFor(pool, inserts.head);
      log(`  counter row (ours): ${head} rows/s`);
      await pool.query('DROP TABLE bench_xid_log, bench_head, bench_head_log');
      return [
        { key: 'ordering_xid_sequence_8writers_eps', value: xid, unit: 'rows/s', label: 'sequence + xid (Emmett)' },
        { key: 'ordering_counter_row_8writers_eps', value: head, unit: 'rows/s', label: 'counter row (ours)' },
        {
          key: 'ordering_counter_row_vs_xid',
          value: Number((head / xid).toFixed(2)),
          unit: 'ratio',
          label: 'counter row / sequence + xid',
        },
      ];
    } finally {
      await pool.end();
    }
  },
};
