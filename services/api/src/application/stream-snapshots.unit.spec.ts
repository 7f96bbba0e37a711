import { createHash } from 'node:crypto';
import { type DomainEvent, EXAMPLES, parseEvent, planBatch, STATE_SHAPE, type StreamSnapshot } from '@reckon/domain';
import { canonicalJson, type JsonValue } from '@reckon/event-store';
import { generateEvents } from '@reckon/generator';
import { describe, expect, it } from 'vitest';

/**
 * The states a generated history folds to, as one hash. Stored snapshots are used only under the
 * `STATE_SHAPE` they were made with, so a change to what a state holds must raise it: this test
 * fails on any such change until the fingerprint below is recorded again, with the shape raised.
 */
const FINGERPRINT = { shape: 1, sha256: 'ab194fb3ba898185f6225a10525826d5bc867c5b8b451fcf7cef2725b330eefa' };

/** The states `events` fold to, planned `batchSize` at a time as the command side plans them. */
function foldedStates(events: Iterable<DomainEvent>, batchSize: number): Map<string, StreamSnapshot> {
  const states = new Map<string, StreamSnapshot>();
  const lookup = (streamId: string) => states.get(streamId) ?? { streamId, version: 0, state: undefined };
  let batch: DomainEvent[] = [];
  const plan = () => {
    const result = planBatch(batch, lookup);
    if (result.kind !== 'planned') throw new Error(`generated batch refused: ${JSON.stringify(result).slice(0, 300)}`);
    for (const snapshot of result.snapshots) states.set(snapshot.streamId, snapshot);
    batch = [];
  };
  for (const event of events) {
    batch.push(event);
    if (batch.length === batchSize) plan();
  }
  if (batch.length > 0) plan();
  return states;
}

/** A generated history (every kind of stream but statements), and the examples (one of every event type). */
function histories(): Map<string, StreamSnapshot>[] {
  const examples = EXAMPLES.map((example) => {
    const parsed = parseEvent(example);
    if (!parsed.ok) throw new Error(`example ${example.type} does not parse`);
    return parsed.event;
  });
  return [foldedStates(generateEvents({ events: 6_000, seed: 11 }), 200), foldedStates(examples, 1)];
}

describe('stored snapshots: the shape of the folded states', () => {
  it('are plain JSON: each state comes back from its stored text as it was', () => {
    for (const states of histories()) {
      for (const { state } of states.values()) {
        expect(JSON.parse(JSON.stringify(state ?? null))).toStrictEqual(state ?? null);
      }
    }
  });

  it('is the recorded one (raise STATE_SHAPE in packages/domain/src/plan.ts when a state changes)', () => {
    const hash = createHash('sha256');
    const [generated, examples] = histories();
    for (const states of [generated!, examples!]) {
      for (const id of [...states.keys()].sort()) {
        const { version, state } = states.get(id)!;
        hash.update(`${id}\t${version}\t${canonicalJson((state ?? null) as unknown as JsonValue)}\n`);
      }
    }
    expect(generated!.size).toBeGreaterThan(1_000);
    expect([...examples!.keys()].some((id) => id.startsWith('statement-'))).toBe(true);
    expect(
      { shape: STATE_SHAPE, sha256: hash.digest('hex') },
      'the folded states changed: if on purpose, raise STATE_SHAPE and record the new fingerprint here',
    ).toEqual(FINGERPRINT);
  });
});
