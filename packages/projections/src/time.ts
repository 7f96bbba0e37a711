import {
  type BookingPeriod,
  bookPeriod,
  instantMillis,
  isValidTimeZone,
  type Period,
  periodOfMillis,
} from '@reckon/domain';

/** Epoch milliseconds of an ISO instant with offset; V8's parser first, the domain's as the judge. */
export function millis(iso: string): number {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? instantMillis(iso) : ms;
}

/** Books events into periods (months in the billing time zone) with the domain's rules. */
export class PeriodLocator {
  constructor(readonly tz: string) {
    // The domain's fast month lookup does not check the zone (it runs per event): check it once here.
    if (!isValidTimeZone(tz)) throw new RangeError(`not an IANA time zone: ${JSON.stringify(tz)}`);
  }

  /** The period containing the instant. */
  periodOf(iso: string): Period {
    return periodOfMillis(millis(iso), this.tz);
  }

  /** The booking period of an event given the periods closed so far (SPEC §3, §4). */
  booking(occurredAt: string, closed: ReadonlySet<Period>): BookingPeriod {
    return bookPeriod(this.periodOf(occurredAt), closed);
  }
}
