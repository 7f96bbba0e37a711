/**
 * One-pass planning (`BatchPlanner`) decides exactly as the planner it replaced (kept as
 * `referencePlanBatch`, which restarts the batch each time it needs a stream): on generated
 * histories, cut into batches and disturbed (events dropped, swapped, repeated under a new id,
 * amounts inflated) so that refusals of many rules occur, both give the same plan or the same
 * refusal (index, rule, detail), and the one-pass planner never reads a stream `readsOf` did not declare.
 */
import {
  BatchPlanner,
  type DomainEvent,
  type PlanResult,
  parseEventOrThrow,
  type StreamSnapshot,
} from '@reckon/domain';
import { InMemoryLog, referencePlanBatch } from '@reckon/domain/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateEvents } from './generate.js';

type Mutation =
  | { kind: 'drop'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'repeat'; at: number; by: number }
  | { kind: 'inflate'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), by: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('inflate' as const), at: fc.nat() }),
);

function withEventId(event: DomainEvent, eventId: string): DomainEvent {
  return parseEventOrThrow({ ...JSON.parse(JSON.stringify(event)), eventId });
}

function disturb(events: DomainEvent[], mutations: readonly Mutation[], seed: number): DomainEvent[] {
  const out = [...events];
  let n = 0;
  for (const m of mutations) {
    if (out.length < 2) break;
    const at = m.at % out.length;
    switch (m.kind) {
      case 'drop':
        out.splice(at, 1);
        break;
      case 'swap':
        if (at + 1 < out.length) [out[at], out[at + 1]] = [out[at + 1]!, out[at]!];
        break;
      case 'repeat':
        // The same business ids under a new event id: a second create, refund or charge.
        out.splice(Math.min(out.length, at + m.by), 0, withEventId(out[at]!, idFor(seed, n++)));
        break;
      case 'inflate': {
        const raw = JSON.parse(JSON.stringify(out[at]!));
        if (typeof raw.data.amount !== 'string' || raw.data.amount.startsWith('-')) break;
        raw.data.amount = (Number(raw.data.amount) * 7 + 1000).toFixed(2);
        if (typeof raw.data.listAmount === 'string') raw.data.listAmount = raw.data.amount;
        out[at] = parseEventOrThrow(raw);
        break;
      }
    }
  }
  return out;
}

function idFor(seed: number, n: number): string {
  const hex = (seed * 1000 + n).toString(16).padStart(12, '0').slice(-12);
  return `00000000-0000-4000-8000-${hex}`;
}

/** The reference: restart from the first event each time a stream is missing. */
function referencePlan(log: InMemoryLog, events: readonly DomainEvent[]): PlanResult {
  const loaded = new Map<string, StreamSnapshot>();
  for (let round = 0; round < 50; round++) {
    const result = referencePlanBatch(events, (id) => loaded.get(id));
    if (result.kind !== 'need') return result;
    for (const id of result.streamIds) loaded.set(id, log.snapshot(id));
  }
  throw new Error('the reference planner kept asking');
}

function onePassPlan(log: InMemoryLog, events: readonly DomainEvent[]): { result: PlanResult; planner: BatchPlanner } {
  const loaded = new Map<string, StreamSnapshot>();
  const planner = new BatchPlanner(events, (id) => loaded.get(id));
  for (let round = 0; round < 50; round++) {
    const result = planner.next();
    if (result.kind !== 'need') return { result, planner };
    for (const id of result.streamIds) {
      expect(loaded.has(id), `asked again for ${id}`).toBe(false);
      loaded.set(id, log.snapshot(id));
    }
  }
  throw new Error('the one-pass planner kept asking');
}

function apply(log: InMemoryLog, events: readonly DomainEvent[], plan: Extract<PlanResult, { kind: 'planned' }>): void {
  for (const e of events) log.byId.set(e.eventId, e);
  for (const r of plan.requests) {
    const stream = log.streams.get(r.streamId) ?? [];
    expect(stream.length).toBe(r.expectedVersion);
    for (const e of r.events) stream.push('linkTo' in e ? log.byId.get(e.linkTo)! : e);
    if (stream.length > 0) log.streams.set(r.streamId, stream);
  }
}

describe('one-pass planning decides as the restarting planner did', () => {
  it('on generated, disturbed histories cut into batches: same plans, same refusals, same rules and indexes', () => {
    const rulesSeen = new Set<string>();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 60, max: 260 }),
        fc.integer({ min: 1, max: 80 }),
        fc.array(mutation, { maxLength: 25 }),
        (seed, count, batchSize, mutations) => {
          const generated = [...generateEvents({ events: count, seed, months: 3 })].map((e) =>
            parseEventOrThrow(JSON.parse(JSON.stringify(e))),
          );
          const events = disturb(generated, mutations, seed);
          const log = new InMemoryLog();
          for (let start = 0; start < events.length; start += batchSize) {
            let batch = events.slice(start, start + batchSize);
            while (batch.length > 0) {
              const expected = referencePlan(log, batch);
              const { result, planner } = onePassPlan(log, batch);
              expect(planner.undeclaredReads).toBe(0);
              expect(result).toEqual(expected);
              if (result.kind === 'planned') {
                apply(log, batch, result);
                break;
              }
              if (result.kind !== 'refused') throw new Error('unreachable');
              rulesSeen.add(result.rule);
              // Leave the refused event out and plan the rest again, as an import does line by line.
              batch = batch.filter((_, i) => i !== result.index);
            }
          }
        },
      ),
      { numRuns: 40 },
    );
    // The disturbances reach several invariants, not only one kind of refusal.
    expect(rulesSeen.size).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
