import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { describe, expect, it } from 'vitest';
import { boolean, json, position, quantity, text } from './model/columns.js';
import { table, writeSpec } from './model/table.js';
import { upsertRows } from './sql.js';
import { COPY_MIN_ROWS, MERGE_MIN_ROWS } from './write/copy.js';

describe('upsertRows', () => {
  const db = useTestDatabase('projection_sql');

  it('round-trips awkward text, nulls, numbers, booleans and JSON, and adds on conflict', async () => {
    const pool = createPool(db.url);
    const client = await pool.connect();
    try {
      await client.query('CREATE TABLE t (k text PRIMARY KEY, v text, n numeric(30,8), b boolean, j jsonb, i bigint)');
      const texts = ['a"b', 'c\\d', 'NULL', '', '{x,y}', ' spaced ', '名前', 'e\\"f'];
      // Declared as the projections declare theirs: the merge comes from the columns (n adds).
      const declared = table('t', {
        k: text().key(),
        v: text().orNull(),
        n: quantity().orNull().add(),
        b: boolean().orNull(),
        j: json().orNull(),
        i: position().orNull(),
      });
      const spec = writeSpec('public', declared, 'merge');
      const rows: unknown[][] = texts.map((text, i) => [
        `k${i}`,
        text,
        '1.5',
        i % 2 === 0,
        JSON.stringify({ s: text }),
        i,
      ]);
      rows.push(['null', null, '-0.00000001', null, null, null]);
      await upsertRows(client, spec, rows);
      await upsertRows(client, spec, [['k0', 'a"b', '2.25', true, JSON.stringify('x'), 0]]);
      const result = await client.query('SELECT k, v, n::text AS n, b, j, i FROM t ORDER BY k');
      const byKey = Object.fromEntries(result.rows.map((r) => [r.k, r]));
      texts.forEach((text, i) => {
        expect(byKey[`k${i}`].v).toBe(text);
        if (i > 0) expect(byKey[`k${i}`].j).toEqual({ s: text });
      });
      expect(byKey.k0).toMatchObject({ n: '3.75000000', b: true, j: 'x' });
      expect(byKey.null).toEqual({ k: 'null', v: null, n: '-0.00000001', b: null, j: null, i: null });
    } finally {
      client.release();
      await pool.end();
    }
  });

  it("COPYs megabytes intact: rows split across the writer's buffers, a field larger than one", async () => {
    const pool = createPool(db.url);
    const client = await pool.connect();
    try {
      await client.query('CREATE TABLE big (k text, v text)');
      // Multi-byte text (3 bytes a character in UTF-8), rows of uneven length, and one field of
      // 300,000 characters (900 kB), well past the 256 KiB a buffer holds.
      const rows = Array.from({ length: 3000 }, (_, i) => [`k${i}`, `名前\t${'客'.repeat(i % 500)}\\${i}`]);
      rows[1500] = ['huge', '账'.repeat(300_000)];
      await upsertRows(
        client,
        {
          table: 'big',
          columns: [
            { name: 'k', type: 'text' },
            { name: 'v', type: 'text' },
          ],
        },
        rows,
      );
      const stored = await client.query('SELECT k, v FROM big');
      expect(new Map(stored.rows.map((r) => [r.k, r.v]))).toEqual(new Map(rows.map(([k, v]) => [k, v])));
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('writes many rows through COPY as it writes a few: same text, merge and plain inserts', async () => {
    const pool = createPool(db.url);
    const client = await pool.connect();
    try {
      await client.query(`CREATE TABLE many (k text PRIMARY KEY, v text, n numeric(30,8), j jsonb, i bigint);
        CREATE TABLE plain (k text, v text, n numeric(30,8))`);
      const texts = ['a"b', 'c\\d', 'NULL', '\\N', '', 'tab\there', 'new\nline\r', '{x,y}', '名前'];
      const many = writeSpec(
        'public',
        table('many', {
          k: text().key(),
          v: text().orNull(),
          n: quantity().orNull().add(),
          j: json().orNull(),
          i: position().orNull(),
        }),
        'merge',
      );
      const rows = Array.from({ length: Math.max(COPY_MIN_ROWS, MERGE_MIN_ROWS) + texts.length }, (_, i) => {
        const text = texts[i % texts.length]!;
        return [`k${i}`, i % 7 === 0 ? null : text, '0.123456789', JSON.stringify({ s: text }), i];
      });
      await upsertRows(client, many, rows);
      await upsertRows(client, many, rows);
      await upsertRows(
        client,
        { table: 'plain', columns: many.columns.slice(0, 3) },
        rows.map((r) => r.slice(0, 3)),
      );
      const stored = (await client.query('SELECT k, v, n::text AS n, j, i::int AS i FROM many')).rows;
      expect(stored).toHaveLength(rows.length);
      const byKey = new Map(stored.map((r) => [r.k, r]));
      rows.forEach(([k, v, , , i]) => {
        // Each write rounded to 8 places, then added.
        expect(byKey.get(k)).toEqual({ k, v, n: '0.24691358', j: { s: texts[(i as number) % texts.length] }, i });
      });
      const plain = (await client.query('SELECT k, v, n::text AS n FROM plain ORDER BY k')).rows;
      expect(plain).toHaveLength(rows.length);
      expect(new Map(plain.map((r) => [r.k, r.v]))).toEqual(new Map(rows.map((r) => [r[0], r[1]])));
    } finally {
      client.release();
      await pool.end();
    }
  });

  it('writes rows made one at a time (one array reused), few by INSERT and many by COPY', async () => {
    const pool = createPool(db.url);
    const client = await pool.connect();
    try {
      await client.query('CREATE TABLE made (k text PRIMARY KEY, n numeric(30,8), i bigint)');
      const spec = {
        table: 'made',
        columns: [
          { name: 'k', type: 'text' },
          { name: 'n', type: 'numeric' },
          { name: 'i', type: 'bigint' },
        ],
      } as const;
      const reused: unknown[] = [];
      const source = (prefix: string, count: number) => ({
        count,
        row: (i: number) => {
          reused[0] = `${prefix}${i}`;
          reused[1] = `${i}.5`;
          reused[2] = i;
          return reused;
        },
      });
      await upsertRows(client, spec, source('few', COPY_MIN_ROWS - 1));
      await upsertRows(client, spec, source('many', COPY_MIN_ROWS * 3));
      const stored = (await client.query('SELECT k, n::text AS n, i::int AS i FROM made')).rows;
      const expected = [
        ...Array.from({ length: COPY_MIN_ROWS - 1 }, (_, i) => ({ k: `few${i}`, n: `${i}.50000000`, i })),
        ...Array.from({ length: COPY_MIN_ROWS * 3 }, (_, i) => ({ k: `many${i}`, n: `${i}.50000000`, i })),
      ];
      expect(new Set(stored.map((r) => JSON.stringify(r)))).toEqual(new Set(expected.map((r) => JSON.stringify(r))));
    } finally {
      client.release();
      await pool.end();
    }
  });
});
