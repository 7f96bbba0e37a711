import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BucketMap, bucketDelete, bucketEntries, bucketGet, bucketSet } from './bucket-map.js';

type Op = { kind: 'set'; key: string; value: number | null } | { kind: 'delete'; key: string };

// Few distinct keys collide often and are deleted again; many keys make leaves split into branches.
const key = fc.oneof(
  fc.constantFrom('a', 'b', '0', '12', '__proto__', 'constructor', ''),
  fc.integer({ min: 0, max: 3_000 }).map((n) => `order-${n}`),
  fc.string({ maxLength: 6 }),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.option(fc.nat()) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
);

function sorted(entries: [string, number | null][]): [string, number | null][] {
  return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe('BucketMap', () => {
  it('answers as a Map would, and an update leaves the versions before it unchanged', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 600, size: 'max' }), (ops) => {
        const model = new Map<string, number | null>();
        let map: BucketMap<number | null> = {};
        const versions: [BucketMap<number | null>, [string, number | null][]][] = [];
        for (const [i, o] of ops.entries()) {
          if (o.kind === 'set') {
            map = bucketSet(map, o.key, o.value);
            model.set(o.key, o.value);
          } else {
            map = bucketDelete(map, o.key);
            model.delete(o.key);
          }
          expect(bucketGet(map, o.key)).toEqual(model.get(o.key));
          if (i % 40 === 0) versions.push([map, sorted([...model])]);
        }
        for (const [k, v] of model) expect(bucketGet(map, k)).toEqual(v);
        for (const [version, entries] of versions) expect(sorted(bucketEntries(version))).toEqual(entries);
        // Plain JSON: a state survives a round trip unchanged.
        expect(JSON.parse(JSON.stringify(map))).toEqual(map);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps tens of thousands of entries, each update copying one short path', () => {
    let map: BucketMap<number> = {};
    for (let i = 0; i < 40_000; i++) map = bucketSet(map, `order-${i}`, i);
    for (let i = 0; i < 40_000; i += 997) expect(bucketGet(map, `order-${i}`)).toBe(i);
    expect(bucketGet(map, 'order-40000')).toBeUndefined();
    expect(bucketEntries(map)).toHaveLength(40_000);
    // The root is a branch of 32 and no leaf holds more than 16 entries (the hash spreads them).
    expect(Array.isArray(map)).toBe(true);
    const leaves: number[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) for (const child of node) walk(child);
      else if (node) leaves.push(Object.keys(node).length);
    };
    walk(map);
    expect(Math.max(...leaves)).toBeLessThanOrEqual(16);
    for (let i = 0; i < 40_000; i++) map = bucketDelete(map, `order-${i}`);
    expect(map).toEqual({});
  });

  it('deleting a key it does not hold returns the same map', () => {
    const map = bucketSet(bucketSet({}, 'a', 1), 'b', 2);
    expect(bucketDelete(map, 'c')).toBe(map);
    expect(bucketDelete({}, 'c')).toEqual({});
  });
});
