import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../types.js';
import type { ContractContext } from './context.js';
import { freshStream, newEvent, readAllEvents } from './fixtures.js';

export function readCases(ctx: ContractContext): void {
  describe('reads', () => {
    it('reads a stream from a version, at most maxCount events', async () => {
      const streamId = freshStream('window');
      const events = Array.from({ length: 6 }, (_, n) => newEvent('Counted', { n }));
      await ctx.store.appendToStream(streamId, events);
      const window = await ctx.store.readStream(streamId, { fromVersion: 3, maxCount: 2 });
      expect(window.map((event) => [event.streamPosition, event.data.n])).toEqual([
        [3, 2],
        [4, 3],
      ]);
      expect(await ctx.store.readStream(streamId, { fromVersion: 7 })).toEqual([]);
    });

    it('reads events by id; ids not stored are absent', async () => {
      const streamId = freshStream('by-id');
      const [a, b] = [newEvent('A'), newEvent('B')];
      await ctx.store.appendToStream(streamId, [a, b]);
      const missing = newEvent().eventId;
      const found = await ctx.store.readEventsById([b.eventId, missing, a.eventId]);
      expect([...found.keys()].sort()).toEqual([a.eventId, b.eventId].sort());
      expect(found.get(b.eventId)).toMatchObject({ type: 'B', streamId, streamPosition: 2 });
      expect((await ctx.store.readEventsById([])).size).toBe(0);
    });

    it('reads the whole log in global order, in batches, from and up to a position', async () => {
      const streams = [freshStream('all'), freshStream('all'), freshStream('all')];
      const before = await ctx.store.headPosition();
      const appended: string[] = [];
      for (let n = 0; n < 25; n++) {
        const event = newEvent('Counted', { n });
        appended.push(event.eventId);
        await ctx.store.appendToStream(streams[n % 3]!, [event]);
      }
      const head = await ctx.store.headPosition();

      const batches: StoredEvent[][] = [];
      for await (const batch of ctx.store.readAll({ fromPosition: before, batchSize: 10 })) batches.push(batch);
      expect(batches.map((batch) => batch.length)).toEqual([10, 10, 5]);
      const events = batches.flat();
      expect(events.map((event) => event.eventId)).toEqual(appended);
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.globalPosition).toBeGreaterThan(events[i - 1]!.globalPosition);
      }
      expect(events[0]!.globalPosition).toBeGreaterThan(before);
      expect(events[24]!.globalPosition).toBe(head);

      const upTo = await readAllEvents(ctx.store, events[4]!.globalPosition, events[11]!.globalPosition);
      expect(upTo.map((event) => event.eventId)).toEqual(appended.slice(5, 12));
      expect(await readAllEvents(ctx.store, head)).toEqual([]);
    });

    it('the head position is the position of the last event appended', async () => {
      const result = await ctx.store.appendToStream(freshStream('head'), [newEvent(), newEvent()]);
      expect(await ctx.store.headPosition()).toBe(result.lastPosition);
    });
  });
}
