import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('keyed lock', () => {
  it('lets one holder of a key in at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const order: string[] = [];
    const releaseFirst = await lock.acquire(['a']);
    const second = lock.acquire(['a']).then((release) => {
      order.push('second');
      return release;
    });
    const third = lock.acquire(['a', 'b']).then((release) => {
      order.push('third');
      return release;
    });
    await tick();
    expect(order).toEqual([]);
    releaseFirst();
    (await second)();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(lock.size).toBe(0);
  });

  it('does not hold back disjoint keys', async () => {
    const lock = new KeyedLock();
    const releaseA = await lock.acquire(['a']);
    const releaseB = await lock.acquire(['b']);
    releaseA();
    releaseB();
    expect(lock.size).toBe(0);
  });

  it('cannot deadlock on overlapping key sets taken in different orders', async () => {
    const lock = new KeyedLock();
    const work = async (keys: string[]) => {
      const release = await lock.acquire(keys);
      await tick();
      release();
    };
    await Promise.all([work(['x', 'y']), work(['y', 'x']), work(['y', 'z', 'x']), work(['z', 'x'])]);
    expect(lock.size).toBe(0);
  });

  it('ignores a second release', async () => {
    const lock = new KeyedLock();
    const release = await lock.acquire(['k', 'k']);
    release();
    release();
    const again = await lock.acquire(['k']);
    again();
    expect(lock.size).toBe(0);
  });
});
