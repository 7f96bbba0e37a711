/**
 * Given / when / then for the command side, over an in-memory log: `given` events are planned and
 * appended like the service would (loading streams on `need`, checking expected versions), `when`
 * plans a batch, and the result says planned or refused with a rule.
 */
import type { DomainEvent, EventDataMap, EventType } from '../events/catalogue.js';
import { parseEventOrThrow } from '../events/parse.js';
import { foldStream, type PlanResult, planBatch, type StreamSnapshot } from '../plan.js';

export class InMemoryLog {
  readonly streams = new Map<string, DomainEvent[]>();
  readonly byId = new Map<string, DomainEvent>();

  snapshot(streamId: string): StreamSnapshot {
    return foldStream(streamId, this.streams.get(streamId) ?? []);
  }

  /** Plans the batch, loading streams as asked, and appends it if planned. */
  plan(events: readonly DomainEvent[]): PlanResult {
    const loaded = new Map<string, StreamSnapshot>();
    for (let round = 0; round < 20; round++) {
      const result = planBatch(events, (id) => loaded.get(id));
      if (result.kind !== 'need') return result;
      for (const id of result.streamIds) {
        if (loaded.has(id)) throw new Error(`asked twice for ${id}`);
        loaded.set(id, this.snapshot(id));
      }
    }
    throw new Error('planBatch kept asking');
  }

  append(events: readonly DomainEvent[]): PlanResult {
    const result = this.plan(events);
    if (result.kind !== 'planned') return result;
    for (const r of result.requests) {
      const version = this.streams.get(r.streamId)?.length ?? 0;
      if (version !== r.expectedVersion) throw new Error(`${r.streamId}: expected ${r.expectedVersion}, is ${version}`);
    }
    for (const e of events) this.byId.set(e.eventId, e);
    for (const r of result.requests) {
      const stream = this.streams.get(r.streamId) ?? [];
      for (const e of r.events) stream.push('linkTo' in e ? this.byId.get(e.linkTo)! : e);
      if (stream.length > 0) this.streams.set(r.streamId, stream);
    }
    return result;
  }
}

/** An event of `type` with `data`, validated by `parseEvent` (so tests only use valid events). */
export function event<K extends EventType>(
  type: K,
  data: EventDataMap[K],
  occurredAt = '2026-10-05T10:00:00+08:00',
): DomainEvent<K> {
  return parseEventOrThrow({ eventId: crypto.randomUUID(), type, version: 1, occurredAt, data }) as DomainEvent<K>;
}

export interface Then {
  result: PlanResult;
  log: InMemoryLog;
}

/** Appends `given` one by one (each must be accepted), then plans `when` as one batch. */
export function givenWhen(given: readonly DomainEvent[], when: readonly DomainEvent[]): Then {
  const log = new InMemoryLog();
  for (const [i, e] of given.entries()) {
    const r = log.append([e]);
    if (r.kind !== 'planned') throw new Error(`given event ${i} (${e.type}) was not accepted: ${JSON.stringify(r)}`);
  }
  return { result: log.plan(when), log };
}
