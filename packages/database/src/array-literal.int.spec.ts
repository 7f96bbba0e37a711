import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayLiteral } from './array-literal.js';
import { createPool, type Pool } from './pool.js';
import { createTestDatabase, type TestDatabase } from './testing.js';

const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

describe('arrayLiteral, read back by PostgreSQL', () => {
  let database: TestDatabase;
  let pool: Pool;
  beforeAll(async () => {
    database = await createTestDatabase(adminUrl, 'arrays');
    pool = createPool(database.url, { max: 1 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('gives back any text exactly, NULL for null, and never reads a string "NULL" as null', async () => {
    // Text PostgreSQL can store: no NUL character (it refuses those in any text value).
    const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\u0000'));
    const values = fc.array(
      fc.oneof(text, fc.constantFrom('NULL', 'null', '', ' ', '{}', '"', '\\', ',', 'a b'), fc.constant(null)),
      {
        maxLength: 30,
      },
    );
    await fc.assert(
      fc.asyncProperty(values, async (vs) => {
        const { rows } = await pool.query<{ back: (string | null)[] }>('SELECT $1::text[] AS back', [arrayLiteral(vs)]);
        expect(rows[0]!.back).toEqual(vs);
      }),
      { numRuns: 200 },
    );
  });

  it('writes numbers, bigints and booleans as PostgreSQL reads them', async () => {
    const { rows } = await pool.query(
      'SELECT $1::bigint[] AS big, $2::integer[] AS ints, $3::boolean[] AS flags, $4::uuid[] AS ids',
      [
        arrayLiteral([-2, 0, 9_007_199_254_740_991n, null]),
        arrayLiteral([1, -1, 2_147_483_647]),
        arrayLiteral([true, false, null]),
        arrayLiteral(['0b1f4c7e-2a55-4f3c-9d1e-6a1b2c3d4e5f']),
      ],
    );
    expect(rows[0]).toEqual({
      big: ['-2', '0', '9007199254740991', null],
      ints: [1, -1, 2_147_483_647],
      flags: [true, false, null],
      ids: ['0b1f4c7e-2a55-4f3c-9d1e-6a1b2c3d4e5f'],
    });
    expect(arrayLiteral([])).toBe('{}');
  });
});
