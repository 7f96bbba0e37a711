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

export function isPeriod(s: unknown): s is Period {
  return typeof s === 'string' && PERIOD_RE.test(s);
}

function assertPeriod(p: string): void {
  if (!isPeriod(p)) throw new RangeError(`not a period (YYYY-MM): ${JSON.stringify(p)}`);
}

/** Whether `s` is an ISO-8601 date-time with an offset that denotes a real instant. */
export function isInstant(s: unknown): s is string {
  return typeof s === 'string' && INSTANT_RE.test(s) && DateTime.fromISO(s, { setZone: true }).isValid;
}

/** Milliseconds since the epoch of an ISO instant (with offset). Throws on anything else. */
export function instantMillis(s: string): number {
  if (!isInstant(s)) throw new RangeError(`not an ISO-8601 date-time with offset: ${JSON.stringify(s)}`);
  return DateTime.fromISO(s, { setZone: true }).toMillis();
}

/** Compares two ISO instants by the moment they denote (offsets may differ). */
export function compareInstants(a: string, b: string): -1 | 0 | 1 {
  const d = instantMillis(a) - instantMillis(b);
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}

/** Whether `tz` is an IANA time-zone name (`Asia/Shanghai`, `UTC`); offsets like `+08:00` are not. */
export function isValidTimeZone(tz: unknown): tz is string {
  return typeof tz === 'string' && /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(tz) && IANAZone.isValidZone(tz);
}

function assertZone(tz: string): void {
  if (!isValidTimeZone(tz)) throw new RangeError(`not an IANA time zone: ${JSON.stringify(tz)}`);
}

/** The period (month in `tz`) that contains the instant. */
export function periodOf(instant: string, tz: string = DEFAULT_BILLING_TZ): Period {
  assertZone(tz);
  if (!isInstant(instant)) throw new RangeError(`not an ISO-8601 date-time with offset: ${JSON.stringify(instant)}`);
  return DateTime.fromISO(instant, { setZone: true }).setZone(tz).toFormat('yyyy-MM');
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

/** Periods compare as strings (`YYYY-MM` sorts chronologically); this validates them too. */
export function comparePeriods(a: Period, b: Period): -1 | 0 | 1 {
  assertPeriod(a);
  assertPeriod(b);
  return a < b ? -1 : a > b ? 1 : 0;
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

/** The year of a period (`2026-10` → `2026`). */
export function periodYear(p: Period): number {
  return parts(p).year;
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
