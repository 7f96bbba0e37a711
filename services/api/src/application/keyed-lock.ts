/**
 * In-process mutual exclusion per key (stream id). Commands of this process that write the same
 * stream queue up here instead of racing each other into version conflicts; other processes are
 * still caught by the store's expected-version check. Keys are taken in sorted order, so two
 * holders of overlapping sets cannot deadlock.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: Iterable<string>): Promise<() => void> {
    const releases: Array<() => void> = [];
    for (const key of [...new Set(keys)].sort()) {
      const previous = this.tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const tail = previous.then(() => held);
      this.tails.set(key, tail);
      await previous;
      releases.push(() => {
        release();
        if (this.tails.get(key) === tail) this.tails.delete(key);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases.reverse()) release();
    };
  }

  /** Keys currently held or awaited (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
