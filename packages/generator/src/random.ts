/**
 * A seeded pseudo-random source: the only source of variation in the generator, so the same seed
 * always gives the same events, byte for byte.
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state) seeded by the cyrb128
 * string hash. A 32-bit-state generator such as mulberry32 would repeat UUIDs after a few million
 * draws (birthday bound on 2^32 states); 128 bits of state keeps ids unique at any size we generate.
 */
const HEX_CODES: number[] = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));
const DASH = '-'.charCodeAt(0);
/** Character codes of the UUID being built (dashes stay in place). */
const UUID_CODES: number[] = Array.from({ length: 36 }, (_, i) =>
  i === 8 || i === 13 || i === 18 || i === 23 ? DASH : 0,
);

function hex4(out: number[], at: number, v: number): void {
  out[at] = HEX_CODES[(v >>> 12) & 15]!;
  out[at + 1] = HEX_CODES[(v >>> 8) & 15]!;
  out[at + 2] = HEX_CODES[(v >>> 4) & 15]!;
  out[at + 3] = HEX_CODES[v & 15]!;
}

function hex8(out: number[], at: number, v: number): void {
  hex4(out, at, v >>> 16);
  hex4(out, at + 4, v & 0xffff);
}

/** cyrb128: a fast 128-bit string hash, four 32-bit words. */
function cyrb128(s: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < s.length; i++) {
    const k = s.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(`reckon:${seed}`);
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  /** Picks an item with probability proportional to its weight. */
  weighted<T>(items: readonly T[], weightOf: (item: T) => number): T {
    let total = 0;
    for (const it of items) total += weightOf(it);
    let r = this.next() * total;
    for (const it of items) {
      r -= weightOf(it);
      if (r < 0) return it;
    }
    return items[items.length - 1]!;
  }

  /**
   * A version-4-shaped UUID drawn from this source (deterministic, so not a real random UUID). Built
   * from character codes in one go: a string concatenated piece by piece would stay a rope of
   * twenty-odd nodes (~500 bytes) for as long as the id is kept.
   */
  uuid(): string {
    const w0 = this.u32();
    const w1 = ((this.u32() & 0xffff0fff) | 0x00004000) >>> 0; // version 4 (byte 6)
    const w2 = ((this.u32() & 0x3fffffff) | 0x80000000) >>> 0; // variant 10xx (byte 8)
    const w3 = this.u32();
    const c = UUID_CODES;
    hex8(c, 0, w0);
    hex4(c, 9, w1 >>> 16);
    hex4(c, 14, w1 & 0xffff);
    hex4(c, 19, w2 >>> 16);
    hex4(c, 24, w2 & 0xffff);
    hex8(c, 28, w3);
    return String.fromCharCode.apply(null, c);
  }
}
