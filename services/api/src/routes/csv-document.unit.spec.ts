import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { csvColumns, csvOf, toCsv } from './csv.js';

describe('CSV documents for spreadsheets', () => {
  it('start with a UTF-8 byte-order mark and a header row, even for an empty list', () => {
    const empty = Buffer.from(toCsv(['customerId', 'customerName'], []), 'utf8');
    expect([...empty.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(empty.subarray(3).toString()).toBe('customerId,customerName\r\n');
    expect(toCsv(['name'], [{ name: '杭州云计算有限公司' }])).toBe('\uFEFFname\r\n杭州云计算有限公司\r\n');
  });

  it('neutralise full-width formula starts too, and quote a lone CR or LF', () => {
    const cells = toCsv(['v'], [{ v: '＝1+2' }, { v: '＠A1' }, { v: 'a\rb' }, { v: 'a\nb' }]).split('\r\n');
    expect(cells.slice(1, 5)).toEqual([`'＝1+2`, `'＠A1`, '"a\rb"', '"a\nb"']);
  });

  it('stream the same document as the items arrive', async () => {
    async function* items() {
      yield { a: 1, b: { c: true } };
      yield { a: -2, b: null };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of csvOf(['a', 'b.c'], items())) chunks.push(Buffer.from(chunk));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text).toBe(
      toCsv(
        ['a', 'b.c'],
        [
          { a: 1, b: { c: true } },
          { a: -2, b: null },
        ],
      ),
    );
    expect(text).toBe('\uFEFFa,b.c\r\n1,true\r\n-2,\r\n');
  });

  it('take their columns from the answer schema: nested objects as dotted columns, arrays as one', () => {
    const item = Type.Object({
      id: Type.String(),
      refunds: Type.Object({ orders: Type.String(), total: Type.String() }),
      last: Type.Unsafe({ type: ['object', 'null'], properties: { id: { type: 'string' } } }),
      history: Type.Array(Type.Object({ at: Type.String() })),
      spec: Type.Unknown(),
    });
    expect(csvColumns(item)).toEqual(['id', 'refunds.orders', 'refunds.total', 'last.id', 'history', 'spec']);
  });
});
