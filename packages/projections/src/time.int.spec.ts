import { useTestDatabase } from '@reckon/database/vitest';
import { instantMillis, toMicroseconds } from '@reckon/domain';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { millis } from './time.js';

describe('millis', () => {
  const db = useTestDatabase('projection_time');
  let client: pg.Client;
  beforeAll(async () => {
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => client?.end());

  /**
   * Milliseconds of the instant as PostgreSQL stores it once its digits past the 6th are dropped (a
   * projection writes it so and reads times back so), with its microseconds as the fraction until
   * the year 2248 (`withMicroseconds`), and as the command side reads it.
   */
  const stored = async (iso: string) => {
    const { rows } = await client.query(
      `SELECT floor(extract(epoch FROM $1::timestamptz) * 1000)::text AS ms,
              (extract(epoch FROM $1::timestamptz) * 1000000 - floor(extract(epoch FROM $1::timestamptz) * 1000) * 1000)::text AS micros`,
      [toMicroseconds(iso)],
    );
    const ms = Number(rows[0].ms);
    const expected = Math.abs(ms) < 2 ** 43 ? ms + Number(rows[0].micros) / 1000 : ms;
    expect(instantMillis(iso), iso).toBe(expected);
    return expected;
  };

  it('sees an instant as PostgreSQL stores it and the command side reads it, also with 7 to 9 fraction digits and at the edges of the bounds', async () => {
    for (const iso of [
      '1970-01-01T00:00:00+14:00',
      '9998-12-31T23:59:59.999999999-14:00',
      '2026-11-30T23:59:59.9999999+08:00',
      '2026-01-01T00:00:00.9999995Z',
      '2026-01-01T00:00:00.0000025Z',
      '1969-12-31T23:59:59.9999994+00:00',
    ]) {
      expect(millis(iso), iso).toBe(await stored(iso));
    }
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const instant = fc.record({
      seconds: fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(9998, 11, 31) / 1000 }),
      // Fractions near a millisecond's end, which would carry into the next one if rounded.
      fraction: fc.oneof(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 999_999_000, max: 999_999_999 })),
      digits: fc.integer({ min: 1, max: 9 }),
      offset: fc.integer({ min: -14 * 60, max: 14 * 60 }),
    });
    await fc.assert(
      fc.asyncProperty(instant, async ({ seconds, fraction, digits, offset }) => {
        const base = new Date(seconds * 1000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60), 2)}:${pad(Math.abs(offset) % 60, 2)}`;
        const iso = `${base}.${pad(fraction, 9).slice(0, digits)}${zone}`;
        expect(millis(iso), iso).toBe(await stored(iso));
      }),
      { numRuns: 300 },
    );
  });
});
