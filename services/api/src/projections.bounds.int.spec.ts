import { useTestDatabase } from '@reckon/database/vitest';
import { MAX_AMOUNT_INTEGER_DIGITS, MAX_ID_LENGTH, MAX_TEXT_LENGTH } from '@reckon/domain';
import type { NewEvent } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, projectionLag, waitForPosition } from '@reckon/projections';
import {
  ASTRAL,
  type BoundaryProfile,
  boundaryHistory,
  CJK,
  EARLIEST,
  extremeProfile,
  LATEST,
  MAX_AMOUNT,
  minimalProfile,
  missingTypes,
} from '@reckon/projections/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyCommand } from './cli/verify.js';
import { type ReadSideHandle, startReadSide } from './routes/queries/index.js';
import { cliContext } from './testing/cli.js';
import { bearer, openTestApp, type TestApp } from './testing/harness.js';

/**
 * SPEC §1: whatever the engine accepts, every projection can fold. Every event type, in its minimal
 * form and in its extreme-but-valid form (and, in the property, anything in between), goes through
 * POST /v1/events; every projection reaches the head of the log with nothing stopped, and
 * `reckon verify` finds the live read models identical to a replay.
 */
describe('every accepted event folds into every projection', () => {
  const db = useTestDatabase('api_bounds');
  let store: PostgresEventStore;
  let t: TestApp;
  let readSide: ReadSideHandle | undefined;
  /** Periods close in order across the histories of the log. */
  let closed = 0;
  const nextClose = () => {
    const month = closed++;
    return `${1970 + Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
  };

  const start = async () => {
    readSide = await startReadSide({ databaseUrl: db.url, store, billingTimeZone: 'Asia/Shanghai' });
  };
  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    t = await openTestApp(db.url, { processMetrics: false });
    await start();
  });
  afterAll(async () => {
    await readSide?.close();
    await t?.close();
    await store?.close();
  });

  /** Posts the events in batches of a few (bodies stay well under the body limit); the last position. */
  async function post(events: readonly NewEvent[]): Promise<number> {
    let last = 0;
    for (let i = 0; i < events.length; i += 8) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: bearer('admin'),
        payload: { events: events.slice(i, i + 8) },
      });
      expect(res.statusCode, res.body.slice(0, 2000)).toBe(201);
      last = res.json().lastPosition;
    }
    return last;
  }

  /** Every projection at `position`, none stopped (else the lag report says which and why). */
  async function expectFolded(position: number): Promise<void> {
    const pool = readSide!.queries.pool;
    const reached = await waitForPosition(pool, position, 20_000);
    const lag = await projectionLag(pool, store);
    expect(lag.map((l) => ({ projection: l.projection, error: l.error }))).toEqual(
      PROJECTIONS.map((p) => ({ projection: p.name, error: null })),
    );
    expect(reached).toBe(true);
  }

  async function expectVerified(): Promise<void> {
    const ctx = cliContext(db.url, store);
    const code = await verifyCommand(['all', '--wait-seconds', '20'], ctx);
    expect(ctx.stdout.text() + ctx.stderr.text()).toMatch(/^verify: identical: /);
    expect(code).toBe(0);
  }

  it('in their minimal and extreme forms, across a restart of the projections', async () => {
    const minimal = boundaryHistory(minimalProfile('min', { close: nextClose() }));
    const extreme = boundaryHistory(extremeProfile('ext', { close: nextClose() }));
    const again = boundaryHistory(extremeProfile('ext2', { close: nextClose(), pad: ASTRAL, timeZone: 'Etc/GMT+12' }));
    for (const events of [minimal, extreme, again]) expect(missingTypes(events)).toEqual([]);
    expect(extreme.map((e) => e.occurredAt)).toEqual(expect.arrayContaining([EARLIEST, LATEST]));
    expect(JSON.stringify(extreme)).toContain(MAX_AMOUNT);

    await post(minimal);
    const cut = extreme.findIndex((e) => e.type === 'OrderRefunded');
    await expectFolded(await post(extreme.slice(0, cut)));
    // The projections restart (cold caches: what they need is read back from their tables) while
    // the rest arrives.
    await readSide?.close();
    readSide = undefined;
    await post(extreme.slice(cut));
    await start();
    await expectFolded(await post(again));
    await expectVerified();
  });

  it('in any form between (fast-check over generated histories)', async () => {
    const digits = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 });
    const amount = fc
      .record({
        integer: fc.integer({ min: 1, max: MAX_AMOUNT_INTEGER_DIGITS }),
        fraction: fc.integer({ min: 0, max: 8 }),
      })
      .chain(({ integer, fraction }) =>
        fc.tuple(fc.bigInt({ min: 0n, max: 10n ** BigInt(integer) - 1n }), digits(fraction)).map(([i, f]) => {
          const text = fraction === 0 ? `${i}` : `${i}.${String(f).padStart(fraction, '0')}`;
          return Number(text) < 0.02 ? '0.02' : text;
        }),
      );
    // Instants written in the years 1970–9998 with any offset within ±14:00, 0 to 9 fraction digits.
    const instant = fc
      .record({
        local: fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(9999, 0, 1) / 1000 - 1 }),
        offset: fc.integer({ min: -14 * 4, max: 14 * 4 }).map((q) => q * 15),
        fraction: fc.integer({ min: 0, max: 9 }),
      })
      .map(({ local, offset, fraction }) => {
        const written = new Date(local * 1000).toISOString().slice(0, 19);
        const sign = offset < 0 ? '-' : '+';
        const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
        const mm = String(Math.abs(offset) % 60).padStart(2, '0');
        const iso = `${written}${fraction > 0 ? `.${'7'.repeat(fraction)}` : ''}${sign}${hh}:${mm}`;
        return { seconds: local - offset * 60, iso };
      });
    const profile = fc.record({
      idLength: fc.integer({ min: 0, max: MAX_ID_LENGTH }),
      textLength: fc.integer({ min: 1, max: MAX_TEXT_LENGTH }),
      pad: fc.constantFrom('x', CJK, ASTRAL, 'é'),
      optional: fc.boolean(),
      amount,
      times: fc
        .uniqueArray(instant, { minLength: 3, maxLength: 3, selector: (i) => i.seconds })
        .map((list) => list.sort((a, b) => a.seconds - b.seconds).map((i) => i.iso) as [string, string, string]),
      closes: fc.boolean(),
      specDepth: fc.integer({ min: 0, max: 24 }),
      metadataLength: fc.constantFrom(0, 100, 7000),
      timeZone: fc.constantFrom('UTC', 'Asia/Shanghai', 'Pacific/Kiritimati', 'Etc/GMT+12', 'America/St_Johns'),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(profile, async ({ closes, ...drawn }) => {
        run += 1;
        const tag = `p${run}`;
        const p: BoundaryProfile = {
          ...drawn,
          tag,
          rulesVersions: [`${tag}a`, `${tag}b`],
          ...(closes ? { close: nextClose() } : {}),
        };
        await expectFolded(await post(boundaryHistory(p)));
      }),
      { numRuns: 12 },
    );
    await expectVerified();
  });
});
