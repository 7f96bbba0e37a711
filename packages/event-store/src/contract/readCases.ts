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

    it('reads several streams at once, each from its own version, links included', async () => {
      const [a, b, linked, absent] = [
        freshStream('many'),
        freshStream('many'),
        freshStream('many'),
        freshStream('many'),
      ];
      const inA = Array.from({ length: 4 }, (_, n) => newEvent('Counted', { n }));
      const inB = [newEvent('B')];
      await ctx.store.appendToStream(a, inA);
      await ctx.store.appendToStreams([
        { streamId: b, events: inB },
        { streamId: linked, events: [{ linkTo: inB[0]!.eventId }] },
      ]);
      const read = await ctx.store.readStreams([
        { streamId: a, fromVersion: 3 },
        { streamId: b },
        { streamId: linked },
        { streamId: absent },
      ]);
      expect([...read.keys()].sort()).toEqual([a, b, linked, absent].sort());
      expect(read.get(a)!.map((event) => [event.streamPosition, event.data.n])).toEqual([
        [3, 2],
        [4, 3],
      ]);
      expect(read.get(b)!.map((event) => event.eventId)).toEqual([inB[0]!.eventId]);
      // A link reads as the event it points to, as readStream gives it.
      expect(read.get(linked)).toEqual(await ctx.store.readStream(linked));
      expect(read.get(linked)!.map((event) => event.streamId)).toEqual([b]);
      expect(read.get(absent)).toEqual([]);
      expect((await ctx.store.readStreams([])).size).toBe(0);
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

    it('each event reads back with the time its own append was recorded, in every read', async () => {
      const streamId = freshStream('recorded');
      const times: Array<[number, number]> = [];
      for (let n = 0; n < 3; n++) {
        const started = Date.now();
        await ctx.store.appendToStream(streamId, [newEvent('Counted', { n }), newEvent('Counted', { n })]);
        times.push([started, Date.now()]);
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      const stream = await ctx.store.readStream(streamId);
      const all = (await readAllEvents(ctx.store, stream[0]!.globalPosition - 1)).filter(
        (e) => e.streamId === streamId,
      );
      const byId = await ctx.store.readEventsById(stream.map((e) => e.eventId));
      for (const read of [stream, all, stream.map((e) => byId.get(e.eventId)!)]) {
        expect(read.map((e) => e.recordedAt)).toEqual(stream.map((e) => e.recordedAt));
      }
      stream.forEach((event, i) => {
        const [started, ended] = times[Math.floor(i / 2)]!;
        // Stored to the millisecond at most; a clock of the database's own, so allow a little skew.
        expect(Date.parse(event.recordedAt)).toBeGreaterThanOrEqual(started - 1000);
        expect(Date.parse(event.recordedAt)).toBeLessThanOrEqual(ended + 1000);
      });
      // Appends 15 ms apart are recorded at different times, in order.
      const perAppend = [0, 2, 4].map((i) => Date.parse(stream[i]!.recordedAt));
      expect(perAppend[1]!).toBeGreaterThan(perAppend[0]!);
      expect(perAppend[2]!).toBeGreaterThan(perAppend[1]!);
    });

    it('the head position is the position of the last event appended', async () => {
      const result = await ctx.store.appendToStream(freshStream('head'), [newEvent(), newEvent()]);
      expect(await ctx.store.headPosition()).toBe(result.lastPosition);
    });
  });
}
