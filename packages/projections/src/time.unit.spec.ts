import { describe, expect, it } from 'vitest';
import { PeriodLocator } from './time.js';

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
