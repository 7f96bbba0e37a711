import { describe, expect, it } from 'vitest';
import { UnknownLinkTargetError, UnsupportedOperationError, WrongExpectedVersionError } from '../errors.js';
import type { AppendOptions, AppendRequest } from '../types.js';
import type { ContractContext } from './context.js';
import { freshStream, newEvent, readAllEvents, rejection } from './fixtures.js';

/**
 * Adapters without atomic multi-stream appends (capability off), or without guards and interleaved
 * orders in them when the call needs those (`needs: 'guards-or-interleaving'`), must refuse such a
 * call with UnsupportedOperationError and write nothing; this checks that and tells the case to end there.
 */
async function refusedAsUnsupported(
  ctx: ContractContext,
  requests: AppendRequest[],
  options: AppendOptions & { needs?: 'guards-or-interleaving' } = {},
): Promise<boolean> {
  const { atomicMultiStreamAppend, multiStreamGuardsAndInterleaving } = ctx.capabilities;
  const able = atomicMultiStreamAppend && (options.needs === undefined || multiStreamGuardsAndInterleaving);
  if (able) return false;
  const versions = await Promise.all(requests.map((request) => ctx.store.streamVersion(request.streamId)));
  const order = options.order ? { order: options.order } : {};
  expect(await rejection(ctx.store.appendToStreams(requests, order))).toBeInstanceOf(UnsupportedOperationError);
  expect(await Promise.all(requests.map((request) => ctx.store.streamVersion(request.streamId)))).toEqual(versions);
  return true;
}

