import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amount, integer, position, text } from '../model/columns.js';
import { table, tableDdl } from '../model/table.js';
import { TableChanges } from './changes.js';
import { flushTable } from './flush.js';

const sums = table(
  'sums',
  {
    owner: text().key(),
    period: text().orNull().key(),
    currency: text().keep(),
    total: amount().add(),
    count: integer().add(),
    note: text().orNull(),
    last_position: position(),
  },
  { indexes: ['currency'] },
);

describe('the batch writer', () => {
  const db = useTestDatabase('batch_writer');
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
    await pool.query(`CREATE SCHEMA w; ${tableDdl('w', sums)}`);
  });
  afterAll(async () => pool?.end());

  const write = async (changes: TableChanges<typeof sums>) => {
    const client = await pool.connect();
    try {
      return await flushTable(client, 'w', changes);
    } finally {
      client.release();
    }
  };
  const rows = async () =>
    (
      await pool.query(
        'SELECT owner, period, currency, total::text, count, note, last_position::int FROM w.sums ORDER BY 1, 2',
      )
    ).rows;

  it('writes each key once per batch, merged by each column’s mode, and merges with the stored row', async () => {
    const batch = new TableChanges(sums);
    batch.upsert({ owner: 'a', period: null, currency: 'CNY', total: new Decimal('0.1'), count: 1, last_position: 1 });
    batch.upsert({ owner: 'a', period: null, currency: 'USD', total: '0.2', count: 1, note: 'x', last_position: 2 });
    batch.upsert({ owner: 'a', period: '2026-10', currency: 'CNY', total: '5', count: 1, last_position: 3 });
    expect(batch.upserts.size).toBe(2);
    expect(await write(batch)).toBe(1);
    expect(await rows()).toEqual([
      { owner: 'a', period: '2026-10', currency: 'CNY', total: '5.00000000', count: 1, note: null, last_position: 3 },
      { owner: 'a', period: null, currency: 'CNY', total: '0.30000000', count: 2, note: 'x', last_position: 2 },
    ]);

    const next = new TableChanges(sums);
    next.upsert({ owner: 'a', period: null, currency: 'EUR', total: '-1.3', count: 1, last_position: 4 });
    next.patch({ owner: 'a', period: '2026-10' }, { note: 'patched "quoted" \\ text', last_position: 5 });
    expect(await write(next)).toBe(2);
    expect(await rows()).toEqual([
      {
        owner: 'a',
        period: '2026-10',
        currency: 'CNY',
        total: '5.00000000',
        count: 1,
        note: 'patched "quoted" \\ text',
        last_position: 5,
      },
      { owner: 'a', period: null, currency: 'CNY', total: '-1.00000000', count: 3, note: null, last_position: 4 },
    ]);
  });

  it('a patch of a row upserted in the same batch goes into that upsert', async () => {
    const batch = new TableChanges(sums);
    batch.upsert({ owner: 'b', period: null, currency: 'CNY', total: '1', count: 1, last_position: 6 });
    batch.patch({ owner: 'b', period: null }, { note: 'n' });
    expect(batch.patches.size).toBe(0);
    await write(batch);
    expect((await rows()).find((r) => r.owner === 'b')).toMatchObject({ note: 'n', total: '1.00000000' });
  });
});
