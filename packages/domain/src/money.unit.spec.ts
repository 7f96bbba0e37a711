import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  compare,
  formatAmount,
  formatMoney,
  InvalidAmountError,
  isAmountString,
  minorUnits,
  multiply,
  normalizeAmount,
  parseAmount,
  roundHalfUp,
  roundHalfUpTo,
  sameAmount,
  sub,
  sum,
} from './money.js';

describe('parseAmount', () => {
  it.each(['0', '12', '12.5', '-20.00', '0.00000001', '123456789012345678901234567890.12345678'])('accepts %s', (s) => {
    expect(formatAmount(parseAmount(s))).toBe(new DecimalJs(s).toFixed());
  });

  it.each(['', '1e3', '1E-2', 'NaN', 'Infinity', '-', '.5', '5.', '+5', '1.123456789', ' 1', '1,5', '0x10'])(
    'rejects %j',
    (s) => {
      expect(() => parseAmount(s)).toThrow(InvalidAmountError);
      expect(isAmountString(s)).toBe(false);
    },
  );

  it('rejects JS numbers', () => {
    expect(() => parseAmount(12.5 as unknown as string)).toThrow(InvalidAmountError);
    expect(isAmountString(12.5)).toBe(false);
  });
});

describe('arithmetic', () => {
  it('adds and subtracts exactly where binary floats do not', () => {
    expect(formatAmount(add(parseAmount('0.1'), parseAmount('0.2')))).toBe('0.3');
    expect(formatAmount(sub(parseAmount('1.00000001'), parseAmount('0.00000002')))).toBe('0.99999999');
    expect(formatAmount(sum(['10.5', '-0.25', '0.75'].map(parseAmount)))).toBe('11');
  });

  it('multiplies by a rate without losing digits', () => {
    expect(formatAmount(multiply(parseAmount('99999999999.99999999'), parseAmount('0.12345678')))).toBe(
      '12345677999.9999999987654322',
    );
  });

  it('never prints an exponent', () => {
    expect(formatAmount(parseAmount('0.00000001'))).toBe('0.00000001');
    expect(formatAmount(multiply(parseAmount('0.00000001'), parseAmount('0.00000001')))).toBe('0.0000000000000001');
    expect(formatAmount(multiply(parseAmount('100000000000000000000'), parseAmount('1000000000')))).toBe(
      '100000000000000000000000000000',
    );
  });

  it('compares by value', () => {
    expect(compare(parseAmount('10.5'), parseAmount('10.50'))).toBe(0);
    expect(compare(parseAmount('-1'), parseAmount('0'))).toBe(-1);
    expect(sameAmount('10.5', '10.50')).toBe(true);
    expect(normalizeAmount('010.500')).toBe('10.5');
  });

  // add, sub and roundHalfUpTo hand an operand back instead of computing anew when the other is zero
  // (or the rounding changes nothing): the same values as decimal.js's own operations, every time.
  const amountText = fc
    .tuple(
      fc.constantFrom('', '-'),
      fc.oneof(fc.constant('0'), fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }).map(String)),
      fc.oneof(fc.constant(''), fc.stringMatching(/^\.[0-9]{1,8}$/)),
    )
    .map(([sign, whole, fraction]) => `${sign}${whole}${fraction}`);

  it('adds, subtracts and rounds as decimal.js does, zeros included', () => {
    fc.assert(
      fc.property(amountText, amountText, fc.integer({ min: 0, max: 8 }), (x, y, places) => {
        const [a, b] = [parseAmount(x), parseAmount(y)];
        expect(add(a, b).eq(a.plus(b))).toBe(true);
        expect(sub(a, b).eq(a.minus(b))).toBe(true);
        expect(formatAmount(add(a, b))).toBe(formatAmount(a.plus(b)));
        expect(formatAmount(sub(a, b))).toBe(formatAmount(a.minus(b)));
        const rounded = roundHalfUpTo(a, places);
        expect(formatAmount(rounded)).toBe(formatAmount(a.toDecimalPlaces(places, DecimalJs.ROUND_HALF_UP)));
      }),
      { numRuns: 2000 },
    );
  });

  it('makes nothing new for a zero operand', () => {
    const a = parseAmount('12.5');
    expect(add(a, parseAmount('0'))).toBe(a);
    expect(add(parseAmount('-0.00'), a)).toBe(a);
    expect(sub(a, parseAmount('0.0'))).toBe(a);
    expect(roundHalfUpTo(a, 2)).toBe(a);
    expect(formatAmount(roundHalfUpTo(parseAmount('12.345'), 2))).toBe('12.35');
  });

  it('does not touch the global decimal.js configuration', () => {
    expect(DecimalJs.precision).toBe(20);
    expect(DecimalJs.rounding).toBe(DecimalJs.ROUND_HALF_UP);
  });
});

describe('rounding half-up to the minor unit', () => {
  it.each([
    ['0.005', 'CNY', '0.01'],
    ['0.004', 'CNY', '0'],
    ['0.0049999', 'USD', '0'],
    ['-0.005', 'CNY', '-0.01'],
    ['-0.004', 'CNY', '0'],
    ['2.675', 'EUR', '2.68'],
    ['1.005', 'USD', '1.01'],
    ['0.5', 'JPY', '1'],
    ['-0.5', 'JPY', '-1'],
    ['1.0005', 'BHD', '1.001'],
    ['1.005', 'XYZ', '1.01'],
  ])('%s %s → %s', (input, currency, expected) => {
    expect(formatAmount(roundHalfUp(parseAmount(input), currency))).toBe(expected);
  });

  it('knows the minor units of common currencies', () => {
    expect([minorUnits('CNY'), minorUnits('USD'), minorUnits('JPY'), minorUnits('KRW'), minorUnits('BHD')]).toEqual([
      2, 2, 0, 0, 3,
    ]);
  });

  it('formats with fixed digits and no negative zero', () => {
    expect(formatMoney(parseAmount('12.5'), 'CNY')).toBe('12.50');
    expect(formatMoney(parseAmount('1250.4'), 'JPY')).toBe('1250');
    expect(formatAmount(roundHalfUpTo(parseAmount('-0.001'), 2), 2)).toBe('0.00');
    expect(formatAmount(parseAmount('-0'))).toBe('0');
  });
});
