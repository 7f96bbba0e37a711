import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amount, integer, position, text } from '../model/columns.js';
import { table, tableDdl } from '../model/table.js';
import { TableChanges } from './changes.js';
import { COPY_MIN_ROWS, copyRows, MERGE_MIN_ROWS } from './copy.js';
import { flushTable } from './flush.js';
import { appendJournal, journalDdl, settleSql } from './journal.js';

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

  it('a patch of a stored row applies before a later upsert of it in the same batch', async () => {
    const first = new TableChanges(sums);
    first.upsert({ owner: 'c', period: null, currency: 'CNY', total: '1', count: 1, note: 'stored', last_position: 7 });
    await write(first);
    const batch = new TableChanges(sums);
    batch.patch({ owner: 'c', period: null }, { note: 'patched', last_position: 8 });
    batch.upsert({
      owner: 'c',
      period: null,
      currency: 'USD',
      total: '2',
      count: 1,
      note: 'upserted',
      last_position: 9,
    });
    expect(batch.patches.size).toBe(1);
    await write(batch);
    // The upsert came last: its `set` columns win, `add` columns add to the stored row, `keep` keeps it.
    expect((await rows()).find((r) => r.owner === 'c')).toEqual({
      owner: 'c',
      period: null,
      currency: 'CNY',
      total: '3.00000000',
      count: 2,
      note: 'upserted',
      last_position: 9,
    });
  });

  it('COPY gives back any text it was given, ASCII, escapes and other characters mixed (property)', async () => {
    await pool.query('CREATE TABLE w.texts (i integer, t text, n numeric)');
    // Every code point PostgreSQL's text holds (not NUL), weighted towards the escaped ASCII ones.
    const unit = fc.oneof(
      fc.constantFrom('\\', '\t', '\n', '\r', 'N', '\u0001', '\u007f', 'a', '1', '.'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\u0000'),
    );
    const texts = fc.array(fc.oneof(fc.constant(null), fc.string({ unit, maxLength: 40 })), { maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(texts, async (values) => {
        const client = await pool.connect();
        try {
          await client.query('TRUNCATE w.texts');
          await copyRows(client, 'w.texts', ['i', 't', 'n'], values.length, (i) => [
            i,
            values[i],
            new Decimal(i).div(8),
          ]);
          const back = await client.query('SELECT t, n::text FROM w.texts ORDER BY i');
          expect(back.rows).toEqual(values.map((t, i) => ({ t, n: new Decimal(i).div(8).toFixed() })));
        } finally {
          client.release();
        }
      }),
      { numRuns: 200 },
    );
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

  describe('the journal of a write-only table (a rebuild)', () => {
    const client = async <T>(f: (c: pg.PoolClient) => Promise<T>) => {
      const c = await pool.connect();
      try {
        return await f(c);
      } finally {
        c.release();
      }
    };
    const table = async (schema: string) =>
      (
        await pool.query(
          `SELECT owner, period, currency, total::text, count, note, last_position::int FROM ${schema}.sums ORDER BY 1, 2`,
        )
      ).rows;

    const upsert = fc.record({
      owner: fc.constantFrom('a', 'b', 'c'),
      period: fc.constantFrom(null, '2026-10', '2026-11'),
      currency: fc.constantFrom('CNY', 'USD'),
      total: fc.tuple(fc.bigInt({ min: -(10n ** 14n), max: 10n ** 14n }), fc.integer({ min: 0, max: 10 })),
      count: fc.integer({ min: -3, max: 1000 }),
      note: fc.constantFrom(null, 'x', 'tab\there'),
      last_position: fc.nat(),
    });

    it('folds to the rows the batch writer leaves, batch after batch, by every merge mode (property)', async () => {
      await pool.query(`CREATE SCHEMA j1; ${tableDdl('j1', sums)}; CREATE SCHEMA j2; ${tableDdl('j2', sums)}`);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(upsert, { maxLength: 12 }), { minLength: 1, maxLength: 8 }),
          async (batches) => {
            await pool.query('TRUNCATE j1.sums, j2.sums');
            await pool.query(journalDdl('j2', sums));
            for (const [i, rows] of batches.entries()) {
              const flushed = new TableChanges(sums);
              const journaled = new TableChanges(sums);
              for (const r of rows) {
                const row = { ...r, total: new Decimal(`${r.total[0]}e-${r.total[1]}`) };
                flushed.upsert({ ...row });
                journaled.upsert({ ...row });
              }
              await client((c) => flushTable(c, 'j1', flushed));
              await client((c) => appendJournal(c, 'j2', journaled, i + 1));
            }
            await pool.query(settleSql('j2', sums));
            expect(await table('j2')).toEqual(await table('j1'));
          },
        ),
        { numRuns: 40 },
      );
    });

    it('refuses a patch: a write-only table is only inserted and upserted', async () => {
      await pool.query(`CREATE SCHEMA j3; ${tableDdl('j3', sums)}; ${journalDdl('j3', sums)}`);
      const changes = new TableChanges(sums);
      changes.patch({ owner: 'a', period: null }, { note: 'n' });
      await expect(client((c) => appendJournal(c, 'j3', changes, 1))).rejects.toThrow(/writeOnly/);
    });
  });
});
