import {
  type BookingPeriod,
  bookPeriod,
  instantMillis,
  isValidTimeZone,
  nextPeriod,
  type Period,
  periodOfMillis,
  periodStartMillis,
} from '@reckon/domain';

const FRACTION = /\.(\d{7,9})(?=Z|[+-]\d{2}:\d{2}$)/;

/** `rint` of C (what PostgreSQL rounds fractional seconds with): to nearest, ties to even. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Epoch milliseconds of an ISO instant with offset, as PostgreSQL keeps it in a timestamptz:
 * microseconds, the 7th to 9th fraction digits rounded off (half to even), so that a time a
 * projection keeps in memory compares exactly like the same time read back from its tables (an
 * association starting at …59.9999995 starts at the next second in both). V8's parser first, the
 * domain's as the judge.
 */
export function millis(iso: string): number {
  // An event's occurredAt is asked for by each projection and fold step in turn: the last answer first.
  if (iso === lastIso) return lastMillis;
  const ms = parseMillis(iso);
  lastIso = iso;
  lastMillis = ms;
  return ms;
}

// Nothing asked yet: an empty string must be parsed (and refused) like any other input.
let lastIso: string | undefined;
let lastMillis = 0;

function parseMillis(iso: string): number {
  const long = FRACTION.exec(iso);
  if (long) {
    // PostgreSQL: `fsec = rint(strtod(".ddddddddd") * 1e6)`; then milliseconds by truncation.
    const micros = rint(Number(`0.${long[1]}`) * 1e6);
    return parseMillis(iso.slice(0, long.index) + iso.slice(long.index + long[0].length)) + Math.floor(micros / 1000);
  }
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? instantMillis(iso) : ms;
}

/** Books events into periods (months in the billing time zone) with the domain's rules. */
export class PeriodLocator {
  constructor(readonly tz: string) {
    // The domain's fast month lookup does not check the zone (it runs per event): check it once here.
    if (!isValidTimeZone(tz)) throw new RangeError(`not an IANA time zone: ${JSON.stringify(tz)}`);
  }

  /** The last period found and its bounds (epoch ms, end exclusive): the log runs mostly in time order. */
  private last: { period: Period; fromMs: number; toMs: number } | undefined;

  /** The period containing the instant (the domain's `periodOfMillis`). */
  periodOf(iso: string): Period {
    const ms = millis(iso);
    const last = this.last;
    if (last !== undefined && ms >= last.fromMs && ms < last.toMs) return last.period;
    const period = periodOfMillis(ms, this.tz);
    this.last = {
      period,
      fromMs: periodStartMillis(period, this.tz),
      toMs: periodStartMillis(nextPeriod(period), this.tz),
    };
    return period;
  }

  /** The booking period of an event given the periods closed so far (SPEC §3, §4). */
  booking(occurredAt: string, closed: ReadonlySet<Period>): BookingPeriod {
    return bookPeriod(this.periodOf(occurredAt), closed);
  }
}
