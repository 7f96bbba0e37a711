import { randomUUID } from 'node:crypto';
import { createPool } from '@reckon/database';
import type { NewEvent, StoredEvent } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { type BenchSection, bestOf, type Figure, percentile, perSecond, timed } from './harness.js';

/** An event shaped like the engine's (an order with a few lines, decimal strings, ~450 bytes of JSON). */
function sampleEvent(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'OrderPlaced',
    occurredAt: '2026-10-05T10:00:00.000+08:00',
    data: {
      orderId: `order-${n}`,
      customerId: `customer-${n % 997}`,
      currency: 'EUR',
      lines: [1, 2, 3].map((line) => ({
        sku: `sku-${(n + line) % 113}`,
        productType: 'compute',
        quantity: String(line),
        unitPrice: '12.50',
        amount: (12.5 * line).toFixed(2),
      })),
      total: '75.00',
    },
    metadata: { actor: 'bench', correlationId: randomUUID() },
  };
}

export const batch = (size: number, offset: number) => Array.from({ length: size }, (_, n) => sampleEvent(offset + n));
/** The same events under new ids, so that a repeated run appends instead of finding duplicates. */
const fresh = (events: NewEvent[]) => events.map((event) => ({ ...event, eventId: randomUUID() }));

/** The yardstick: the same rows, one multi-row INSERT per batch into a plain table (no keys, no indexes). */
async function rawInsert(url: string, batches: NewEvent[][]): Promise<{ eps: number }> {
  const pool = createPool(url, { max: 1 });
  try {
    await pool.query(`CREATE TABLE bench_raw_events (
      global_position bigint, event_id uuid, stream_id text, stream_position bigint, type text, version integer,
      occurred_at text, occurred_at_instant timestamptz, recorded_at timestamptz, data jsonb, metadata jsonb)`);
    let position = 0;
    const { ms } = await timed(async () => {
      for (const events of batches) {
        await pool.query(
          `INSERT INTO bench_raw_events
           SELECT $1::bigint + e.ord, e.id, 'raw-stream', e.ord, e.type, e.version, e.occurred_at, e.occurred_at::timestamptz,
                  clock_timestamp(), e.data, e.metadata
           FROM unnest($2::uuid[], $3::text[], $4::integer[], $5::text[], $6::jsonb[], $7::jsonb[])
             WITH ORDINALITY AS e(id, type, version, occurred_at, data, metadata, ord)`,
          [
            position,
            events.map((e) => e.eventId),
            events.map((e) => e.type),
            events.map((e) => e.version ?? 1),
            events.map((e) => e.occurredAt),
            events.map((e) => JSON.stringify(e.data)),
            events.map((e) => JSON.stringify(e.metadata ?? {})),
          ],
        );
        position += events.length;
      }
    });
    await pool.query('DROP TABLE bench_raw_events');
    return { eps: perSecond(position, ms) };
  } finally {
    await pool.end();
  }
}

export async function appendBatches(
  store: PostgresEventStore,
  batches: NewEvent[][],
  prefix: string,
): Promise<{ eps: number }> {
  let count = 0;
  const prepared = batches.map(fresh);
  const { ms } = await timed(async () => {
    for (const [n, events] of prepared.entries()) {
      await store.appendToStream(`${prefix}-${n % 10}`, events);
      count += events.length;
    }
  });
  return { eps: perSecond(count, ms) };
}

/**
 * Calls as the command side makes them: the events into their own stream and a link to each in a
 * second stream (an order into its customer's, a voucher's use into the voucher's), all in one call.
 */
async function appendLinked(store: PostgresEventStore, batches: NewEvent[][], prefix: string) {
  const latencies: number[] = [];
  let count = 0;
  const prepared = batches.map(fresh);
  const { ms } = await timed(async () => {
    for (const [n, events] of prepared.entries()) {
      const started = performance.now();
      await store.appendToStreams([
        { streamId: `${prefix}-${n}`, events },
        { streamId: `${prefix}-linked-${n % 10}`, events: events.map((event) => ({ linkTo: event.eventId })) },
      ]);
      latencies.push(performance.now() - started);
      count += events.length;
    }
  });
  return { eps: perSecond(count, ms), p50: Number(percentile(latencies, 50).toFixed(2)) };
}

/**
 * `writers` concurrent writers, each appending one event per call for `durationMs`, through one
 * shared store (one process: its appends are grouped) or one store each (like separate processes).
 */
async function appendSingles(stores: PostgresEventStore | PostgresEventStore[], writers: number, durationMs: number) {
  const latencies: number[] = [];
  let count = 0;
  const until = performance.now() + durationMs;
  const { ms } = await timed(() =>
    Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        let n = 0;
        while (performance.now() < until) {
          const started = performance.now();
          const store = Array.isArray(stores) ? stores[w % stores.length]! : stores;
          await store.appendToStream(`single-${w}-${n % 50}`, [sampleEvent(n)]);
          latencies.push(performance.now() - started);
          n += 1;
          count += 1;
        }
      }),
    ),
  );
  return { eps: perSecond(count, ms), p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function logSizeMb(url: string): Promise<number> {
  const pool = createPool(url, { max: 1 });
  try {
    const result = await pool.query<{ bytes: string }>(`SELECT pg_total_relation_size('event_log') AS bytes`);
    return Math.round(Number(result.rows[0]!.bytes) / 1_048_576);
  } finally {
    await pool.end();
  }
}

async function readAllRate(store: PostgresEventStore): Promise<{ eps: number; events: number }> {
  let events = 0;
  const { ms } = await timed(async () => {
    for await (const page of store.readAll({ batchSize: 1000 })) events += page.length;
  });
  return { eps: perSecond(events, ms), events };
}

/**
 * Lag from an event being recorded (its `recordedAt`, set under the log lock just before commit) to a
 * live subscriber holding it, while 4 writers append single events at about 400 per second.
 */
async function subscribeLag(store: PostgresEventStore, durationMs: number) {
  const lags: number[] = [];
  const from = await store.headPosition();
  const subscription = store.subscribeToAll({
    fromPosition: from,
    handler: async (events: StoredEvent[]) => {
      const now = Date.now();
      for (const event of events) lags.push(now - Date.parse(event.recordedAt));
    },
  });
  let appended = 0;
  const until = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: 4 }, async (_, w) => {
      while (performance.now() < until) {
        await store.appendToStream(`lag-${w}`, [sampleEvent(appended++)]);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }),
  );
  const deadline = Date.now() + 5000;
  while (lags.length < appended && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await subscription.stop();
  return { p50: percentile(lags, 50), p99: percentile(lags, 99), max: Math.max(...lags), events: lags.length };
}

