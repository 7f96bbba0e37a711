/**
 * Billing periods: the one place months, instants and time zones are turned into each other.
 *
 * A period is a calendar month `YYYY-MM` in the billing time zone. The zone is always passed in
 * (the service reads `RECKON_BILLING_TZ`); this module reads no configuration.
 */
import { DateTime, IANAZone } from 'luxon';

export type Period = string;

export const DEFAULT_BILLING_TZ = 'Asia/Shanghai';

export const PERIOD_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';
const PERIOD_RE = new RegExp(PERIOD_PATTERN);

/**
 * ISO-8601 date-time with a mandatory offset (`Z` or `±hh:mm`): `2026-10-05T10:00:00+08:00`,
 * seconds and up to 9 fraction digits optional. A local time without offset is ambiguous for
 * billing and so rejected.
 */
export const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';
const INSTANT_RE = new RegExp(INSTANT_PATTERN);

/**
 * The engine keeps times to the microsecond, as PostgreSQL's timestamptz does; an instant written
 * with 7 to 9 fraction digits keeps its first 6. Dropped, not rounded (PostgreSQL would round), so
 * that a time stays in its second, and so in its day and billing period: 23:59:59.9999999 on the
 * last day of a month is booked in that month, on the command side and the read side alike (both
 * compare times as epoch milliseconds with the microseconds as the fraction: `withMicroseconds`). `s` is an instant (`isInstant`).
 */
export function toMicroseconds(s: string): string {
  // The fraction starts at index 20 (the year has 4 digits).
  if (s.length < 28 || s.charCodeAt(19) !== 46) return s;
  let end = 20;
  while (isDigitCode(s.charCodeAt(end))) end++;
  return end > 26 ? s.slice(0, 26) + s.slice(end) : s;
}

const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;

export function isPeriod(s: unknown): s is Period {
  return typeof s === 'string' && PERIOD_RE.test(s);
}

function assertPeriod(p: string): void {
  if (!isPeriod(p)) throw new RangeError(`not a period (YYYY-MM): ${JSON.stringify(p)}`);
}

/** The same shape with capture groups, for the hand-written (fast) parser below. */
const INSTANT_PARTS_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const daysIn = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31;

/**
 * Instants parsed lately, by their text: an event's times are validated by the parser, then read
 * again by the decisions, the folds and the projections (an association's `from` at every order
 * of its customer), so each text is parsed once while it is in use. Cleared when full.
 */
const parsedInstants = new Map<string, number>();
const PARSED_INSTANTS_MAX = 50_000;

/**
 * Epoch milliseconds of an ISO instant with offset, or NaN when it is not one or names no real
 * time (February 30, hour 24, offset beyond ±23:59). Parsed by hand: luxon's parser is ~20× slower
 * and this runs for every date field of every event.
 */
function parseInstantMillis(s: string): number {
  if (s.length > 40) return parseInstantUncached(s); // longer than any instant: not kept
  let ms = parsedInstants.get(s);
  if (ms === undefined) {
    ms = parseInstantUncached(s);
    if (parsedInstants.size >= PARSED_INSTANTS_MAX) parsedInstants.clear();
    parsedInstants.set(s, ms);
  }
  return ms;
}

