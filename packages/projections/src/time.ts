import {
  type BookingPeriod,
  bookPeriod,
  instantMillis,
  isValidTimeZone,
  nextPeriod,
  type Period,
  periodOfMillis,
  periodStartMillis,
  withMicroseconds,
} from '@reckon/domain';

/**
 * Epoch milliseconds of an ISO instant with offset, its microseconds as the fraction, as the
 * domain's `instantMillis` gives them (digits past the 6th dropped, as `toMicroseconds` drops them:
 * never rounded, so a time stays in its second). V8's parser (which drops digits past the 3rd) and
 * the domain's `withMicroseconds` first, the domain's parser as the judge.
 */
export function millis(iso: string): number {
  // An event's occurredAt is asked for by each projection and fold step in turn: the last answer first.
  if (iso === lastIso) return lastMillis;
  const ms = Date.parse(iso);
  lastIso = iso;
  lastMillis = Number.isNaN(ms) ? instantMillis(iso) : withMicroseconds(ms, iso);
  return lastMillis;
}

// Nothing asked yet: an empty string must be parsed (and refused) like any other input.
let lastIso: string | undefined;
let lastMillis = 0;

/**
 * A timestamptz as a cache reads it back (PostgreSQL's text, `9999-01-01 13:59:59.999999+00`:
 * row-cache.ts) as the ISO-8601 instant the domain's functions take (`…T13:59:59.999999+00:00`).
 */
export function isoFromStored(text: string): string {
  const iso = text.replace(' ', 'T');
  return /[+-]\d{2}$/.test(iso) ? `${iso}:00` : iso;
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
