/**
 * The command side's entry point: `planBatch` decides a batch of events against stream snapshots
 * and says what to append where, with the exact versions every stream it read or wrote must still
 * have. Pure: the caller loads snapshots (`need`), appends (`planned`) and retries on a conflict.
 */
import { evolve } from './aggregates/evolve.js';
import type { AggregateState } from './aggregates/state.js';
import { type DecisionContext, decide, firstReads } from './decide/index.js';
import type { DomainEvent } from './events/catalogue.js';
import { Refusal } from './rules.js';

export interface StreamSnapshot {
  streamId: string;
  /** Position of the stream's last event (its own or linked); 0 = the stream does not exist. */
  version: number;
  /** Undefined when the stream does not exist. */
  state: AggregateState | undefined;
}

export type PlannedEvent = DomainEvent | { linkTo: string };

export interface AppendPlan {
  streamId: string;
  /** The version the stream had when the plan first read it (0 = must not exist). */
  expectedVersion: number;
  /** Events to append in order; none for a stream the plan only read (a guard). */
  events: PlannedEvent[];
}

export type PlanResult =
  | { kind: 'need'; streamIds: string[] }
  | { kind: 'refused'; index: number; rule: string; detail: string }
  | { kind: 'planned'; requests: AppendPlan[]; snapshots: StreamSnapshot[] };

class NeedStreams {
  constructor(readonly streamIds: string[]) {}
}

interface Working {
  baseVersion: number;
  version: number;
  state: AggregateState | undefined;
  events: PlannedEvent[];
}

/** The planner's view of the streams: snapshots as loaded, then as the batch so far leaves them. */
class Planning implements DecisionContext {
  readonly streams = new Map<string, Working>();

  constructor(private readonly lookup: (streamId: string) => StreamSnapshot | undefined) {}

  prefetch(streamIds: readonly string[]): void {
    const missing = streamIds.filter((id) => !this.streams.has(id) && this.lookup(id) === undefined);
    if (missing.length > 0) throw new NeedStreams([...new Set(missing)]);
  }

  private entry(streamId: string): Working {
    let w = this.streams.get(streamId);
    if (!w) {
      const snapshot = this.lookup(streamId);
      if (snapshot === undefined) throw new NeedStreams([streamId]);
      w = { baseVersion: snapshot.version, version: snapshot.version, state: snapshot.state, events: [] };
      this.streams.set(streamId, w);
    }
    return w;
  }

  read<S extends AggregateState>(streamId: string): S | undefined {
    return this.entry(streamId).state as S | undefined;
  }

  append(streamId: string, event: DomainEvent): void {
    this.place(streamId, event, event);
  }

  link(streamId: string, event: DomainEvent): void {
    this.place(streamId, event, { linkTo: event.eventId });
  }

  private place(streamId: string, event: DomainEvent, planned: PlannedEvent): void {
    const w = this.entry(streamId);
    w.state = evolve(streamId, w.state, event);
    w.version += 1;
    w.events.push(planned);
  }
}

/**
 * Decides `events` in order, each against the states the earlier ones leave. Returns the streams
 * still to load, the first refusal, or the appends: one request per stream read or written, with
 * the version it had when loaded (read-only streams as zero-event guards). Never mutates the
 * snapshots `lookup` returns.
 */
export function planBatch(
  events: readonly DomainEvent[],
  lookup: (streamId: string) => StreamSnapshot | undefined,
): PlanResult {
  // Ask for every stream the events name directly at once; later rounds fetch what loaded state names.
  const missing = new Set<string>();
  for (const e of events) for (const id of firstReads(e)) if (lookup(id) === undefined) missing.add(id);
  if (missing.size > 0) return { kind: 'need', streamIds: [...missing] };

  const planning = new Planning(lookup);
  for (const [index, event] of events.entries()) {
    try {
      decide(event, planning);
    } catch (error) {
      if (error instanceof NeedStreams) return { kind: 'need', streamIds: error.streamIds };
      if (error instanceof Refusal) return { kind: 'refused', index, rule: error.rule, detail: error.detail };
      throw error;
    }
  }
  const requests: AppendPlan[] = [];
  const snapshots: StreamSnapshot[] = [];
  for (const [streamId, w] of planning.streams) {
    requests.push({ streamId, expectedVersion: w.baseVersion, events: w.events });
    snapshots.push({ streamId, version: w.version, state: w.state });
  }
  return { kind: 'planned', requests, snapshots };
}

/**
 * Folds stored events of a stream (its own and linked ones, in stream order) onto a snapshot, or
 * onto nothing. The version advances by one per event.
 */
export function foldStream(streamId: string, events: readonly DomainEvent[], from?: StreamSnapshot): StreamSnapshot {
  let state = from?.state;
  for (const e of events) state = evolve(streamId, state, e);
  return { streamId, version: (from?.version ?? 0) + events.length, state };
}
