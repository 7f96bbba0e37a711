import type { Readable } from 'node:stream';

/**
 * Pulls items from an object-mode Readable (an EventStoreDB read or subscription) in batches of
 * whatever is ready, up to a maximum, without letting more than the stream's buffer pile up: the
 * stream is paused while nobody asks, so the server is held back by backpressure.
 */
export class BatchReader<T> {
  readonly #readable: Readable;
  #error: unknown;
  #failed = false;
  #ended = false;
  #interrupted = false;
  #waiter: (() => void) | undefined;

  constructor(readable: Readable) {
    this.#readable = readable;
    readable.on('readable', () => this.#wake());
    readable.on('end', () => this.#finish());
    readable.on('close', () => this.#finish());
    readable.on('error', (error: unknown) => {
      if (!this.#failed) {
        this.#failed = true;
        this.#error = error;
      }
      this.#wake();
    });
  }

  /**
   * Between 1 and `max` items, waiting for the first if none is ready; undefined once the stream
   * has ended or `interrupt()` was called. Rejects with the stream's error after the items that
   * arrived before it.
   */
  async next(max: number): Promise<T[] | undefined> {
    for (;;) {
      if (this.#interrupted) return undefined;
      const items = this.#take(max);
      if (items.length > 0) return items;
      if (this.#failed) throw this.#error;
      if (this.#ended) return undefined;
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
      });
    }
  }

  /** Up to `max` items that are ready now, without waiting; undefined once the stream is over. */
  ready(max: number): T[] | undefined {
    if (this.#interrupted) return undefined;
    const items = this.#take(max);
    if (items.length > 0) return items;
    if (this.#failed) throw this.#error;
    return this.#ended ? undefined : [];
  }

  /** Makes a pending and every later `next()` return undefined. */
  interrupt(): void {
    this.#interrupted = true;
    this.#wake();
  }

  #take(max: number): T[] {
    const items: T[] = [];
    while (items.length < max) {
      const item: T | null = this.#readable.read();
      if (item === null) break;
      items.push(item);
    }
    return items;
  }

  #finish(): void {
    this.#ended = true;
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}
