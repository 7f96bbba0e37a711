import { describe, expect, it } from 'vitest';
import { DuplicateEventIdError, WrongExpectedVersionError } from '../errors.js';
import type { ExpectedVersion } from '../types.js';
import type { ContractContext } from './context.js';
import { asAppended, expectedStored, freshStream, newEvent, rejection } from './fixtures.js';

export function appendCases(ctx: ContractContext): void {
  describe('append', () => {
    it('appends events to a new stream and reads them back as given, numbered from 1', async () => {
      const streamId = freshStream('append');
      const first = newEvent(
        'OrderPlaced',
        { orderId: 'o-1', amount: '12.50', lines: [{ sku: 'a', qty: 2 }] },
        {
          version: 2,
          occurredAt: '2026-10-05T10:00:00.123+08:00',
          metadata: { actor: 'api-key-1', correlationId: 'c-1' },
        },
      );
      const second = newEvent('OrderConfirmed', { orderId: 'o-1' });

      const result = await ctx.store.appendToStream(streamId, [first, second], { expectedVersion: 'no_stream' });
      const read = await ctx.store.readStream(streamId);

      expect(read.map(asAppended)).toEqual([expectedStored(first), expectedStored(second)]);
      expect(read.map((event) => [event.streamId, event.streamPosition])).toEqual([
        [streamId, 1],
        [streamId, 2],
      ]);
      expect(read[1]!.globalPosition).toBeGreaterThan(read[0]!.globalPosition);
      expect(result).toEqual({
        appended: 2,
        duplicates: 0,
        lastPosition: read[1]!.globalPosition,
        streamVersions: { [streamId]: 2 },
      });
      for (const event of read) {
        expect(event.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
        expect(Math.abs(Date.parse(event.recordedAt) - Date.now())).toBeLessThan(10 * 60_000);
      }
      expect(await ctx.store.streamVersion(streamId)).toBe(2);
      expect(await ctx.store.headPosition()).toBeGreaterThanOrEqual(result.lastPosition);
    });

    it('keeps data, metadata and stream ids with quotes, backslashes, braces and any Unicode exactly', async () => {
      const awkward = 'a "quoted" \\ back\\slash, {braces} NULL \u2028 \t tab 中文 😀 \\"';
      const streamId = freshStream(`awkward "${awkward.slice(0, 20)}"`);
      const event = newEvent(
        'OrderPlaced',
        { text: awkward, nested: [{ [awkward]: [awkward, null, 1.5, true] }], empty: {}, none: [] },
        { metadata: { note: awkward } },
      );
      const other = newEvent('OrderConfirmed', { text: 'NULL' }, { metadata: {} });
      await ctx.store.appendToStreams([{ streamId, events: [event, other] }]);
      const read = await ctx.store.readStream(streamId);
      expect(read.map(asAppended)).toEqual([expectedStored(event), expectedStored(other)]);
      expect(read[0]!.streamId).toBe(streamId);
      expect((await ctx.store.readEventsById([event.eventId])).get(event.eventId)?.data).toEqual(event.data);
    });

    it('continues stream positions across appends', async () => {
      const streamId = freshStream('positions');
      await ctx.store.appendToStream(streamId, [newEvent(), newEvent()]);
      const result = await ctx.store.appendToStream(streamId, [newEvent()], { expectedVersion: 2 });
      expect(result.streamVersions).toEqual({ [streamId]: 3 });
      expect((await ctx.store.readStream(streamId)).map((event) => event.streamPosition)).toEqual([1, 2, 3]);
    });

    it('reports a missing stream as version 0 and an empty read', async () => {
      const streamId = freshStream('missing');
      expect(await ctx.store.streamVersion(streamId)).toBe(0);
      expect(await ctx.store.readStream(streamId)).toEqual([]);
    });

    const cases: Array<{ title: string; existing: number; expected: ExpectedVersion; ok: boolean }> = [
      { title: 'any on a missing stream', existing: 0, expected: 'any', ok: true },
      { title: 'any on an existing stream', existing: 2, expected: 'any', ok: true },
      { title: 'no_stream on a missing stream', existing: 0, expected: 'no_stream', ok: true },
      { title: 'no_stream on an existing stream', existing: 2, expected: 'no_stream', ok: false },
      { title: 'stream_exists on an existing stream', existing: 2, expected: 'stream_exists', ok: true },
      { title: 'stream_exists on a missing stream', existing: 0, expected: 'stream_exists', ok: false },
      { title: 'the exact version', existing: 2, expected: 2, ok: true },
      { title: 'a lower version', existing: 2, expected: 1, ok: false },
      { title: 'a higher version', existing: 2, expected: 3, ok: false },
      { title: '0 on a missing stream', existing: 0, expected: 0, ok: true },
      { title: '0 on an existing stream', existing: 2, expected: 0, ok: false },
    ];
    for (const { title, existing, expected, ok } of cases) {
      it(`expected version: ${title} ${ok ? 'appends' : 'raises WrongExpectedVersionError and writes nothing'}`, async () => {
        const streamId = freshStream('expected');
        if (existing > 0) {
          await ctx.store.appendToStream(
            streamId,
            Array.from({ length: existing }, () => newEvent()),
          );
        }
        const attempt = ctx.store.appendToStream(streamId, [newEvent()], { expectedVersion: expected });
        if (ok) {
          expect((await attempt).streamVersions).toEqual({ [streamId]: existing + 1 });
        } else {
          const error = await rejection(attempt);
          expect(error).toBeInstanceOf(WrongExpectedVersionError);
          expect(error).toMatchObject({ streamId, expected, actual: existing });
          expect(await ctx.store.streamVersion(streamId)).toBe(existing);
        }
      });
    }

    it('without an expected version, appends whatever the stream holds', async () => {
      const streamId = freshStream('default-any');
      await ctx.store.appendToStream(streamId, [newEvent()]);
      await ctx.store.appendToStream(streamId, [newEvent()]);
      expect(await ctx.store.streamVersion(streamId)).toBe(2);
    });

    it('a request without events only checks its expected version', async () => {
      const streamId = freshStream('guard');
      await ctx.store.appendToStream(streamId, [newEvent()]);
      const held = await ctx.store.appendToStreams([{ streamId, expectedVersion: 1, events: [] }]);
      expect(held).toMatchObject({ appended: 0, duplicates: 0, streamVersions: { [streamId]: 1 } });
      const error = await rejection(ctx.store.appendToStreams([{ streamId, expectedVersion: 0, events: [] }]));
      expect(error).toMatchObject({ name: 'WrongExpectedVersionError', streamId, expected: 0, actual: 1 });
      expect(await ctx.store.readStream(streamId)).toHaveLength(1);
    });
  });

  describe('idempotency by event id', () => {
    it('a repeated append of stored events succeeds without writing, whatever the expected version', async () => {
      const streamId = freshStream('repeat');
      const events = [newEvent('A', { n: 1, nested: { x: 1, y: 2 } }), newEvent('B', { n: 2 })];
      const first = await ctx.store.appendToStream(streamId, events, { expectedVersion: 'no_stream' });
      const head = await ctx.store.headPosition();

      // Same content: metadata may differ, business time is compared as an instant, key order is free.
      const repeat = [
        { ...events[0]!, data: { nested: { y: 2, x: 1 }, n: 1 }, metadata: { retry: true } },
        { ...events[1]!, occurredAt: '2026-10-05T02:00:00Z' },
      ];
      const result = await ctx.store.appendToStream(streamId, repeat, { expectedVersion: 'no_stream' });

      expect(result).toEqual({
        appended: 0,
        duplicates: 2,
        lastPosition: first.lastPosition,
        streamVersions: { [streamId]: 2 },
      });
      expect(await ctx.store.headPosition()).toBe(head);
      expect((await ctx.store.readStream(streamId)).map(asAppended)).toEqual(events.map(expectedStored));
    });

    it('an event id is unique across the whole log: repeating it on another stream writes nothing', async () => {
      const home = freshStream('home');
      const other = freshStream('other');
      const event = newEvent();
      await ctx.store.appendToStream(home, [event]);
      const result = await ctx.store.appendToStream(other, [event]);
      expect(result).toMatchObject({ appended: 0, duplicates: 1 });
      expect(await ctx.store.streamVersion(other)).toBe(0);
    });

    it('the same id with other content raises DuplicateEventIdError and writes nothing of the call', async () => {
      const streamId = freshStream('conflict');
      const event = newEvent('A', { amount: '1.00' });
      await ctx.store.appendToStream(streamId, [event]);
      const fresh = newEvent();
      const variants = [
        { ...event, data: { amount: '2.00' } },
        { ...event, type: 'B' },
        { ...event, version: 2 },
        { ...event, occurredAt: '2026-10-05T10:00:01+08:00' },
      ];
      for (const changed of variants) {
        const error = await rejection(ctx.store.appendToStream(streamId, [fresh, changed]));
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({ eventId: event.eventId });
      }
      expect(await ctx.store.streamVersion(streamId)).toBe(1);
      expect((await ctx.store.readEventsById([fresh.eventId])).size).toBe(0);
    });

    it('mixed calls drop the duplicates and append the rest under the version check', async () => {
      const streamId = freshStream('mixed');
      const stored = newEvent('A');
      await ctx.store.appendToStream(streamId, [stored]);
      const added = newEvent('B');

      const stale = await rejection(ctx.store.appendToStream(streamId, [stored, added], { expectedVersion: 0 }));
      expect(stale).toMatchObject({ name: 'WrongExpectedVersionError', streamId, actual: 1 });

      const result = await ctx.store.appendToStream(streamId, [stored, added], { expectedVersion: 1 });
      const read = await ctx.store.readStream(streamId);
      expect(read.map((event) => event.eventId)).toEqual([stored.eventId, added.eventId]);
      expect(result).toEqual({
        appended: 1,
        duplicates: 1,
        lastPosition: read[1]!.globalPosition,
        streamVersions: { [streamId]: 2 },
      });
    });
  });
}
