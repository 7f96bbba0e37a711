/**
 * In-process mutual exclusion per key (stream id). Commands of this process that write the same
 * stream queue up here instead of racing each other into version conflicts; other processes are
 * still caught by the store's expected-version check. Keys are taken in sorted order, so two
 * holders of overlapping sets cannot deadlock.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<void>>();

  async acquire(keys: Iterable<string>): Promise<() => void> {
    // One promise stands for all the keys of this holder: it resolves when they are released.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const taken: Array<[key: string, tail: Promise<void>]> = [];
    for (const key of [...new Set(keys)].sort()) {
      const previous = this.tails.get(key);
      const tail = previous === undefined ? held : previous.then(() => held);
      this.tails.set(key, tail);
      taken.push([key, tail]);
      // A free key is taken at once: a batch names thousands of streams, mostly free.
      if (previous !== undefined) await previous;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
      for (const [key, tail] of taken) if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }

  /** Keys currently held or awaited (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
