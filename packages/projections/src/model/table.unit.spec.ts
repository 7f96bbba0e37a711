import { describe, expect, it } from 'vitest';
import { amount, integer, text } from './columns.js';
import { columnsOf, indexDdl, rowMaker, table, writeSpec } from './table.js';

const lines = table(
  'lines',
  {
    partner_id: text().key(),
    revision: integer().key(),
    note: text().orNull(),
    total: amount().add(),
    currency: text().keep(),
  },
  {
    uniqueIndexes: { lines_current: 'partner_id WHERE note IS NULL' },
    indexes: ['revision, total WHERE note IS NOT NULL', 'USING hash (currency)'],
  },
);

describe('a declared table', () => {
  it('gives the writers its columns in declared order, and merges by each column merge mode', () => {
    expect(columnsOf(lines)).toEqual([
      { name: 'partner_id', type: 'text' },
      { name: 'revision', type: 'integer' },
      { name: 'note', type: 'text' },
      { name: 'total', type: 'numeric(38,8)' },
      { name: 'currency', type: 'text' },
    ]);
    expect(writeSpec('s', lines, 'merge')).toMatchObject({
      table: 's.lines',
      conflict:
        'ON CONFLICT (partner_id, revision) DO UPDATE SET note = excluded.note, total = t.total + excluded.total',
    });
    expect(writeSpec('s', lines, 'insert')).not.toHaveProperty('conflict');
  });

  it('makes positional rows in declared order, whatever order the fields are given in', () => {
    const row = rowMaker<[{ id: string; n: number }, string]>()(lines, {
      currency: (_, currency) => currency,
      total: (x) => String(x.n * 2),
      note: () => null,
      revision: (x) => x.n,
      partner_id: (x) => x.id,
    });
    expect(row({ id: 'P1', n: 3 }, 'CNY')).toEqual(['P1', 3, null, '6', 'CNY']);
  });

  it('names its indexes as PostgreSQL does, partial and unique ones included', () => {
    expect(indexDdl('s', lines)).toEqual([
      'CREATE UNIQUE INDEX lines_current ON s.lines (partner_id) WHERE note IS NULL;',
      'CREATE INDEX lines_revision_total_idx ON s.lines (revision, total) WHERE note IS NOT NULL;',
      'CREATE INDEX lines_currency_idx ON s.lines USING hash (currency);',
    ]);
  });
});
