import type { EventStore, StoredEvent } from '@reckon/event-store';
import { relieveMemoryPressure } from './memory.js';

/** What catch-up drives: a `ProjectionApplier`, or a wrapper around one. */
export interface BatchApplier {
  readonly position: number;
  load(): Promise<number>;
  /** Applies `batch`, read right after position `after`; a batch that would leave a gap is not applied. */
  apply(batch: readonly StoredEvent[], after: number): Promise<number>;
  /** Waits for what `apply` left in flight (a replay's last commit); throws its failure. */
  drain?(): Promise<void>;
}

export interface CatchUpOptions {
  store: Pick<EventStore, 'readAll'>;
  appliers: readonly BatchApplier[];
  batchSize?: number;
  /** Stop after this global position (default: until the reader finds nothing more). */
  toPosition?: number;
  /** Called as batches are read, with the position reached and the events of that batch. */
  onBatch?: (position: number, events: number) => void;
  /** Checked between batches; returning true ends the catch-up early. */
  shouldStop?: () => boolean;
  /**
   * Return after one pass to the head the reader found, without looking again for events appended
   * meanwhile (the live runner paces its passes, so that a steady stream of small commits is
   * projected in batches, not event by event).
   */
  onePass?: boolean;
}

/** Batches a projection may have waiting: bounds memory while the fast ones run ahead. */
const MAX_AHEAD = 2;

/**
 * Feeds the log to several projections until there is nothing more to read (or `toPosition` is
 * reached). The log is read once for all of them, from the lowest checkpoint; each projection works
 * through the batches at its own pace (at most a few batches behind the reader), so a slow one does
 * not hold the others at every batch. Each skips what it already has; one whose batch fails gets no
 * more batches in this round, and the error is rethrown once the others have finished theirs.
 */
export async function catchUp(options: CatchUpOptions): Promise<number> {
  const { store, appliers, toPosition } = options;
  const batchSize = options.batchSize ?? 5000;
  let total = 0;
  for (;;) {
    for (const applier of appliers) if (applier.position < 0) await applier.load();
    const from = Math.min(...appliers.map((a) => a.position));
    if (toPosition !== undefined && from >= toPosition) return total;
    const range =
      toPosition === undefined ? { fromPosition: from, batchSize } : { fromPosition: from, toPosition, batchSize };
    // Per projection, the batches handed to it and not yet done, oldest first (each link waits for
    // the one before, so a projection applies its batches in order).
    const queues: Promise<void>[][] = appliers.map(() => []);
    let failure: { error: unknown } | undefined;
    let read = 0;
    let after = from;
    let stopped = false;
    for await (const batch of store.readAll(range)) {
      if (batch.length === 0) break;
      const start = after;
      after = batch[batch.length - 1]!.globalPosition;
      appliers.forEach((applier, i) => {
        const queue = queues[i]!;
        const previous = queue[queue.length - 1] ?? Promise.resolve();
        const link = previous.then(async () => {
          try {
            if (!failure) await applier.apply(batch, start);
          } catch (error) {
            failure ??= { error };
          }
        });
        queue.push(link);
        void link.then(() => queue.splice(queue.indexOf(link), 1));
      });
      read += batch.length;
      options.onBatch?.(after, batch.length);
      relieveMemoryPressure();
      // Let the slowest projection come within MAX_AHEAD batches before reading on.
      for (const queue of queues) {
        while (queue.length >= MAX_AHEAD && !failure) await queue[0];
      }
      if (failure || options.shouldStop?.()) {
        stopped = true;
        break;
      }
    }
    await Promise.all(queues.flat());
    for (const applier of appliers) {
      try {
        await applier.drain?.();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
    total += read;
    if (read === 0 || stopped || options.onePass) return total;
  }
}