export const eventStoreBench: BenchSection = {
  name: 'event store (PostgreSQL adapter)',
  async run({ url, log }) {
    const figures: Figure[] = [];
    const add = (key: string, value: number, unit: string, label: string) => {
      figures.push({ key, value, unit, label });
      log(`  ${label}: ${value} ${unit}`);
    };

    const RUNS = 3;
    const batches1000 = Array.from({ length: 15 }, (_, n) => batch(1000, n * 1000));
    const batches100 = Array.from({ length: 60 }, (_, n) => batch(100, n * 100));
    const store = await PostgresEventStore.connect(url, { poolSize: 12 });
    try {
      // Warm-up (catalogue, WAL segments, prepared statements), then yardstick and append in turns,
      // so that a busy moment of the machine hits both alike.
      await rawInsert(url, batches1000.slice(0, 5));
      await appendBatches(store, batches1000.slice(0, 5), 'warmup');
      let raw = { eps: 0 };
      let append1000 = { eps: 0 };
      for (let run = 0; run < RUNS; run++) {
        const rawRun = await rawInsert(url, batches1000);
        if (rawRun.eps > raw.eps) raw = rawRun;
        const appendRun = await appendBatches(store, batches1000, 'batch1000');
        if (appendRun.eps > append1000.eps) append1000 = appendRun;
      }
      add('raw_insert_batch1000_eps', raw.eps, 'events/s', 'raw INSERT, 1000 rows/statement');
      add('append_batch1000_eps', append1000.eps, 'events/s', 'append, 1000 events/call');
      add(
        'append_batch1000_vs_raw',
        Number((append1000.eps / raw.eps).toFixed(2)),
        'ratio',
        'append 1000 / raw INSERT 1000',
      );
      const append100 = await bestOf(RUNS, () => appendBatches(store, batches100, 'batch100'));
      add('append_batch100_eps', append100.eps, 'events/s', 'append, 100 events/call');

      const linked1000 = await bestOf(RUNS, () => appendLinked(store, batches1000, 'linked1000'));
      add('append_linked_batch1000_eps', linked1000.eps, 'events/s', 'append, 1000 events + a link to each/call');
      const singles = Array.from({ length: 500 }, (_, n) => batch(1, n));
      const linkedSingle = await bestOf(RUNS, () => appendLinked(store, singles, 'linked1'));
      add('append_linked_single_ms', linkedSingle.p50, 'ms', 'append, 1 event + a link to it/call, p50');

      const one = await bestOf(RUNS, () => appendSingles(store, 1, 2000));
      add('append_single_1writer_eps', one.eps, 'events/s', 'append, 1 event/call, 1 writer');
      add('append_single_1writer_latency_ms_p50', one.p50, 'ms', '  its latency p50');
      const eight = await bestOf(RUNS, () => appendSingles(store, 8, 3000));
      add('append_single_8writers_eps', eight.eps, 'events/s', 'append, 1 event/call, 8 writers');
      add('append_single_8writers_latency_ms_p50', eight.p50, 'ms', '  its latency p50');
      add('append_single_8writers_latency_ms_p99', eight.p99, 'ms', '  its latency p99');
      const separate = await Promise.all(
        Array.from({ length: 8 }, () => PostgresEventStore.connect(url, { poolSize: 1 })),
      );
      try {
        const apart = await bestOf(RUNS, () => appendSingles(separate, 8, 3000));
        add('append_single_8stores_eps', apart.eps, 'events/s', 'append, 1 event/call, 8 stores (no grouping)');
      } finally {
        await Promise.all(separate.map((other) => other.close()));
      }

      // The first read after bulk writes also sets the rows' hint bits (a one-off write PostgreSQL
      // does on first visit, or autovacuum does earlier); later reads, e.g. projection rebuilds, do not.
      const cold = await readAllRate(store);
      add('read_all_events', cold.events, 'events', 'log size read by readAll');
      add('read_all_log_mb', await logSizeMb(url), 'MB', 'event_log size with its indexes');
      add('read_all_first_pass_eps', cold.eps, 'events/s', 'readAll, first pass after the writes');
      const warm = await bestOf(RUNS, () => readAllRate(store));
      add('read_all_batch1000_eps', warm.eps, 'events/s', 'readAll, batches of 1000');

      const lag = await subscribeLag(store, 4000);
      add('subscribe_lag_ms_p50', lag.p50, 'ms', 'subscriber lag from recordedAt, p50');
      add('subscribe_lag_ms_p99', lag.p99, 'ms', 'subscriber lag from recordedAt, p99');
      add('subscribe_lag_ms_max', lag.max, 'ms', 'subscriber lag from recordedAt, max');
    } finally {
      await store.close();
    }
    return figures;
  },
};
