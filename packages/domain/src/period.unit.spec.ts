import { describe, expect, it } from 'vitest';
import {
  bookingPeriod,
  compareInstants,
  instantMillis,
  isInstant,
  isPeriod,
  isPeriodClosed,
  isValidTimeZone,
  microsPastMillisecond,
  nextPeriod,
  periodEnd,
  periodOf,
  periodStart,
  periodsSpanned,
  previousPeriod,
  toMicroseconds,
} from './period.js';

describe('periodOf', () => {
  it.each([
    // Shanghai is UTC+8 all year.
    ['2026-10-31T16:00:00Z', 'Asia/Shanghai', '2026-11'],
    ['2026-10-31T15:59:59Z', 'Asia/Shanghai', '2026-10'],
    ['2026-10-31T23:59:59+08:00', 'Asia/Shanghai', '2026-10'],
    ['2026-11-01T00:00:00+08:00', 'Asia/Shanghai', '2026-11'],
    ['2026-12-31T16:00:00.000Z', 'Asia/Shanghai', '2027-01'],
    // UTC.
    ['2026-10-31T23:59:59.999Z', 'UTC', '2026-10'],
    ['2026-11-01T00:00:00Z', 'UTC', '2026-11'],
    ['2026-11-01T07:00:00+08:00', 'UTC', '2026-10'],
    // New York: EDT (UTC-4) until 2026-11-01 02:00 local, EST (UTC-5) after; March switch to EDT.
    ['2026-11-01T03:59:59Z', 'America/New_York', '2026-10'],
    ['2026-11-01T04:00:00Z', 'America/New_York', '2026-11'],
    ['2026-03-01T04:59:59Z', 'America/New_York', '2026-02'],
    ['2026-03-01T05:00:00Z', 'America/New_York', '2026-03'],
    ['2026-04-01T03:59:59Z', 'America/New_York', '2026-03'],
    ['2026-04-01T04:00:00Z', 'America/New_York', '2026-04'],
    // Berlin: CEST (UTC+2) until 2026-10-25, then CET (UTC+1); March 29 switches back to CEST.
    ['2026-10-31T22:59:59Z', 'Europe/Berlin', '2026-10'],
    ['2026-10-31T23:00:00Z', 'Europe/Berlin', '2026-11'],
    ['2026-03-31T21:59:59Z', 'Europe/Berlin', '2026-03'],
    ['2026-03-31T22:00:00Z', 'Europe/Berlin', '2026-04'],
    // Sydney: AEDT (UTC+11) from 2026-10-04; AEST (UTC+10) before.
    ['2026-09-30T13:59:59Z', 'Australia/Sydney', '2026-09'],
    ['2026-09-30T14:00:00Z', 'Australia/Sydney', '2026-10'],
    ['2026-10-31T12:59:59Z', 'Australia/Sydney', '2026-10'],
    ['2026-10-31T13:00:00Z', 'Australia/Sydney', '2026-11'],
  ])('%s in %s is %s', (instant, tz, period) => {
    expect(periodOf(instant, tz)).toBe(period);
  });

  it('defaults to Asia/Shanghai', () => {
    expect(periodOf('2026-10-31T16:00:00Z')).toBe('2026-11');
  });

  it('rejects instants without offset and unknown zones', () => {
    expect(() => periodOf('2026-10-31T16:00:00', 'UTC')).toThrow(RangeError);
    expect(() => periodOf('2026-10-31T16:00:00Z', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => periodOf('2026-10-31T16:00:00Z', '+08:00')).toThrow(RangeError);
  });
});

describe('instants and zones', () => {
  it('accepts ISO date-times with an offset only', () => {
    expect(isInstant('2026-10-05T10:00:00+08:00')).toBe(true);
    expect(isInstant('2026-10-05T10:00Z')).toBe(true);
    expect(isInstant('2026-10-05T10:00:00.123456Z')).toBe(true);
    expect(isInstant('2026-10-05T10:00:00')).toBe(false);
    expect(isInstant('2026-10-05')).toBe(false);
    expect(isInstant('2026-02-30T10:00:00Z')).toBe(false);
    expect(isInstant('2026-10-05T25:00:00Z')).toBe(false);
    expect(isInstant('2026-10-05 10:00:00Z')).toBe(false);
  });

  it('compares instants across offsets', () => {
    expect(compareInstants('2026-10-05T10:00:00+08:00', '2026-10-05T02:00:00Z')).toBe(0);
    expect(compareInstants('2026-10-05T10:00:00+08:00', '2026-10-05T02:00:01Z')).toBe(-1);
  });

  it('validates IANA zones', () => {
    for (const tz of ['Asia/Shanghai', 'UTC', 'America/New_York', 'America/Argentina/Buenos_Aires', 'Etc/GMT+8']) {
      expect(isValidTimeZone(tz)).toBe(true);
    }
    for (const tz of ['Asia/Nowhere', '', 'UTC+8', '+08:00', 'local', 42]) expect(isValidTimeZone(tz)).toBe(false);
  });
});

describe('toMicroseconds', () => {
  it('drops fraction digits past the 6th, so a time stays in its second and its month', () => {
    expect(toMicroseconds('2026-11-30T23:59:59.9999999+08:00')).toBe('2026-11-30T23:59:59.999999+08:00');
    expect(toMicroseconds('2026-11-30T23:59:59.123456789Z')).toBe('2026-11-30T23:59:59.123456Z');
    expect(periodOf(toMicroseconds('2026-11-30T23:59:59.999999999+08:00'), 'Asia/Shanghai')).toBe('2026-11');
    for (const kept of [
      '2026-11-30T23:59:59.999999+08:00',
      '2026-11-30T23:59:59.9Z',
      '2026-11-30T23:59:59Z',
      '2026-11-30T23:59+08:00',
      '2026-11-30T23:59:59.123-14:00',
      '1970-01-01T00:00:00.0000+01:00',
      '1970-01-01T00:00:00.00000+11:00',
    ]) {
      expect(toMicroseconds(kept)).toBe(kept);
    }
  });
});

describe('period arithmetic', () => {
  it('steps across years', () => {
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(nextPeriod('2026-09')).toBe('2026-10');
    expect(previousPeriod('2027-01')).toBe('2026-12');
    expect(previousPeriod('2026-10')).toBe('2026-09');
    expect(() => nextPeriod('2026-13')).toThrow(RangeError);
    expect(isPeriod('2026-00')).toBe(false);
  });

  it('counts the periods a range spans, both ends included', () => {
    expect(periodsSpanned('2026-10', '2026-10')).toBe(1);
    expect(periodsSpanned('2025-11', '2026-10')).toBe(12);
    expect(periodsSpanned('2024-01', '2026-10')).toBe(34);
    expect(periodsSpanned('2026-10', '2026-09')).toBe(0);
  });

  it('gives the bounds of a period in a zone', () => {
    expect(periodStart('2026-11', 'Asia/Shanghai')).toBe('2026-11-01T00:00:00+08:00');
    expect(periodEnd('2026-10', 'America/New_York')).toBe('2026-11-01T00:00:00-04:00');
    expect(periodStart('2026-12', 'America/New_York')).toBe('2026-12-01T00:00:00-05:00');
  });
});

describe('bookingPeriod', () => {
  it('books into the own month when it is open', () => {
    expect(bookingPeriod('2026-10-05T10:00:00+08:00', 'Asia/Shanghai', [])).toEqual({ period: '2026-10' });
    expect(bookingPeriod('2026-11-05T10:00:00+08:00', 'Asia/Shanghai', ['2026-10'])).toEqual({ period: '2026-11' });
  });

  it('moves a late event forward past closed periods and names the period it corrects', () => {
    expect(bookingPeriod('2026-10-31T16:00:00Z', 'Asia/Shanghai', new Set(['2026-10', '2026-11']))).toEqual({
      period: '2026-12',
      correctsPeriod: '2026-11',
    });
    expect(bookingPeriod('2026-10-31T15:00:00Z', 'Asia/Shanghai', ['2026-10'])).toEqual({
      period: '2026-11',
      correctsPeriod: '2026-10',
    });
  });

  it('treats every period up to the latest closed one as closed', () => {
    expect(isPeriodClosed('2026-08', ['2026-10'])).toBe(true);
    expect(bookingPeriod('2026-08-15T00:00:00Z', 'UTC', ['2026-10'])).toEqual({
      period: '2026-11',
      correctsPeriod: '2026-08',
    });
  });
});

describe('instantMillis', () => {
  it('agrees with luxon on instants across offsets, fractions, leap days and years', async () => {
    const { DateTime } = await import('luxon');
    const { instantMillis } = await import('./period.js');
    const samples = [
      '2026-10-05T10:00:00+08:00',
      '2026-10-05T10:00Z',
      '2024-02-29T23:59:59.999-05:30',
      '2000-02-29T00:00:00.5+14:00',
      '1970-01-01T00:00:00Z',
      '0099-12-31T23:59:59+00:00',
      '2026-03-29T02:30:00.123456789+01:00',
    ];
    // luxon reads milliseconds; the engine keeps the microseconds too, as the fraction.
    const micros = (s: string) => (s.endsWith('123456789+01:00') ? 0.456 : 0);
    for (const s of samples)
      expect([s, instantMillis(s)]).toEqual([s, DateTime.fromISO(s, { setZone: true }).toMillis() + micros(s)]);
    for (const s of [
      '2025-02-29T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-10-05T24:00:00Z',
      '2026-10-05T10:60:00Z',
      '2026-10-05T10:00:60Z',
      '2026-10-05T10:00:00+24:00',
    ]) {
      expect(isInstant(s)).toBe(false);
      expect(() => instantMillis(s)).toThrow(RangeError);
    }
  });
});

describe('instants to the microsecond', () => {
  it('orders and tells apart times that differ below the millisecond, whatever the offset', () => {
    const at = (fraction: string, offset = 'Z') => instantMillis(`2026-11-05T00:00:00${fraction}${offset}`);
    expect(at('.000499')).toBeLessThan(at('.0005'));
    expect(at('.000500')).toBe(at('.0005'));
    expect(at('.0005009')).toBe(at('.0005')); // digits past the 6th dropped
    expect(at('.001')).toBeGreaterThan(at('.000999'));
    expect(instantMillis('2026-11-05T08:00:00.000500+08:00')).toBe(at('.0005'));
    expect(at('.5')).toBe(at('.500000'));
    expect(compareInstants('2026-11-05T00:00:00.000100Z', '2026-11-05T00:00:00.000200Z')).toBe(-1);
    // Before the epoch the fraction still counts forward.
    expect(instantMillis('1969-12-31T23:59:59.9995Z')).toBe(-0.5);
    expect(microsPastMillisecond('2026-11-05T00:00:00.5+08:00')).toBe(0);
    expect(microsPastMillisecond('2026-11-05T00:00+08:00')).toBe(0);
    expect(microsPastMillisecond('2026-11-05T00:00:00.123456Z')).toBe(0.456);
  });

  it('keeps the month of the last microsecond before a period starts', () => {
    expect(periodOf('2026-11-30T23:59:59.999999+08:00', 'Asia/Shanghai')).toBe('2026-11');
    expect(periodOf('2026-11-30T16:00:00.000001Z', 'Asia/Shanghai')).toBe('2026-12');
  });
});

describe('periodOf agrees with luxon', () => {
  it('for instants every few hours across two years in many zones', async () => {
    const { DateTime } = await import('luxon');
    const zones = [
      'Asia/Shanghai',
      'UTC',
      'America/New_York',
      'Europe/Berlin',
      'Australia/Sydney',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'Asia/Kathmandu',
      'America/St_Johns',
    ];
    const start = Date.UTC(2025, 11, 25);
    for (const tz of zones) {
      for (let ms = start; ms < start + 2 * 366 * 86_400_000; ms += 7 * 3_600_000 + 13 * 60_000) {
        const iso = new Date(ms).toISOString();
        const expected = DateTime.fromMillis(ms, { zone: tz }).toFormat('yyyy-MM');
        if (periodOf(iso, tz) !== expected) expect([iso, tz, periodOf(iso, tz)]).toEqual([iso, tz, expected]);
      }
      // And exactly at each month start: the last millisecond before it and the first of it.
      for (let p = '2026-01'; p <= '2027-12'; p = nextPeriod(p)) {
        const ms = DateTime.fromISO(`${p}-01T00:00:00`, { zone: tz }).toMillis();
        expect([p, tz, periodOf(new Date(ms).toISOString(), tz), periodOf(new Date(ms - 1).toISOString(), tz)]).toEqual(
          [p, tz, p, previousPeriod(p)],
        );
      }
    }
  });
});
