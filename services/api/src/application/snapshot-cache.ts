import type { StreamSnapshot } from '@reckon/domain';

/**
 * Folded stream states kept between commands, least recently used evicted first. Only ever moves a
 * stream forward: a slower loader finishing late cannot put back an older version. An entry another
 * process is known to have moved past (a version conflict) is marked stale: it is brought up to date
 * by reading only the events after it.
 */
export class SnapshotCache {
  private readonly entries = new Map<string, StreamSnapshot>();
  private readonly stale = new Set<string>();

  constructor(
    readonly capacity = 20_000,
    /** Whether the cache stores a stream at all; the others are never stored (read again if ever needed). */
    readonly keeps: (streamId: string) => boolean = () => true,
  ) {}

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

  /** The entry without counting it as a use. */
  peek(streamId: string): StreamSnapshot | undefined {
    return this.entries.get(streamId);
  }

  isStale(streamId: string): boolean {
    return this.stale.has(streamId);
  }

  markStale(streamId: string): void {
    if (this.entries.has(streamId)) this.stale.add(streamId);
  }

  /** Stores `snapshot` unless the cache already holds a later version of its stream, or never keeps it. */
  offer(snapshot: StreamSnapshot): void {
    if (!this.keeps(snapshot.streamId)) return;
    const current = this.entries.get(snapshot.streamId);
    if (current && current.version > snapshot.version) return;
    this.stale.delete(snapshot.streamId);
    this.entries.delete(snapshot.streamId);
    this.entries.set(snapshot.streamId, snapshot);
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
      this.stale.delete(oldest.value);
    }
  }

  evict(streamId: string): void {
    this.entries.delete(streamId);
    this.stale.delete(streamId);
  }
}
