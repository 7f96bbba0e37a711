import { Decimal } from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import { discountedCents, formatCents, formatNano, fractionOf } from './money.js';

describe('generator money', () => {
  it('formats cents and 10^-8 units as decimal strings', () => {
    expect(formatCents(0n)).toBe('0.00');
    expect(formatCents(5n)).toBe('0.05');
    expect(formatCents(123456n)).toBe('1234.56');
    expect(formatCents(-2000n)).toBe('-20.00');
    expect(formatNano(123_456_789n)).toBe('1.23456789');
    expect(formatNano(150_000_000n)).toBe('1.50');
    expect(formatNano(1n)).toBe('0.00000001');
  });

  it('computes the discounted amount as round_half_up(list × (1 − rate), 2)', () => {
    for (const [list, rate] of [
      [3200n, '0.175'],
      [7900n, '0.125'],
      [1n, '0.5'],
      [99999n, '0.15'],
      [12345n, '0.3'],
    ] as const) {
      const expected = new Decimal(formatCents(list))
        .times(new Decimal(1).minus(rate))
        .toFixed(2, Decimal.ROUND_HALF_UP);
      expect(formatCents(discountedCents(list, rate))).toBe(expected);
    }
    // 0.01 × 0.5 = 0.005 rounds up to 0.01.
    expect(discountedCents(1n, '0.5')).toBe(1n);
  });

  it('takes a fraction rounded down, never more than the whole', () => {
    expect(fractionOf(1000n, 0.5)).toBe(500n);
    expect(fractionOf(999n, 1 / 3)).toBe(332n);
    expect(fractionOf(1000n, 1.5)).toBe(1000n);
    expect(fractionOf(1000n, -1)).toBe(0n);
  });
});
