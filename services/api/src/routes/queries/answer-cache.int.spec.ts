import { createPool, type Pool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache, ReadModelVersion } from './answer-cache.js';

describe('answer cache keyed by the read models’ checkpoints', () => {
  const db = useTestDatabase('api_answer_cache');
  let pool: Pool;
  let probes = 0;

  beforeAll(async () => {
    pool = createPool(db.url, { max: 4 });
    for (const schema of ['cache_a', 'cache_b']) {
      await pool.query(`CREATE SCHEMA ${schema}`);
      await pool.query(`CREATE TABLE ${schema}.checkpoint (position bigint NOT NULL, generation text NOT NULL)`);
      await pool.query(`INSERT INTO ${schema}.checkpoint VALUES (0, 'g1')`);
    }
    // Count the version probes the pool runs (the queries themselves go to PostgreSQL).
    const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
    (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      if (String(args[0]).includes('checkpoint')) probes++;
      return query(...args);
    };
  });
  afterAll(async () => pool?.end());

  const move = (schema: string, position: number, generation = 'g1') =>
    pool.query(`UPDATE ${schema}.checkpoint SET position = $1, generation = $2`, [position, generation]);

  it('reads the version of every schema and shares probes among concurrent callers', async () => {
    const version = new ReadModelVersion(pool, ['cache_a', 'cache_b']);
    expect(await version.current()).toBe('0:g1|0:g1');
    probes = 0;
    const all = await Promise.all(Array.from({ length: 50 }, () => version.current()));
    expect(new Set(all)).toEqual(new Set(['0:g1|0:g1']));
    expect(probes).toBeLessThanOrEqual(2);
    await move('cache_b', 7);
    expect(await version.current()).toBe('0:g1|7:g1');
    await move('cache_b', 7, 'g2');
    expect(await version.current()).toBe('0:g1|7:g2');
  });

  it('never answers from a probe that started before the call', async () => {
    const version = new ReadModelVersion(pool, ['cache_a']);
    const before = version.current();
    await move('cache_a', 1);
    const after = version.current(); // asked after the move, while the first probe may still run
    await before;
    expect(await after).toBe('1:g1');
  });

  it('answers from the last probe within maxAgeMs, and probes again when asked for now', async () => {
    const version = new ReadModelVersion(pool, ['cache_a']);
    const first = await version.current();
    await move('cache_a', 500);
    probes = 0;
    expect(await version.current(60_000)).toBe(first); // bounded staleness: no probe
    expect(probes).toBe(0);
    expect(await version.current()).toBe('500:g1');
    expect(await version.current(60_000)).toBe('500:g1');
    expect(probes).toBe(1);
  });

  it('computes once per version and key, sharing concurrent misses', async () => {
    const cache = new AnswerCache<{ n: number }>(new ReadModelVersion(pool, ['cache_a', 'cache_b']));
    let computed = 0;
    const compute = async () => {
      computed++;
      await new Promise((resolve) => setTimeout(resolve, 20));
      return { n: computed };
    };
    const first = await Promise.all(Array.from({ length: 20 }, () => cache.get('k', compute, JSON.stringify)));
    expect(computed).toBe(1);
    expect(new Set(first.map((entry) => entry.body.toString()))).toEqual(new Set(['{"n":1}']));
    expect((await cache.get('k', compute, JSON.stringify)).body.toString()).toBe('{"n":1}');
    expect(computed).toBe(1);
    expect((await cache.get('other', compute, JSON.stringify)).body.toString()).toBe('{"n":2}');

    await move('cache_a', 42);
    expect((await cache.get('k', compute, JSON.stringify)).body.toString()).toBe('{"n":3}');
    expect(computed).toBe(3);
  });
});
