import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { Random } from './random.js';
import { addPeriods, endOfDayMonthsLater, formatInstant, periodStartSec, startOfLocalDay } from './time.js';

const ZONES = ['Asia/Shanghai', 'Asia/Urumqi', 'Asia/Tokyo', 'America/Los_Angeles', 'Europe/Berlin', 'UTC'];

describe('formatInstant', () => {
  it('matches luxon for random instants in zones with and without DST, including around the switches', () => {
    const rng = new Random('time');
    const from = DateTime.fromISO('2025-12-01T00:00:00Z').toSeconds();
    const instants = [
      ...Array.from({ length: 3000 }, () => from + rng.int(500 * 86_400)),
      // Seconds around the 2026 DST switches of Los Angeles and Berlin.
      ...[
        '2026-03-08T09:59:59Z',
        '2026-03-08T10:00:00Z',
        '2026-11-01T08:59:59Z',
        '2026-11-01T09:00:00Z',
        '2026-03-29T00:59:59Z',
        '2026-03-29T01:00:00Z',
        '2026-10-25T00:59:59Z',
        '2026-10-25T01:00:00Z',
      ].map((s) => DateTime.fromISO(s).toSeconds()),
    ];
    for (const sec of instants) {
      for (const zone of ZONES) {
        const expected = DateTime.fromSeconds(sec, { zone }).toISO({
          suppressMilliseconds: true,
          includeOffset: true,
        })!;
        expect(formatInstant(sec, zone)).toBe(expected.replace(/Z$/, '+00:00'));
      }
    }
  });
});

describe('local calendar arithmetic', () => {
  it('ends a term at 23:59:59 local on the same day of a later month, clamped to the month end', () => {
    const at = DateTime.fromISO('2026-01-31T10:00:00+08:00').toSeconds();
    expect(formatInstant(endOfDayMonthsLater(at, 'Asia/Shanghai', 1), 'Asia/Shanghai')).toBe(
      '2026-02-28T23:59:59+08:00',
    );
    expect(formatInstant(endOfDayMonthsLater(at, 'Asia/Shanghai', 12), 'Asia/Shanghai')).toBe(
      '2027-01-31T23:59:59+08:00',
    );
    const la = DateTime.fromISO('2026-02-15T10:00:00-08:00').toSeconds();
    expect(formatInstant(endOfDayMonthsLater(la, 'America/Los_Angeles', 1), 'America/Los_Angeles')).toBe(
      '2026-03-15T23:59:59-07:00',
    );
  });

  it('finds the start of the local day and of a period', () => {
    const t = DateTime.fromISO('2026-05-05T00:30:00+09:00').toSeconds();
    expect(formatInstant(startOfLocalDay(t, 'Asia/Tokyo'), 'Asia/Tokyo')).toBe('2026-05-05T00:00:00+09:00');
    expect(formatInstant(startOfLocalDay(t, 'Asia/Shanghai'), 'Asia/Shanghai')).toBe('2026-05-04T00:00:00+08:00');
    expect(formatInstant(periodStartSec('2026-03', 'Asia/Shanghai'), 'UTC')).toBe('2026-02-28T16:00:00+00:00');
    expect(addPeriods('2026-11', 3)).toBe('2027-02');
    expect(addPeriods('2026-01', -1)).toBe('2025-12');
  });
});
