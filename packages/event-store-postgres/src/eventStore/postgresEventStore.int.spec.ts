import { randomUUID } from 'node:crypto';
import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { DuplicateEventIdError, type NewEvent, WrongExpectedVersionError } from '@reckon/event-store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSE_AT_POSITIONS, PostgresEventStore } from './postgresEventStore.js';
import { MIGRATION_NAMESPACE, migrations } from './schema/migrations.js';

/**
 * What only the PostgreSQL adapter has: migrations, appends that share one transaction when they
 * arrive together, and the test hook inside the append transaction. The port's semantics are
 * checked by the contract suite (test/contract).
 */
const event = (data: Record<string, string> = {}): NewEvent => ({
  eventId: randomUUID(),
  type: 'Probe',
  occurredAt: '2026-10-05T10:00:00+08:00',
  data,
});

describe('PostgresEventStore', () => {
  const db = useTestDatabase('event_store_postgres');
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
  });
  afterAll(async () => store?.close());

  it('applies its migrations once; connecting again applies nothing', async () => {
    const again = await PostgresEventStore.connect(db.url);
    await again.close();
    const pool = createPool(db.url, { max: 1 });
    const applied = await pool.query('SELECT version FROM schema_migrations WHERE namespace = $1 ORDER BY version', [
      MIGRATION_NAMESPACE,
    ]);
    await pool.end();
    expect(applied.rows.map((row) => row.version)).toEqual(migrations.map((m) => m.version));
  });

  it('keeps occurred_at_instant to the microsecond, dropping the digits past it (never rounding into the next second)', async () => {
    const times = [
      '2026-11-30T23:59:59.9999999+08:00',
      '2026-11-30T23:59:59.123456789Z',
      '2026-11-30T23:59:59.5+08:00',
    ];
    const appended = times.map((occurredAt) => ({ ...event(), occurredAt }));
    await store.appendToStream(`instant-${randomUUID()}`, appended);
    const pool = createPool(db.url, { max: 1 });
    const rows = await pool.query(
      `SELECT occurred_at, to_char(occurred_at_instant AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') AS instant
       FROM event_log WHERE event_id = ANY ($1::uuid[]) ORDER BY global_position`,
      [appended.map((e) => e.eventId)],
    );
    await pool.end();
    expect(rows.rows).toEqual([
      { occurred_at: times[0], instant: '2026-11-30 15:59:59.999999' },
      { occurred_at: times[1], instant: '2026-11-30 23:59:59.123456' },
      { occurred_at: times[2], instant: '2026-11-30 15:59:59.500000' },
    ]);
  });

  it('concurrent calls that share a transaction keep their own outcomes: one no_stream append wins', async () => {
    const streamId = `race-${randomUUID()}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: 30 }, () => store.appendToStream(streamId, [event()], { expectedVersion: 'no_stream' })),
    );
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(29);
    for (const { reason } of lost) {
      expect(reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(reason).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
    }
    expect(await store.streamVersion(streamId)).toBe(1);
  });

  it('two transactions creating one stream: the second looks again and sees it (a conflict, or its version)', async () => {
    // The first holds its transaction open after writing the new stream's row; the second, on
    // another connection, finds no row to lock, and its insert of the stream waits for the first.
    let hold: { entered: () => void; released: Promise<void> } | undefined;
    const slow = await PostgresEventStore.connect(db.url, {
      beforeCommit: async () => {
        hold?.entered();
        await hold?.released;
      },
    });
    try {
      for (const expectedVersion of ['no_stream', 'any'] as const) {
        const streamId = `created-twice-${randomUUID()}`;
        let release = () => {};
        const released = new Promise<void>((resolve) => {
          release = resolve;
        });
        const inside = new Promise<void>((entered) => {
          hold = { entered, released };
        });
        const first = slow.appendToStream(streamId, [event()], { expectedVersion: 'no_stream' });
        await inside;
        const second = store.appendToStream(streamId, [event()], { expectedVersion }).then(
          (result) => ({ version: result.streamVersions[streamId] }),
          (error: unknown) => ({ error }),
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        hold = undefined;
        release();
        expect((await first).streamVersions[streamId]).toBe(1);
        if (expectedVersion === 'no_stream') {
          const { error } = (await second) as { error: unknown };
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect(error).toMatchObject({ streamId, expected: 'no_stream', actual: 1 });
        } else {
          expect(await second).toEqual({ version: 2 });
        }
        expect(await store.streamVersion(streamId)).toBe(expectedVersion === 'no_stream' ? 1 : 2);
      }
    } finally {
      await slow.close();
    }
  });

  it('a refused call leaves no row for the streams it would have created', async () => {
    const existing = `refused-${randomUUID()}`;
    const fresh = `refused-new-${randomUUID()}`;
    await store.appendToStream(existing, [event()]);
    await expect(
      store.appendToStreams([
        { streamId: existing, events: [event()], expectedVersion: 0 },
        { streamId: fresh, events: [event()] },
      ]),
    ).rejects.toThrow(WrongExpectedVersionError);
    const pool = createPool(db.url, { max: 1 });
    const rows = await pool.query('SELECT stream_id, version FROM event_streams WHERE stream_id = ANY ($1)', [
      [existing, fresh],
    ]);
    await pool.end();
    expect(rows.rows).toEqual([{ stream_id: existing, version: '1' }]);
  });

  it('concurrent appends to one stream are applied one after another, each with its own version', async () => {
    const streamId = `queue-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 40 }, () => store.appendToStream(streamId, [event()])));
    expect(results.map((result) => result.streamVersions[streamId]).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 40 }, (_, n) => n + 1),
    );
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.streamPosition)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    const positions = results.map((result) => result.lastPosition);
    expect(new Set(positions).size).toBe(40);
    for (const result of results) {
      const stored = read.find((e) => e.globalPosition === result.lastPosition);
      expect(stored?.streamPosition).toBe(result.streamVersions[streamId]);
    }
  });

  it('concurrent appends of one event id: one writes it, the others report a duplicate or a conflict', async () => {
    const same = event({ n: '1' });
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, n) => store.appendToStream(`twin-${n}-${randomUUID()}`, [same])),
    );
    expect(results.filter((result) => result.appended === 1)).toHaveLength(1);
    expect(results.filter((result) => result.duplicates === 1)).toHaveLength(11);
    expect(new Set(results.map((result) => result.lastPosition)).size).toBe(1);

    const other = event({ n: '1' });
    const outcomes = await Promise.allSettled([
      store.appendToStream(`twin-a-${randomUUID()}`, [other]),
      store.appendToStream(`twin-b-${randomUUID()}`, [{ ...other, data: { n: '2' } }]),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    expect(failed?.reason).toBeInstanceOf(DuplicateEventIdError);
  });

  it('numbers the log without gaps, also after failed appends', async () => {
    const before = await store.headPosition();
    const streamId = `gapless-${randomUUID()}`;
    await store.appendToStream(streamId, [event()]);
    await expect(store.appendToStream(streamId, [event()], { expectedVersion: 0 })).rejects.toThrow(
      WrongExpectedVersionError,
    );
    await store.appendToStream(streamId, [event(), event()]);
    const read = await store.readStream(streamId);
    expect(read.map((e) => e.globalPosition)).toEqual([before + 1, before + 2, before + 3]);
  });

  it('runs the beforeCommit hook inside the append transaction, after positions are assigned', async () => {
    const seen: Array<{ head: number; visible: number }> = [];
    const hooked = await PostgresEventStore.connect(db.url, {
      beforeCommit: async () => {
        // Another connection does not see the pending events yet.
        seen.push({ head: await store.headPosition(), visible: (await store.readStream(streamId)).length });
      },
    });
    const streamId = `hooked-${randomUUID()}`;
    try {
      const before = await store.headPosition();
      const result = await hooked.appendToStream(streamId, [event(), event()]);
      expect(seen).toEqual([{ head: before, visible: 0 }]);
      expect(result.lastPosition).toBe(before + 2);
      expect(await store.readStream(streamId)).toHaveLength(2);
    } finally {
      await hooked.close();
    }
  });
});

describe('PostgresEventStore on a new log', () => {
  const db = useTestDatabase('event_store_analyse');

  it('analyses the log tables once its appends pass 2,000 events, so the append function is planned for their size', async () => {
    const store = await PostgresEventStore.connect(db.url);
    const pool = createPool(db.url, { max: 1 });
    const analyses = async () => {
      const result = await pool.query(
        `SELECT coalesce(sum(analyze_count), 0)::int AS manual FROM pg_stat_user_tables
          WHERE relname IN ('event_log', 'event_streams', 'event_links')`,
      );
      return result.rows[0].manual as number;
    };
    try {
      await store.appendToStream(`grow-${randomUUID()}`, [event()]);
      await store.appendToStream(
        `grow-${randomUUID()}`,
        Array.from({ length: ANALYSE_AT_POSITIONS[0] }, () => event()),
      );
      // Statistics are reported by the analysing backend within about a second.
      let seen = 0;
      for (let tries = 0; tries < 50 && seen < 3; tries++) {
        seen = await analyses();
        if (seen < 3) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(seen).toBe(3);
    } finally {
      await store.close();
      await pool.end();
    }
  });
});
