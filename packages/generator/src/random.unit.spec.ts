import { describe, expect, it } from 'vitest';
import { Random } from './random.js';

describe('Random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = new Random('s');
    const b = new Random('s');
    const c = new Random('t');
    const seqA = Array.from({ length: 100 }, () => a.u32());
    expect(Array.from({ length: 100 }, () => b.u32())).toEqual(seqA);
    expect(Array.from({ length: 100 }, () => c.u32())).not.toEqual(seqA);
  });

  it('draws version-4-shaped UUIDs without repeats', () => {
    const r = new Random('uuid');
    const seen = new Set<string>();
    for (let i = 0; i < 200_000; i++) {
      const id = r.uuid();
      seen.add(id);
      if (i < 1000) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(seen.size).toBe(200_000);
  });

  it('keeps integer draws in range and roughly uniform', () => {
    const r = new Random('int');
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[r.int(10)]++;
    for (const n of counts) expect(n).toBeGreaterThan(9_000);
    for (let i = 0; i < 1000; i++) {
      const v = r.between(3, 5);
      expect(v >= 3 && v <= 5).toBe(true);
    }
  });
});