export function multiStreamCases(ctx: ContractContext): void {
  describe('several streams in one call', () => {
    it('appends to every stream or, when the backend cannot do it atomically, refuses', async () => {
      const order = freshStream('order');
      const invoice = freshStream('invoice');
      const requests: AppendRequest[] = [
        { streamId: order, expectedVersion: 'no_stream', events: [newEvent('OrderPlaced')] },
        { streamId: invoice, expectedVersion: 'no_stream', events: [newEvent('InvoiceDrafted'), newEvent()] },
      ];
      if (await refusedAsUnsupported(ctx, requests)) return;
      const before = await ctx.store.headPosition();
      const result = await ctx.store.appendToStreams(requests);
      expect(result).toMatchObject({ appended: 3, duplicates: 0, streamVersions: { [order]: 1, [invoice]: 2 } });
      const logged = await readAllEvents(ctx.store, before);
      expect(logged.map((event) => event.eventId)).toEqual(
        requests.flatMap((r) => r.events.map((e) => ('linkTo' in e ? e.linkTo : e.eventId))),
      );
      expect(result.lastPosition).toBe(logged[2]!.globalPosition);
    });

    it('takes stream ids of any characters the domain allows, and links between them', async () => {
      const order = freshStream('order-O:2026.Ö');
      const voucher = freshStream('voucher-V+1@x');
      const placed = newEvent('OrderPlaced');
      const requests: AppendRequest[] = [
        { streamId: order, expectedVersion: 'no_stream', events: [placed] },
        {
          streamId: voucher,
          expectedVersion: 'no_stream',
          events: [newEvent('VoucherIssued'), { linkTo: placed.eventId }],
        },
      ];
      if (await refusedAsUnsupported(ctx, requests)) return;
      const result = await ctx.store.appendToStreams(requests);
      expect(result.streamVersions).toEqual({ [order]: 1, [voucher]: 2 });
      const read = await ctx.store.readStream(voucher);
      expect(read.map((event) => [event.streamId, event.streamPosition])).toEqual([
        [voucher, 1],
        [order, 1],
      ]);
      expect((await ctx.store.readEventsById([placed.eventId])).get(placed.eventId)?.streamId).toBe(order);
    });

    it('gives the events global positions in the order the call names, each stream keeping its own order', async () => {
      const quota = freshStream('quota');
      const voucher = freshStream('voucher');
      const granted = newEvent('QuotaGranted');
      const issued = newEvent('VoucherIssued');
      const reclaimed = newEvent('QuotaReclaimed');
      const requests: AppendRequest[] = [
        { streamId: quota, expectedVersion: 'no_stream', events: [granted, reclaimed] },
        { streamId: voucher, expectedVersion: 'no_stream', events: [issued] },
      ];
      const decided = [granted, issued, reclaimed].map((event) => event.eventId);
      if (await refusedAsUnsupported(ctx, requests, { order: decided, needs: 'guards-or-interleaving' })) return;
      const before = await ctx.store.headPosition();
      const result = await ctx.store.appendToStreams(requests, { order: decided });
      const logged = await readAllEvents(ctx.store, before);
      expect(logged.map((event) => event.eventId)).toEqual(decided);
      expect(logged.map((event) => [event.streamId, event.streamPosition])).toEqual([
        [quota, 1],
        [voucher, 1],
        [quota, 2],
      ]);
      expect(result.lastPosition).toBe(logged[2]!.globalPosition);
    });

    it("refuses an order that contradicts a stream's own order (a caller's bug), writing nothing", async () => {
      const stream = freshStream('quota');
      const first = newEvent();
      const second = newEvent();
      const refused = await rejection(
        ctx.store.appendToStreams([{ streamId: stream, events: [first, second] }], {
          order: [second.eventId, first.eventId],
        }),
      );
      expect(refused).toBeInstanceOf(TypeError);
      expect(await ctx.store.streamVersion(stream)).toBe(0);
    });

    it('writes nothing when one expected version fails', async () => {
      const order = freshStream('order');
      const voucher = freshStream('voucher');
      await ctx.store.appendToStream(voucher, [newEvent('VoucherIssued')]);
      const requests: AppendRequest[] = [
        { streamId: order, expectedVersion: 'no_stream', events: [newEvent('OrderPlaced')] },
        { streamId: voucher, expectedVersion: 0, events: [newEvent('VoucherSpent')] },
      ];
      if (await refusedAsUnsupported(ctx, requests)) return;
      const error = await rejection(ctx.store.appendToStreams(requests));
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ streamId: voucher, expected: 0, actual: 1 });
      expect(await ctx.store.streamVersion(order)).toBe(0);
      expect(await ctx.store.streamVersion(voucher)).toBe(1);
    });

    it('a request without events guards another stream: checked, not written', async () => {
      const order = freshStream('order');
      const customer = freshStream('customer');
      await ctx.store.appendToStream(customer, [newEvent('CustomerRegistered')]);
      const guarded: AppendRequest[] = [
        { streamId: order, expectedVersion: 'no_stream', events: [newEvent('OrderPlaced')] },
        { streamId: customer, expectedVersion: 1, events: [] },
      ];
      if (await refusedAsUnsupported(ctx, guarded, { needs: 'guards-or-interleaving' })) return;
      const held = await ctx.store.appendToStreams(guarded);
      expect(held).toMatchObject({ appended: 1, streamVersions: { [order]: 1, [customer]: 1 } });
      const failed = await rejection(
        ctx.store.appendToStreams([
          { streamId: order, expectedVersion: 1, events: [newEvent('OrderAmended')] },
          { streamId: customer, expectedVersion: 'no_stream', events: [] },
        ]),
      );
      expect(failed).toMatchObject({ name: 'WrongExpectedVersionError', streamId: customer, actual: 1 });
      expect(await ctx.store.streamVersion(order)).toBe(1);
      expect(await ctx.store.streamVersion(customer)).toBe(1);
    });
  });

  describe('links', () => {
    it('a link places a stored event into another stream at its next position, not into the log again', async () => {
      const order = freshStream('order');
      const voucher = freshStream('voucher');
      const placed = newEvent('OrderPlaced', { voucher });
      await ctx.store.appendToStream(order, [newEvent('OrderDrafted'), placed]);
      const issued = newEvent('VoucherIssued');
      await ctx.store.appendToStream(voucher, [issued]);
      const before = await ctx.store.headPosition();

      const linked = await ctx.store.appendToStream(voucher, [{ linkTo: placed.eventId }], { expectedVersion: 1 });
      const expired = newEvent('VoucherExpired');
      await ctx.store.appendToStream(voucher, [expired], { expectedVersion: 2 });

      expect(linked).toMatchObject({ appended: 0, duplicates: 0, streamVersions: { [voucher]: 2 } });
      const read = await ctx.store.readStream(voucher);
      expect(read.map((event) => [event.eventId, event.streamId, event.streamPosition])).toEqual([
        [issued.eventId, voucher, 1],
        [placed.eventId, order, 2],
        [expired.eventId, voucher, 3],
      ]);
      expect((await ctx.store.readStream(voucher, { fromVersion: 2, maxCount: 1 })).map((e) => e.eventId)).toEqual([
        placed.eventId,
      ]);
      const logged = await readAllEvents(ctx.store, before);
      expect(logged.map((event) => event.eventId)).toEqual([expired.eventId]);
    });

    it('repeating a link already in place writes nothing', async () => {
      const home = freshStream('home');
      const other = freshStream('other');
      const event = newEvent();
      await ctx.store.appendToStream(home, [event]);
      await ctx.store.appendToStream(other, [{ linkTo: event.eventId }], { expectedVersion: 'no_stream' });
      const again = await ctx.store.appendToStream(other, [{ linkTo: event.eventId }], {
        expectedVersion: 'no_stream',
      });
      expect(again.streamVersions).toEqual({ [other]: 1 });
      expect(await ctx.store.readStream(other)).toHaveLength(1);
    });

    it('a link to an event the log does not hold raises UnknownLinkTargetError', async () => {
      const streamId = freshStream('dangling');
      const missing = newEvent().eventId;
      const error = await rejection(ctx.store.appendToStream(streamId, [newEvent(), { linkTo: missing }]));
      expect(error).toBeInstanceOf(UnknownLinkTargetError);
      expect(error).toMatchObject({ eventId: missing });
      expect(await ctx.store.streamVersion(streamId)).toBe(0);
    });

    it('links an event appended earlier in the same call; repeating the call is a no-op', async () => {
      const order = freshStream('order');
      const voucher = freshStream('voucher');
      await ctx.store.appendToStream(voucher, [newEvent('VoucherIssued')]);
      const placed = newEvent('OrderPlaced', { voucher });
      const call: AppendRequest[] = [
        { streamId: order, expectedVersion: 'no_stream', events: [placed] },
        { streamId: voucher, expectedVersion: 1, events: [{ linkTo: placed.eventId }] },
      ];
      if (await refusedAsUnsupported(ctx, call)) return;
      const first = await ctx.store.appendToStreams(call);
      expect(first).toMatchObject({ appended: 1, streamVersions: { [order]: 1, [voucher]: 2 } });
      const again = await ctx.store.appendToStreams(call);
      expect(again).toEqual({
        appended: 0,
        duplicates: 1,
        lastPosition: first.lastPosition,
        streamVersions: { [order]: 1, [voucher]: 2 },
      });
      const read = await ctx.store.readStream(voucher);
      expect(read.map((event) => [event.eventId, event.streamId, event.streamPosition])).toEqual([
        [read[0]!.eventId, voucher, 1],
        [placed.eventId, order, 1],
      ]);
    });

    it('two orders spending one voucher at once: the link makes them conflict, one wins', async () => {
      const voucher = freshStream('voucher');
      await ctx.store.appendToStream(voucher, [newEvent('VoucherIssued')]);
      const orders = [freshStream('order'), freshStream('order')];
      const calls = orders.map((order): AppendRequest[] => {
        const placed = newEvent('OrderPlaced', { voucher });
        return [
          { streamId: order, expectedVersion: 'no_stream', events: [placed] },
          { streamId: voucher, expectedVersion: 1, events: [{ linkTo: placed.eventId }] },
        ];
      });
      if (await refusedAsUnsupported(ctx, calls[0]!)) return;
      const outcomes = await Promise.allSettled(calls.map((call) => ctx.store.appendToStreams(call)));
      const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
      const versions = await Promise.all(orders.map((order) => ctx.store.streamVersion(order)));
      expect(versions.sort()).toEqual([0, 1]);
      expect(await ctx.store.streamVersion(voucher)).toBe(2);
    });
  });
}