function parseInstantUncached(s: string): number {
  const m = INSTANT_PARTS_RE.exec(s);
  if (!m) return Number.NaN;
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return Number.NaN;
  if (hour > 23 || minute > 59 || second > 59) return Number.NaN;
  let offset = 0;
  if (m[8] !== undefined) {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return Number.NaN;
    offset = (m[8] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute, second, millis);
  return withMicroseconds(utc.getTime() - offset * 60_000, s);
}

/** 2^43 ms (the year 2248): below it a double tells microseconds apart and a fraction never carries. */
const MICROSECOND_RANGE_MS = 2 ** 43;

/**
 * Epoch milliseconds `ms` of the instant written `s`, with the microseconds `s` gives past the
 * millisecond as the fraction, so that times compare to the microsecond, as the engine keeps them
 * (`toMicroseconds`). From the year 2248 on a double cannot hold the fraction exactly (it could
 * round up into the next millisecond, and so into the next day or month): there times compare to the
 * millisecond. The domain's parser and the projections' `millis` both call this.
 */
export function withMicroseconds(ms: number, s: string): number {
  return ms < MICROSECOND_RANGE_MS && ms > -MICROSECOND_RANGE_MS ? ms + microsPastMillisecond(s) : ms;
}

/** The microseconds an instant's text gives past its millisecond (fraction digits 4–6) in milliseconds: 0 ≤ f < 1. */
export function microsPastMillisecond(s: string): number {
  // "YYYY-MM-DDTHH:MM:SS." puts the fraction's digits at 20…; only a fraction of 4 digits or more has any.
  if (s.length < 25 || s.charCodeAt(19) !== 46) return 0;
  if (!isDigitCode(s.charCodeAt(20)) || !isDigitCode(s.charCodeAt(21)) || !isDigitCode(s.charCodeAt(22))) return 0;
  let micros = 0;
  let scale = 100;
  for (let i = 23; i < 26 && isDigitCode(s.charCodeAt(i)); i++) {
    micros += (s.charCodeAt(i) - 48) * scale;
    scale /= 10;
  }
  return micros / 1000;
}

/**
 * SPEC §1 "Bounds": a time is written in the years 1970–9998 with an offset within ±14:00 (the
 * widest any zone uses). The year is the one written, in the time's own offset; so the earliest
 * instant is 1969-12-31T10:00Z and the latest 9999-01-01T13:59:59.999Z, and their months in any
 * billing zone lie in EARLIEST_PERIOD … LATEST_PERIOD.
 */
export const EARLIEST_YEAR = 1970;
export const LATEST_YEAR = 9998;
export const MAX_OFFSET_MINUTES = 14 * 60;
export const EARLIEST_PERIOD: Period = '1969-12';
export const LATEST_PERIOD: Period = '9999-01';

/** The years a booking period can have: those of EARLIEST_PERIOD … LATEST_PERIOD (1969–9999). */
export const EARLIEST_PERIOD_YEAR = Number(EARLIEST_PERIOD.slice(0, 4));
export const LATEST_PERIOD_YEAR = Number(LATEST_PERIOD.slice(0, 4));

/** What puts an ISO instant (already `isInstant`) outside the bounds, or undefined. */
export function instantBoundProblem(s: string): string | undefined {
  const m = INSTANT_PARTS_RE.exec(s);
  if (!m) return undefined;
  const year = Number(m[1]);
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return `must lie in the years ${EARLIEST_YEAR}–${LATEST_YEAR}`;
  if (m[8] !== undefined && Number(m[9]) * 60 + Number(m[10]) > MAX_OFFSET_MINUTES)
    return 'must have an offset within ±14:00';
  return undefined;
}

/** What puts a period (already `isPeriod`) outside the months a bounded time can fall in, or undefined. */
export function periodBoundProblem(p: Period): string | undefined {
  return p < EARLIEST_PERIOD || p > LATEST_PERIOD
    ? `must be a month from ${EARLIEST_PERIOD} to ${LATEST_PERIOD}`
    : undefined;
}

/**
 * What keeps a period from being closed, or undefined: its bounds, and the latest period cannot
 * close (the events it would forward have no later period to be booked into).
 */
export function closablePeriodProblem(p: Period): string | undefined {
  return (
    periodBoundProblem(p) ??
    (p >= LATEST_PERIOD
      ? `must be before ${LATEST_PERIOD}: closing it would leave its events no later period to be booked into`
      : undefined)
  );
}

/** Whether `s` is an ISO-8601 date-time with an offset that denotes a real instant. */
export function isInstant(s: unknown): s is string {
  return typeof s === 'string' && INSTANT_RE.test(s) && !Number.isNaN(parseInstantMillis(s));
}

/**
 * Milliseconds since the epoch of an ISO instant (with offset), its microseconds as the fraction
 * (`withMicroseconds`). Throws on anything else.
 */
export function instantMillis(s: string): number {
  const ms = typeof s === 'string' ? parseInstantMillis(s) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 date-time with offset: ${JSON.stringify(s)}`);
  return ms;
}

/** Compares two ISO instants by the moment they denote (offsets may differ). */
export function compareInstants(a: string, b: string): -1 | 0 | 1 {
  const d = instantMillis(a) - instantMillis(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Whether `tz` is an IANA time-zone name (`Asia/Shanghai`, `UTC`); offsets like `+08:00` are not. */
export function isValidTimeZone(tz: unknown): tz is string {
  if (typeof tz !== 'string') return false;
  let valid = zoneValidity.get(tz);
  if (valid === undefined) {
    valid = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) && IANAZone.isValidZone(tz);
    if (zoneValidity.size < 1000) zoneValidity.set(tz, valid);
  }
  return valid;
}

/** Asking Intl whether a zone exists is slow (it builds a formatter); the answer never changes. */
const zoneValidity = new Map<string, boolean>();

function assertZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`not an IANA time zone: ${JSON.stringify(tz)}`);
}

/** The period (month in `tz`) that contains the instant. */
export function periodOf(instant: string, tz: string = DEFAULT_BILLING_TZ): Period {
  assertZone(tz);
  return periodOfMillis(instantMillis(instant), tz);
}

const HOUR = 3_600_000;

/**
 * The month in `tz` of an epoch instant. Every zone's offset lies within −12 h … +14 h, so the
 * local month is the UTC month of `ms + 14 h` or the one before it, whichever month start in `tz`
 * the instant has passed. Month starts are cached per zone: this runs for every event a
 * projection books, and asking luxon for the local date each time is slow.
 */
export function periodOfMillis(ms: number, tz: string): Period {
  const probe = new Date(ms + 14 * HOUR);
  const p = fromParts(probe.getUTCFullYear(), probe.getUTCMonth() + 1);
  return ms >= periodStartMillis(p, tz) ? p : previousPeriod(p);
}

const monthStarts = new Map<string, number>();

/** Epoch milliseconds of the first instant of the period in `tz` (cached). */
export function periodStartMillis(p: Period, tz: string): number {
  const key = `${tz} ${p}`;
  let start = monthStarts.get(key);
  if (start === undefined) {
    const { year, month } = parts(p);
    start = DateTime.fromObject({ year, month, day: 1 }, { zone: tz }).toMillis();
    if (monthStarts.size > 50_000) monthStarts.clear();
    monthStarts.set(key, start);
  }
  return start;
}

function parts(p: Period): { year: number; month: number } {
  assertPeriod(p);
  return { year: Number(p.slice(0, 4)), month: Number(p.slice(5, 7)) };
}

function fromParts(year: number, month: number): Period {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function nextPeriod(p: Period): Period {
  const { year, month } = parts(p);
  return month === 12 ? fromParts(year + 1, 1) : fromParts(year, month + 1);
}

export function previousPeriod(p: Period): Period {
  const { year, month } = parts(p);
  return month === 1 ? fromParts(year - 1, 12) : fromParts(year, month - 1);
}

/** How many periods `from`…`to` spans, both included (0 or less when `from` is after `to`). */
export function periodsSpanned(from: Period, to: Period): number {
  const index = (p: Period) => {
    const { year, month } = parts(p);
    return year * 12 + month;
  };
  return index(to) - index(from) + 1;
}

/** First instant of the period in `tz`, as ISO with that zone's offset. */
export function periodStart(p: Period, tz: string = DEFAULT_BILLING_TZ): string {
  assertZone(tz);
  const { year, month } = parts(p);
  return DateTime.fromObject({ year, month, day: 1 }, { zone: tz }).toISO({ suppressMilliseconds: true })!;
}

/** First instant after the period in `tz` (the start of the next one); the period is [start, end). */
export function periodEnd(p: Period, tz: string = DEFAULT_BILLING_TZ): string {
  return periodStart(nextPeriod(p), tz);
}

/**
 * The latest closed period, or undefined. Periods close in order, so closing a period means the
 * books are closed through it: every period up to and including it counts as closed.
 */
export function lastClosedPeriod(closed: ReadonlySet<Period> | readonly Period[]): Period | undefined {
  let last: Period | undefined;
  for (const p of closed) if (last === undefined || p > last) last = p;
  return last;
}

/** Whether `p` is closed: it is at or before the latest closed period. */
export function isPeriodClosed(p: Period, closed: ReadonlySet<Period> | readonly Period[]): boolean {
  const last = lastClosedPeriod(closed);
  return last !== undefined && p <= last;
}

/** The first period that is still open. */
export function firstOpenPeriod(closed: ReadonlySet<Period> | readonly Period[]): Period | undefined {
  const last = lastClosedPeriod(closed);
  return last === undefined ? undefined : nextPeriod(last);
}

export interface BookingPeriod {
  period: Period;
  /** The period the event belongs to by its time, when that period was closed and it moved forward. */
  correctsPeriod?: Period;
}

/**
 * The period an event is booked into: the month of its `occurredAt` in the billing time zone,
 * moved forward to the first open period when that month is already closed (the books are closed
 * through the latest closed period); then `correctsPeriod` names the month it belongs to.
 */
export function bookingPeriod(
  occurredAt: string,
  tz: string,
  closed: ReadonlySet<Period> | readonly Period[],
): BookingPeriod {
  return bookPeriod(periodOf(occurredAt, tz), closed);
}

/** `bookingPeriod` for an event whose own period is already known (e.g. a true-up of a period). */
export function bookPeriod(own: Period, closed: ReadonlySet<Period> | readonly Period[]): BookingPeriod {
  assertPeriod(own);
  const last = lastClosedPeriod(closed);
  if (last === undefined || own > last) return { period: own };
  return { period: nextPeriod(last), correctsPeriod: own };
}
