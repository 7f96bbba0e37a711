import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../types.js';
import type { ContractContext } from './context.js';
import { eventually, freshStream, newEvent, sleep } from './fixtures.js';

export function subscribeCases(ctx: ContractContext): void {
  describe('subscribeToAll', () => {
    it('catches up from a checkpoint, then follows new appends; links are not delivered', async () => {
      const streamId = freshStream('follow');
      const earlier = newEvent('BeforeCheckpoint');
      await ctx.store.appendToStream(streamId, [earlier]);
      const checkpoint = await ctx.store.headPosition();
      const backlog = Array.from({ length: 5 }, (_, n) => newEvent('Backlog', { n }));
      await ctx.store.appendToStream(streamId, backlog);

      const received: StoredEvent[] = [];
      const batchSizes: number[] = [];
      const subscription = ctx.store.subscribeToAll({
        fromPosition: checkpoint,
        batchSize: 2,
        handler: async (events) => {
          batchSizes.push(events.length);
          received.push(...events);
        },
      });
      try {
        await eventually('the backlog', () => received.length >= 5);
        const live = [newEvent('Live', { n: 1 }), newEvent('Live', { n: 2 })];
        await ctx.store.appendToStream(freshStream('linked'), [{ linkTo: backlog[0]!.eventId }]);
        await ctx.store.appendToStream(streamId, live);
        await eventually('the live events', () => received.length >= 7);
        await sleep(50);

        expect(received.map((event) => event.eventId)).toEqual([...backlog, ...live].map((event) => event.eventId));
        expect(Math.max(...batchSizes)).toBeLessThanOrEqual(2);
        await eventually('the checkpoint', () => subscription.position === received[6]!.globalPosition);
      } finally {
        await subscription.stop();
      }
    });

    it('stop() ends delivery', async () => {
      const streamId = freshStream('stopped');
      const received: StoredEvent[] = [];
      const subscription = ctx.store.subscribeToAll({
        fromPosition: await ctx.store.headPosition(),
        handler: async (events) => {
          received.push(...events);
        },
      });
      await ctx.store.appendToStream(streamId, [newEvent()]);
      await eventually('the first event', () => received.length === 1);
      await subscription.stop();
      await ctx.store.appendToStream(streamId, [newEvent()]);
      await sleep(300);
      expect(received).toHaveLength(1);
    });

    it('a failing handler stops the subscription at the last acknowledged batch; resuming there misses nothing', async () => {
      const streamId = freshStream('failing');
      const checkpoint = await ctx.store.headPosition();
      const events = Array.from({ length: 6 }, (_, n) => newEvent('Counted', { n }));
      await ctx.store.appendToStream(streamId, events);

      const acknowledged: StoredEvent[] = [];
      const errors: unknown[] = [];
      let calls = 0;
      const failing = ctx.store.subscribeToAll({
        fromPosition: checkpoint,
        batchSize: 2,
        handler: async (batch) => {
          calls += 1;
          if (calls === 2) throw new Error('projection failed');
          acknowledged.push(...batch);
        },
        onError: (error) => errors.push(error),
      });
      await eventually('the error', () => errors.length === 1);
      await failing.stop();
      expect((errors[0] as Error).message).toBe('projection failed');
      expect(calls).toBe(2);
      expect(failing.position).toBe(acknowledged[1]!.globalPosition);

      const resumed: StoredEvent[] = [];
      const again = ctx.store.subscribeToAll({
        fromPosition: failing.position,
        handler: async (batch) => {
          resumed.push(...batch);
        },
      });
      try {
        await eventually('the rest', () => resumed.length >= 4);
        await sleep(50);
        expect([...acknowledged, ...resumed].map((event) => event.eventId)).toEqual(events.map((e) => e.eventId));
      } finally {
        await again.stop();
      }
    });
  });
}
