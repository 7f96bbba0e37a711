import { instantMillis, periodOfMillis } from '@reckon/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoFromStored, millis, PeriodLocator } from './time.js';

// First in this file: millis remembers its last answer, and nothing asked yet must not answer "".
describe('millis', () => {
  it('refuses an empty string, even before any other call', () => {
    expect(() => millis('')).toThrow(/not an ISO-8601/);
    expect(millis('2026-11-01T00:00:00+08:00')).toBe(Date.parse('2026-10-31T16:00:00Z'));
    expect(millis('2026-11-01T00:00:00+08:00')).toBe(Date.parse('2026-10-31T16:00:00Z'));
    expect(() => millis('')).toThrow(/not an ISO-8601/);
  });
});

describe('PeriodLocator', () => {
  it('puts instants in the month of the billing zone, either side of its start', () => {
    const shanghai = new PeriodLocator('Asia/Shanghai');
    expect(shanghai.periodOf('2026-10-31T15:59:59.999Z')).toBe('2026-10');
    expect(shanghai.periodOf('2026-10-31T16:00:00Z')).toBe('2026-11');
    expect(shanghai.periodOf('2026-11-01T00:00:00+08:00')).toBe('2026-11');
    const newYork = new PeriodLocator('America/New_York');
    expect(newYork.periodOf('2026-11-01T03:59:59Z')).toBe('2026-10');
    expect(newYork.periodOf('2026-11-01T04:00:00Z')).toBe('2026-11');
  });

  it('answers as the domain for instants in any order, its remembered month notwithstanding', () => {
    const from = Date.parse('2025-12-25T00:00:00Z');
    const to = Date.parse('2027-01-05T00:00:00Z');
    // Near month starts and DST changes as often as anywhere else.
    const instant = fc.oneof(
      fc.integer({ min: from, max: to }),
      fc
        .tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: -36, max: 36 }), fc.integer({ min: -1, max: 1 }))
        .map(([m, h, ms]) => Date.UTC(2026, m, 1) + h * 3_600_000 + ms),
    );
    for (const tz of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC']) {
      const locator = new PeriodLocator(tz);
      fc.assert(
        fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (list) => {
          for (const ms of list) expect(locator.periodOf(new Date(ms).toISOString())).toBe(periodOfMillis(ms, tz));
        }),
        { numRuns: 300 },
      );
    }
  });

  it('books into the first open period once the own one is closed', () => {
    const locator = new PeriodLocator('Asia/Shanghai');
    expect(locator.booking('2026-09-30T23:00:00+08:00', new Set(['2026-09']))).toEqual({
      period: '2026-10',
      correctsPeriod: '2026-09',
    });
  });

  it('refuses a zone that is not an IANA name, rather than booking into wrong months', () => {
    expect(() => new PeriodLocator('Mars/Olympus')).toThrow(RangeError);
    expect(() => new PeriodLocator('+08:00')).toThrow(RangeError);
  });
});

describe('isoFromStored', () => {
  it('turns a timestamptz read back as text into the ISO instant it is', () => {
    for (const [stored, iso] of [
      ['9999-01-01 13:59:59.999999+00', '9999-01-01T13:59:59.999999+00:00'],
      ['2026-10-05 10:00:00+08', '2026-10-05T10:00:00+08:00'],
      ['2026-10-05 04:45:00+05:30', '2026-10-05T04:45:00+05:30'],
    ]) {
      expect(isoFromStored(stored!)).toBe(iso);
      expect(instantMillis(isoFromStored(stored!))).toBe(instantMillis(iso!));
    }
  });
});
