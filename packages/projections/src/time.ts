import {
  type BookingPeriod,
  bookPeriod,
  instantMillis,
  nextPeriod,
  type Period,
  periodStart,
  previousPeriod,
} from '@reckon/domain';

/** Epoch milliseconds of an ISO instant with offset; V8's parser first, the domain's as the judge. */
export function millis(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? instantMillis(iso) : ms;
}

/**
 * Finds the period (month in the billing time zone) of instants quickly: the domain's `periodStart`
 * defines the month boundaries, computed once per month and cached, so that a rebuild does not pay
 * for a time-zone conversion per event.
 */
export class PeriodLocator {
  private readonly starts = new Map<Period, number>();

  constructor(readonly tz: string) {}

  private start(period: Period): number {
    let ms = this.starts.get(period);
    if (ms === undefined) {
      ms = Date.parse(periodStart(period, this.tz));
      this.starts.set(period, ms);
    }
    return ms;
  }

  /** The period containing the instant. */
  periodOf(iso: string): Period {
    const ms = millis(iso);
    const utc = new Date(ms);
    let period = `${String(utc.getUTCFullYear()).padStart(4, '0')}-${String(utc.getUTCMonth() + 1).padStart(2, '0')}`;
    // Time-zone offsets are under a day, so the UTC month is off by at most one.
    for (let step = 0; step < 3; step++) {
      if (ms < this.start(period)) {
        period = previousPeriod(period);
      } else if (ms >= this.start(nextPeriod(period))) {
        period = nextPeriod(period);
      } else {
        return period;
      }
    }
    return period;
  }

  /** The booking period of an event given the periods closed so far (SPEC §3, §4). */
  booking(occurredAt: string, closed: ReadonlySet<Period>): BookingPeriod {
    return bookPeriod(this.periodOf(occurredAt), closed);
  }
}
