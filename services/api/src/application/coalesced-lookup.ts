/**
 * Lookups by key shared between concurrent callers: calls arriving while `concurrency` lookups run
 * wait and go together in the next one (one query for all their keys), as the store's appends
 * group into one commit. Under many single-event requests this turns a query per request into a
 * query per turn, and keeps the pool free for appends and reads.
 */
export class CoalescedLookup<V> {
  private queue: Array<{
    keys: readonly string[];
    resolve: (found: Map<string, V>) => void;
    reject: (error: unknown) => void;
  }> = [];
  private running = 0;

  constructor(
    private readonly lookup: (keys: string[]) => Promise<Map<string, V>>,
    private readonly concurrency = 2,
  ) {}

  /** What the lookup finds for `keys` (keys not found are absent), as if asked alone. */
  get(keys: readonly string[]): Promise<Map<string, V>> {
    if (keys.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.queue.push({ keys, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      this.running += 1;
      const keys = [...new Set(group.flatMap((call) => call.keys))];
      this.lookup(keys)
        .then(
          (found) => {
            for (const call of group) {
              const mine = new Map<string, V>();
              for (const key of call.keys) {
                const value = found.get(key);
                if (value !== undefined) mine.set(key, value);
              }
              call.resolve(mine);
            }
          },
          (error: unknown) => {
            for (const call of group) call.reject(error);
          },
        )
        .finally(() => {
          this.running -= 1;
          this.pump();
        });
    }
  }
}
