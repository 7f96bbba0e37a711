/**
 * Time while generating: instants are whole seconds since the epoch (events carry second
 * precision), rendered as ISO-8601 with the offset of a time zone only when written. Zone offsets
 * come from luxon once per zone and month and are cached, because a luxon call per event would
 * dominate the cost of a million events.
 */
import { periodStartMillis } from '@reckon/domain';
import { IANAZone } from 'luxon';

export const HOUR = 3600;
export const DAY = 86_400;

/**
 * A zone's offsets over one UTC calendar month: `before` until `switchAt`, `after` from then on.
 * Time zones change offset at most once a month (DST), so this is exact for them.
 */
interface MonthOffsets {
  start: number;
  end: number;
  before: number;
  switchAt: number;
  after: number;
}

interface ZoneOffsets {
  zone: IANAZone;
  months: Map<number, MonthOffsets>;
  last?: MonthOffsets;
}

const zones = new Map<string, ZoneOffsets>();

function monthOffsets(z: IANAZone, sec: number): MonthOffsets {
  const d = new Date(sec * 1000);
  const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) / 1000;
  const end = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
  const before = z.offset(start * 1000);
  const after = z.offset((end - 1) * 1000);
  let switchAt = end;
  if (before !== after) {
    // Binary search for the first second with the new offset.
    let lo = start;
    let hi = end - 1;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (z.offset(mid * 1000) === before) lo = mid + 1;
      else hi = mid;
    }
    switchAt = lo;
  }
  return { start, end, before, switchAt, after };
}

/** Offset of `zone` from UTC at the instant, in minutes (`+08:00` → 480). */
export function offsetMinutes(zone: string, sec: number): number {
  let z = zones.get(zone);
  if (!z) {
    const iana = IANAZone.create(zone);
    if (!iana.isValid) throw new RangeError(`not an IANA time zone: ${zone}`);
    z = { zone: iana, months: new Map() };
    zones.set(zone, z);
  }
  let m = z.last;
  if (!m || sec < m.start || sec >= m.end) {
    const d = new Date(sec * 1000);
    const key = d.getUTCFullYear() * 12 + d.getUTCMonth();
    m = z.months.get(key);
    if (!m) {
      m = monthOffsets(z.zone, sec);
      z.months.set(key, m);
    }
    z.last = m;
  }
  return sec < m.switchAt ? m.before : m.after;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

const suffixes = new Map<number, string>();

/** `+08:00` for 480. */
function offsetSuffix(minutes: number): string {
  let s = suffixes.get(minutes);
  if (s === undefined) {
    const a = Math.abs(minutes);
    s = `${minutes < 0 ? '-' : '+'}${two(Math.floor(a / 60))}:${two(a % 60)}`;
    suffixes.set(minutes, s);
  }
  return s;
}

// The date part of the last local day formatted: consecutive events mostly fall on the same day.
let lastDay = Number.NaN;
let lastDate = '';

/** `2026-10-05T10:00:00+08:00`: the instant as wall time in `zone`, with that zone's offset. */
export function formatInstant(sec: number, zone: string): string {
  const off = offsetMinutes(zone, sec);
  const local = sec + off * 60;
  const day = Math.floor(local / DAY);
  if (day !== lastDay) {
    lastDay = day;
    lastDate = new Date(day * DAY * 1000).toISOString().slice(0, 11);
  }
  const t = local - day * DAY;
  const h = Math.floor(t / HOUR);
  const m = Math.floor((t % HOUR) / 60);
  return `${lastDate}${two(h)}:${two(m)}:${two(t % 60)}${offsetSuffix(off)}`;
}

/** The instant of a wall time (seconds of a UTC-based calendar) in `zone`. */
export function fromLocal(localSec: number, zone: string): number {
  const guess = localSec - offsetMinutes(zone, localSec) * 60;
  return localSec - offsetMinutes(zone, guess) * 60;
}

/** Wall time of the instant in `zone`, as seconds of a UTC-based calendar. */
export function toLocal(sec: number, zone: string): number {
  return sec + offsetMinutes(zone, sec) * 60;
}

/** Start of the local day (in `zone`) that contains the instant. */
export function startOfLocalDay(sec: number, zone: string): number {
  const local = toLocal(sec, zone);
  return fromLocal(local - (((local % DAY) + DAY) % DAY), zone);
}

/**
 * 23:59:59 local time, `months` calendar months after the local day of the instant (day clamped to
 * the month's length, as a monthly subscription bought on 31 January expires on 28 February).
 */
export function endOfDayMonthsLater(sec: number, zone: string, months: number): number {
  const d = new Date(toLocal(sec, zone) * 1000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return fromLocal(Date.UTC(y, m, day, 23, 59, 59) / 1000, zone);
}

/** `YYYY-MM` → year and month (1–12). */
export function parsePeriod(period: string): { year: number; month: number } {
  const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (!m) throw new RangeError(`not a period (YYYY-MM): ${JSON.stringify(period)}`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

/** The period `offset` months after `period`. */
export function addPeriods(period: string, offset: number): string {
  const { year, month } = parsePeriod(period);
  const index = year * 12 + (month - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${two((index % 12) + 1)}`;
}

/** First instant of the period in `zone` (the domain's own period bound, in seconds). */
export function periodStartSec(period: string, zone: string): number {
  return periodStartMillis(period, zone) / 1000;
}
