import type { EventStore, StoredEvent } from '@reckon/event-store';

/** What catch-up drives: a `ProjectionApplier`, or a wrapper around one. */
export interface BatchApplier {
  readonly position: number;
  load(): Promise<number>;
  apply(batch: readonly StoredEvent[]): Promise<number>;
}

export interface CatchUpOptions {
  store: Pick<EventStore, 'readAll'>;
  appliers: readonly BatchApplier[];
  batchSize?: number;
  /** Stop after this global position (default: until the reader finds nothing more). */
  toPosition?: number;
  /** Called after each batch with the position reached and the events of that batch. */
  onBatch?: (position: number, events: number) => void;
  /** Checked between batches; returning true ends the catch-up early. */
  shouldStop?: () => boolean;
}

/**
 * Feeds the log to several projections until there is nothing more to read (or `toPosition` is
 * reached). The log is read once for all of them, from the lowest checkpoint (the store's reader
 * fetches the next batch while this one is written); each projection skips what it already has.
 */
export async function catchUp(options: CatchUpOptions): Promise<number> {
  const { store, appliers, toPosition } = options;
  const batchSize = options.batchSize ?? 5000;
  let total = 0;
  for (;;) {
    for (const applier of appliers) if (applier.position < 0) await applier.load();
    const from = Math.min(...appliers.map((a) => a.position));
    if (toPosition !== undefined && from >= toPosition) return total;
    let read = 0;
    const range =
      toPosition === undefined ? { fromPosition: from, batchSize } : { fromPosition: from, toPosition, batchSize };
    for await (const batch of store.readAll(range)) {
      if (batch.length === 0) break;
      await Promise.all(appliers.map((a) => a.apply(batch)));
      read += batch.length;
      options.onBatch?.(batch[batch.length - 1]!.globalPosition, batch.length);
      if (options.shouldStop?.()) return total + read;
    }
    total += read;
    if (read === 0) return total;
  }
}
