/**
 * Mutual exclusion per key within this process. An append holds the ids it writes or links from
 * its duplicate check until its index entries are written, so that two concurrent appends in one
 * process cannot both find an id absent and both write it (see docs/event-store-eventstoredb.md for
 * what this leaves open across processes). Keys are taken in sorted order, so two holders of
 * overlapping key sets cannot wait on each other.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async acquire(keys: Iterable<string>): Promise<() => void> {
    const releases: Array<() => void> = [];
    try {
      for (const key of [...new Set(keys)].sort()) {
        const previous = this.#tails.get(key) ?? Promise.resolve();
        let release!: () => void;
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        const tail = previous.then(() => held);
        this.#tails.set(key, tail);
        releases.push(() => {
          release();
          if (this.#tails.get(key) === tail) this.#tails.delete(key);
        });
        await previous;
      }
    } catch (error) {
      for (const release of releases) release();
      throw error;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const release of releases) release();
    };
  }

  /** Keys currently held or waited for (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}
