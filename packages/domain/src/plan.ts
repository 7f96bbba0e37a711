/**
 * The command side's entry point: a batch of events is decided in one pass, in order, each against
 * the states the earlier ones leave, and the plan says what to append where, with the exact versions
 * every stream it read or wrote must still have. Pure: the caller loads the snapshots the planner
 * names (`need`), appends (`planned`) and re-plans only when the store reports a version conflict.
 *
 * The streams an event reads are declared (`readsOf`), so loading goes in rounds over the whole
 * batch: everything the events name, then what the loaded states name in turn, each round one read
 * of many streams for the caller. Planning resumes at the event that waited, never from the start.
 */
import { evolve } from './aggregates/evolve.js';
import type { AggregateState } from './aggregates/state.js';
import { type DecisionContext, decide, type ReadView, readsOf } from './decide/index.js';
import { checkPartnerScope, OutOfScope } from './decide/scope.js';
import type { DomainEvent } from './events/catalogue.js';
import { Refusal } from './rules.js';

export interface StreamSnapshot {
  streamId: string;
  /** Position of the stream's last event (its own or linked); 0 = the stream does not exist. */
  version: number;
  /** Undefined when the stream does not exist. */
  state: AggregateState | undefined;
}

/**
 * The shape of the folded states (`aggregates/state.ts`) and of what `evolve` makes of each event.
 * Snapshots kept outside the process (the command side's stored snapshots) are used only when they
 * were made under the same shape: raise it whenever a state gains, loses or changes a field, or a
 * fold changes what a state holds after some event. The fingerprint test of the stored snapshots
 * (`services/api/src/application/stream-snapshots.unit.spec.ts`) fails until it is raised.
 */
export const STATE_SHAPE = 1;

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
  /** A partner's action outside its scope (SPEC §6), judged before any invariant. */
  | { kind: 'forbidden'; index: number; detail: string }
  | { kind: 'planned'; requests: AppendPlan[]; snapshots: StreamSnapshot[] };

interface Working {
  baseVersion: number;
  version: number;
  state: AggregateState | undefined;
  events: PlannedEvent[];
}

/** A decision read a stream `readsOf` did not declare (a gap in `readsOf`): load it and decide that event again. */
class UndeclaredRead {
  constructor(readonly streamId: string) {}
}

export interface PlanOptions {
  /** The events are a partner's own actions: each must be within its scope (SPEC §6). */
  asPartner?: string;
}

/**
 * Plans one batch. `lookup` gives the snapshots loaded so far (undefined: not loaded); `next()`
 * decides on from the first undecided event until the batch is planned, an event is refused, or an
 * event needs a stream not loaded. Then it names the streams missing for that event and for the
 * rest of the batch, as far as the states known now tell; once the caller has loaded them (so that
 * `lookup` returns them), `next()` continues from that event. Never mutates the snapshots `lookup` returns.
 */
export class BatchPlanner implements DecisionContext {
  private readonly streams = new Map<string, Working>();
  private position = 0;
  private finished: PlanResult | undefined;
  /** Rounds that stopped for streams (`need` results). */
  rounds = 0;
  /** Reads `readsOf` failed to declare, each recovered by one more round (tests expect none). */
  undeclaredReads = 0;

  constructor(
    private readonly events: readonly DomainEvent[],
    private readonly lookup: (streamId: string) => StreamSnapshot | undefined,
    private readonly options: PlanOptions = {},
  ) {}

  /** The batch's streams as decided so far, or as loaded. */
  private readonly view: ReadView = (streamId) => this.streams.get(streamId) ?? this.lookup(streamId);

  private loaded(streamId: string): boolean {
    return this.streams.has(streamId) || this.lookup(streamId) !== undefined;
  }

  next(): PlanResult {
    if (this.finished) return this.finished;
    const { events } = this;
    while (this.position < events.length) {
      const event = events[this.position]!;
      if (!readsOf(event, this.view).every((streamId) => this.loaded(streamId))) return this.need([]);
      try {
        if (this.options.asPartner !== undefined) checkPartnerScope(this.options.asPartner, event, this);
        decide(event, this);
      } catch (error) {
        if (error instanceof OutOfScope) {
          this.finished = { kind: 'forbidden', index: this.position, detail: error.detail };
          return this.finished;
        }
        if (error instanceof Refusal) {
          this.finished = { kind: 'refused', index: this.position, rule: error.rule, detail: error.detail };
          return this.finished;
        }
        if (error instanceof UndeclaredRead) {
          this.undeclaredReads += 1;
          return this.need([error.streamId]);
        }
        throw error;
      }
      this.position += 1;
    }
    const requests: AppendPlan[] = [];
    const snapshots: StreamSnapshot[] = [];
    for (const [streamId, w] of this.streams) {
      requests.push({ streamId, expectedVersion: w.baseVersion, events: w.events });
      snapshots.push({ streamId, version: w.version, state: w.state });
    }
    this.finished = { kind: 'planned', requests, snapshots };
    return this.finished;
  }

  /** The streams missing for the waiting event and every later one, as the states known now name them. */
  private need(first: string[]): PlanResult {
    this.rounds += 1;
    const missing = new Set(first);
    for (let i = this.position; i < this.events.length; i++) {
      for (const streamId of readsOf(this.events[i]!, this.view)) if (!this.loaded(streamId)) missing.add(streamId);
    }
    return { kind: 'need', streamIds: [...missing] };
  }

  prefetch(streamIds: readonly string[]): void {
    for (const streamId of streamIds) if (!this.loaded(streamId)) throw new UndeclaredRead(streamId);
  }

  private entry(streamId: string): Working {
    let w = this.streams.get(streamId);
    if (!w) {
      const snapshot = this.lookup(streamId);
      if (snapshot === undefined) throw new UndeclaredRead(streamId);
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
    // Decisions read every stream before they write any, so a stream written is loaded already.
    if (!this.loaded(streamId)) throw new Error(`decision of ${event.type} writes ${streamId} it did not read`);
    const w = this.entry(streamId);
    w.state = evolve(streamId, w.state, event);
    w.version += 1;
    w.events.push(planned);
  }
}

/**
 * Decides `events` in order, each against the states the earlier ones leave. Returns the streams
 * still to load, the first refusal, or the appends: one request per stream read or written, with
 * the version it had when loaded (read-only streams as zero-event guards). A caller that loads in
 * rounds keeps one `BatchPlanner` instead, which resumes where it stopped.
 */
export function planBatch(
  events: readonly DomainEvent[],
  lookup: (streamId: string) => StreamSnapshot | undefined,
  options: PlanOptions = {},
): PlanResult {
  return new BatchPlanner(events, lookup, options).next();
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
