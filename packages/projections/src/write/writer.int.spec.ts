import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amount, integer, position, text } from '../model/columns.js';
import { table, tableDdl } from '../model/table.js';
import { TableChanges } from './changes.js';
import { COPY_MIN_ROWS, MERGE_MIN_ROWS } from './copy.js';
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

  it('many rows go through COPY with the same merge rules and any text (tabs, newlines, backslashes, quotes)', async () => {
    const awkward = ['tab\there', 'line\nbreak\r\n', 'back\\slash \\N', '"quoted", {braced}', 'ünï ☃', ''];
    const n = Math.max(COPY_MIN_ROWS, MERGE_MIN_ROWS) + 10;
    const many = (round: number) => {
      const batch = new TableChanges(sums);
      for (let i = 0; i < n; i++) {
        batch.upsert({
          owner: `copy-${i}`,
          period: i % 3 === 0 ? null : `2026-${i % 12}`,
          currency: round === 1 ? 'CNY' : 'USD',
          total: new Decimal(i).div(7),
          count: 1,
          note: i % 5 === 0 ? null : awkward[i % awkward.length]!,
          last_position: round * 1000 + i,
        });
      }
      return batch;
    };
    await write(many(1));
    await write(many(2));
    const appended = new TableChanges(sums);
    for (let i = 0; i < n; i++)
      appended.insert({
        owner: `copy-new-${i}`,
        currency: 'EUR',
        total: '1.5',
        count: i,
        note: awkward[i % 6]!,
        last_position: i,
      });
    await write(appended);
    const stored = (await rows()).filter((r) => r.owner.startsWith('copy-'));
    expect(stored).toHaveLength(2 * n);
    for (let i = 0; i < n; i++) {
      expect(stored.find((r) => r.owner === `copy-${i}`)).toEqual({
        owner: `copy-${i}`,
        period: i % 3 === 0 ? null : `2026-${i % 12}`,
        currency: 'CNY',
        // Summed in the database: each round rounded to 8 places, then added.
        total: new Decimal(i).div(7).toDecimalPlaces(8).times(2).toFixed(8),
        count: 2,
        note: i % 5 === 0 ? null : awkward[i % awkward.length],
        last_position: 2000 + i,
      });
      expect(stored.find((r) => r.owner === `copy-new-${i}`)).toMatchObject({ note: awkward[i % 6], count: i });
    }
  });
});
