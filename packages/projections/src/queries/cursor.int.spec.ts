import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, listDigest, pageById, pageNewestFirst } from './cursor.js';

interface Things {
  things: { id: string; position: string; partner: string };
}

/** The two keyset orders every list pages by, over a table of ids a linguistic collation would sort otherwise. */
describe('keyset pages in SQL', () => {
  const database = useTestDatabase('projection_cursor');
  let db: Kysely<Things>;
  const ids = ['b', 'B', 'a', 'é', 'Z', 'a-2', 'a2', 'zz'];
  const digest = listDigest('things', { partner: 'P1' });
  const all = async <T>(read: (cursor: string | undefined) => Promise<{ shown: T[]; nextCursor: string | null }>) => {
    const pages: T[][] = [];
    let cursor: string | undefined;
    do {
      const page = await read(cursor);
      pages.push(page.shown);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  };
  const things = () => db.selectFrom('things').select(['id', 'position']).where('partner', '=', 'P1');

  beforeAll(async () => {
    const pool = createPool(database.url);
    db = new Kysely<Things>({ dialect: new PostgresDialect({ pool }) });
    await pool.query('CREATE TABLE things (id text PRIMARY KEY, position bigint NOT NULL, partner text NOT NULL)');
    await pool.query(
      `INSERT INTO things SELECT id, n, CASE WHEN id = 'zz' THEN 'P2' ELSE 'P1' END
       FROM unnest($1::text[]) WITH ORDINALITY AS t(id, n)`,
      [ids],
    );
  });
  afterAll(async () => {
    await db.destroy();
  });

  it('pages by id in byte order, each page after the last id of the one before', async () => {
    const pages = await all((cursor) =>
      pageById(things(), 'id', (row) => row.id, { limit: 3, ...(cursor ? { cursor } : {}) }, digest),
    );
    expect(pages.map((page) => page.map((row) => row.id))).toEqual([['B', 'Z', 'a'], ['a-2', 'a2', 'b'], ['é']]);
  });

  it('pages newest first by position', async () => {
    const pages = await all((cursor) => pageNewestFirst(things(), { limit: 4, ...(cursor ? { cursor } : {}) }, digest));
    expect(pages.map((page) => page.map((row) => Number(row.position)))).toEqual([
      [7, 6, 5, 4],
      [3, 2, 1],
    ]);
  });

  it('refuses a cursor of other filters, and one whose key is not of its order', async () => {
    const other = listDigest('things', { partner: 'P2' });
    await expect(
      pageById(things(), 'id', (row) => row.id, { cursor: encodeCursor(['a'], other) }, digest),
    ).rejects.toThrow(/cursor/);
    await expect(
      pageById(things(), 'id', (row) => row.id, { cursor: encodeCursor([7], digest) }, digest),
    ).rejects.toThrow(/cursor/);
    await expect(pageNewestFirst(things(), { cursor: encodeCursor(['7'], digest) }, digest)).rejects.toThrow(/cursor/);
    await expect(pageNewestFirst(things(), { cursor: encodeCursor([-1], digest) }, digest)).rejects.toThrow(/cursor/);
  });
});
