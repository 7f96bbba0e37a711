import type { StoredEvent, SubscribeOptions, Subscription } from '@reckon/event-store';
import type { AppendNotifier } from './appendNotifier.js';

export interface SubscriptionSource {
  notifier: AppendNotifier;
  /** Events after `position` in global order, at most `limit`. */
  readBatch(position: number, limit: number): Promise<StoredEvent[]>;
  /** Polling interval when no notification arrives (fallback for a lost LISTEN connection). */
  pollIntervalMs: number;
}

const RETRY_DELAY_MS = 500;

/**
 * Follows the log from a checkpoint. Global positions are gapless and assigned in commit order
 * (see the append function), so "events after my checkpoint" never skips a transaction that
 * commits later: a reader can only see position p + 1 once p is visible.
 */
export class PostgresSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscribeOptions,
    onStopped: (subscription: PostgresSubscription) => void,
  ) {
    this.current = options.fromPosition;
    this.done = this.run().finally(() => onStopped(this));
  }

  get position(): number {
    return this.current;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.source.notifier.wake();
    await this.done;
  }

  private async run(): Promise<void> {
    const { notifier } = this.source;
    const batchSize = this.options.batchSize ?? 1000;
    await notifier.listen();
    while (!this.stopped) {
      const seen = notifier.generation;
      let batch: StoredEvent[];
      try {
        batch = await this.source.readBatch(this.current, batchSize);
      } catch {
        // A lost connection or a restarting server: try again shortly (the checkpoint is unchanged).
        if (!this.stopped) await notifier.wait(RETRY_DELAY_MS);
        continue;
      }
      if (this.stopped) return;
      if (batch.length > 0) {
        try {
          await this.options.handler(batch);
        } catch (error) {
          this.stopped = true;
          this.options.onError?.(error);
          return;
        }
        this.current = batch[batch.length - 1]!.globalPosition;
        continue;
      }
      if (notifier.generation !== seen || this.stopped) continue;
      await notifier.wait(this.source.pollIntervalMs);
    }
  }
}
