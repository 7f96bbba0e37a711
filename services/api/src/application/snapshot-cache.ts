import type { StreamSnapshot } from '@reckon/domain';

/**
 * Folded stream states kept between commands, least recently used evicted first. Only ever moves a
 * stream forward: a slower loader finishing late cannot put back an older version.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, StreamSnapshot>();

  constructor(readonly capacity = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  get(streamId: string): StreamSnapshot | undefined {
    const found = this.entries.get(streamId);
    if (found) {
      this.entries.delete(streamId);
      this.entries.set(streamId, found);
    }
    return found;
  }

  /** Stores `snapshot` unless the cache already holds a later version of its stream. */
  offer(snapshot: StreamSnapshot): void {
    const current = this.entries.get(snapshot.streamId);
    if (current && current.version > snapshot.version) return;
    this.entries.delete(snapshot.streamId);
    this.entries.set(snapshot.streamId, snapshot);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  evict(streamId: string): void {
    this.entries.delete(streamId);
  }
}
