import { describe, expect, it } from 'vitest';
import { KeyedLock } from './keyed-lock.js';
import { SnapshotCache } from './snapshot-cache.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedLock', () => {
  it('runs holders of the same key one at a time and others in parallel', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const hold = async (name: string, keys: string[]) => {
      const release = await lock.acquire(keys);
      log.push(`${name}+`);
      await tick();
      log.push(`${name}-`);
      release();
    };
    await Promise.all([hold('a', ['s1']), hold('b', ['s1']), hold('c', ['s2'])]);
    expect(log.indexOf('a-')).toBeLessThan(log.indexOf('b+'));
    expect(log.indexOf('c+')).toBeLessThan(log.indexOf('a-'));
    expect(lock.size).toBe(0);
  });

  it('does not deadlock on overlapping key sets taken in different orders', async () => {
    const lock = new KeyedLock();
    let done = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const release = await lock.acquire(i % 2 ? ['x', 'y', 'z'] : ['z', 'y', 'x']);
        await tick();
        done++;
        release();
      }),
    );
    expect(done).toBe(50);
  });

  it('holds the keys taken while it waits for a busy one, and frees them all at release', async () => {
    const lock = new KeyedLock();
    const first = await lock.acquire(['b']);
    let second: (() => void) | undefined;
    const waiting = lock.acquire(['a', 'b']).then((release) => {
      second = release;
    });
    await tick();
    expect(second).toBeUndefined(); // queued on b, holding a
    let third = false;
    const after = lock.acquire(['a']).then((release) => {
      third = true;
      release();
    });
    await tick();
    expect(third).toBe(false);
    first();
    await waiting;
    expect(third).toBe(false);
    second!();
    second!(); // a second release is a no-op
    await after;
    expect(third).toBe(true);
    expect(lock.size).toBe(0);
  });
});

describe('SnapshotCache', () => {
  it('never moves a stream back to an older version and evicts the least recently used', () => {
    const cache = new SnapshotCache(2);
    cache.offer({ streamId: 'a', version: 2, state: undefined });
    cache.offer({ streamId: 'a', version: 1, state: undefined });
    expect(cache.get('a')?.version).toBe(2);
    cache.offer({ streamId: 'b', version: 1, state: undefined });
    cache.get('a');
    cache.offer({ streamId: 'c', version: 1, state: undefined });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.version).toBe(2);
    expect(cache.size).toBe(2);
  });

  it('never stores a stream it does not keep', () => {
    const cache = new SnapshotCache(10, (streamId) => !streamId.startsWith('refund-'));
    cache.offer({ streamId: 'refund-r1', version: 1, state: undefined });
    cache.offer({ streamId: 'order-o1', version: 1, state: undefined });
    expect(cache.get('refund-r1')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps a stream marked stale until a snapshot at or past it arrives', () => {
    const cache = new SnapshotCache();
    cache.offer({ streamId: 'a', version: 3, state: undefined });
    cache.markStale('a');
    expect(cache.isStale('a')).toBe(true);
    cache.offer({ streamId: 'a', version: 2, state: undefined });
    expect(cache.isStale('a')).toBe(true);
    cache.offer({ streamId: 'a', version: 5, state: undefined });
    expect(cache.isStale('a')).toBe(false);
    cache.markStale('missing');
    expect(cache.isStale('missing')).toBe(false);
  });
});
