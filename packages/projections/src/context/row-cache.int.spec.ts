import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import type { Pool, PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quantity, text } from '../model/columns.js';
import { table } from '../model/table.js';
import { cachedTable, RowCache } from './row-cache.js';

interface Order {
  orderId: string;
  cash: string;
}

const orders = table('orders', { order_id: text().key(), cash: quantity() });

const cache = () =>
  new RowCache<Order>(
    cachedTable('public', orders, {
      writes: { toRow: (o) => [o.orderId, o.cash] },
      fromRow: (r) => ({ orderId: r.order_id as string, cash: r.cash as string }),
      keyOf: (o) => [o.orderId],
      maxEntries: 2,
    }),
  );

describe('RowCache', () => {
  const db = useTestDatabase('row_cache');
  let pool: Pool;

  beforeAll(async () => {
    pool = createPool(db.url, { max: 2 });
    await pool.query('CREATE TABLE orders (order_id text PRIMARY KEY, cash numeric NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
  });

  /** Runs `work` in a transaction and commits it (the cache is told, as the applier tells it). */
  async function batch(orders: RowCache<Order>, work: (client: PoolClient) => Promise<void>): Promise<void> {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await work(client);
      await orders.flush(client);
      await client.query('COMMIT');
      orders.committed();
    } catch (error) {
      await client.query('ROLLBACK');
      orders.reset();
      throw error;
    } finally {
      client.release();
    }
  }

  const stored = async () =>
    (await pool.query('SELECT order_id, cash::text FROM orders ORDER BY order_id')).rows.map(
      (r) => `${r.order_id}=${r.cash}`,
    );

  it('keeps new and changed keys right once it has dropped rows, reading a dropped one back', async () => {
    await pool.query('TRUNCATE orders');
    const orders = cache();
    orders.startComplete();
    // Three orders, past its bound of two: the batch's own rows stay until the next commit (a
    // replay reads the rows a cache lacks beside the batch in flight, so those must be committed).
    await batch(orders, async () => {
      for (const id of ['o1', 'o2', 'o3']) orders.putNew({ orderId: id, cash: '10' });
    });
    expect(['o1', 'o2', 'o3'].map((id) => orders.get([id])?.cash)).toEqual(['10', '10', '10']);
    // Then it drops the oldest and is no longer complete.
    await batch(orders, async () => {});
    expect(orders.get(['o1'])).toBeUndefined();
    // A placed order goes in as it is; a dropped one is read back, changed and merged on its key.
    await batch(orders, async (client) => {
      await orders.load(client, [['o1']]);
      orders.put({ ...orders.get(['o1'])!, cash: '4' });
      orders.putNew({ orderId: 'o4', cash: '7' });
    });
    expect(await stored()).toEqual(['o1=4', 'o2=10', 'o3=10', 'o4=7']);
  });

  // What tells putNew from put: only the second writes without a merge.
  it('writes a key said to be new without a merge: one the table holds already fails the batch', async () => {
    await pool.query('TRUNCATE orders');
    const orders = cache();
    await batch(orders, async () => {
      orders.put({ orderId: 'o1', cash: '10' });
    });
    // Not new after all (the command side refuses an order id it has seen, so the log cannot say so).
    await expect(
      batch(orders, async () => {
        orders.putNew({ orderId: 'o1', cash: '3' });
      }),
    ).rejects.toThrow(/duplicate key value violates unique constraint "orders_pkey"/);
    // A plain put of the same key merges.
    await batch(orders, async () => {
      orders.put({ orderId: 'o1', cash: '3' });
    });
    expect(await stored()).toEqual(['o1=3']);
  });
});
