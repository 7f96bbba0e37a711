/**
 * Child process of the projections bench: fills an empty database with a generated log, routed to
 * streams exactly as `POST /v1/events` and `reckon import` route it (the domain's `planBatch` over
 * folded stream states, one atomic `appendToStreams` per batch with expected versions), but with
 * the states kept in memory instead of re-read, since this process is the log's only writer.
 *
 * argv[2]: JSON {url, events, seed, batchSize}. Progress on stderr; the last stdout line is JSON.
 */
import { type DomainEvent, planBatch, type StreamSnapshot, streamKind } from '@reckon/domain';
import type { AppendRequest, JsonObject, NewEvent } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { generateEvents } from '@reckon/generator';

const { url, events, seed, batchSize } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  events: number;
  seed: number;
  batchSize: number;
};

/** Streams whose state no later event reads: only their "id is new" check needs them, at version 0. */
const WRITE_ONCE = new Set(['charge', 'adjustment', 'refund', 'change', 'allocation', 'reclaim']);
const ACTOR: JsonObject = { kind: 'cli', user: 'bench', command: 'bench-load' };

const snapshots = new Map<string, StreamSnapshot>();
const lookup = (streamId: string): StreamSnapshot =>
  snapshots.get(streamId) ?? { streamId, version: 0, state: undefined };

function toNewEvent(event: DomainEvent): NewEvent {
  return {
    eventId: event.eventId,
    type: event.type,
    version: event.version ?? 1,
    occurredAt: event.occurredAt,
    data: event.data as unknown as JsonObject,
    metadata: { actor: ACTOR },
  };
}

const store = await PostgresEventStore.connect(url, { poolSize: 2 });
const started = Date.now();
let appended = 0;
let lastPosition = 0;
let lastReport = 0;
// Since the last progress line: where the time went (planning grows with the states' size, the
// append with the indexes').
let planMs = 0;
let appendMs = 0;
let reported = 0;
try {
  const append = async (batch: DomainEvent[]) => {
    const planStarted = performance.now();
    const plan = planBatch(batch, lookup);
    planMs += performance.now() - planStarted;
    if (plan.kind !== 'planned') {
      throw new Error(`generated batch not accepted at event ${appended}: ${JSON.stringify(plan).slice(0, 500)}`);
    }
    const requests: AppendRequest[] = plan.requests.map((request) => ({
      streamId: request.streamId,
      expectedVersion: request.expectedVersion,
      events: request.events.map((event) => ('linkTo' in event ? event : toNewEvent(event))),
    }));
    const appendStarted = performance.now();
    const result = await store.appendToStreams(requests, { order: batch.map((event) => event.eventId) });
    appendMs += performance.now() - appendStarted;
    for (const snapshot of plan.snapshots) {
      if (!WRITE_ONCE.has(streamKind(snapshot.streamId))) snapshots.set(snapshot.streamId, snapshot);
    }
    appended += batch.length;
    lastPosition = result.lastPosition;
    if (Date.now() - lastReport > 5000) {
      lastReport = Date.now();
      const rate = Math.round(appended / ((Date.now() - started) / 1000));
      process.stderr.write(
        `  loading: ${appended.toLocaleString('en-GB')}/${events.toLocaleString('en-GB')} (${rate} ev/s; ` +
          `the last ${(appended - reported).toLocaleString('en-GB')}: planning ${Math.round(planMs)} ms, appending ${Math.round(appendMs)} ms)\n`,
      );
      planMs = 0;
      appendMs = 0;
      reported = appended;
    }
  };
  let batch: DomainEvent[] = [];
  for (const event of generateEvents({ events, seed })) {
    batch.push(event);
    if (batch.length >= batchSize) {
      await append(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await append(batch);
} finally {
  await store.close();
}
const seconds = (Date.now() - started) / 1000;
console.log(JSON.stringify({ appended, lastPosition, seconds, streams: snapshots.size }));
