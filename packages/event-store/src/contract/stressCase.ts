import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WrongExpectedVersionError } from '../errors.js';
import type { AppendRequest, StoredEvent } from '../types.js';
import type { ContractContext } from './context.js';
import { eventually, newEvent, sleep } from './fixtures.js';

const WRITERS = 8;
const EVENTS = 20_000;
const STREAMS = 16;
const MAX_BATCH = 20;

const randomInt = (below: number) => Math.floor(Math.random() * below);

/** A short random pause inside about a third of the append transactions (the test hook of the adapter). */
async function delayInsideTransaction(): Promise<void> {
  if (Math.random() < 0.3) await sleep(randomInt(4));
}

/**
 * Several writers append to overlapping streams while transactions commit out of step (delays inside
 * them); one subscriber follows. It must see every event exactly once, each stream in stream order,
 * and its checkpoint must never move back.
 */
export function stressCase(ctx: ContractContext): void {
  describe('stress', () => {
    it(`stress: ${WRITERS} writers, ${EVENTS} events on ${STREAMS} shared streams, one subscriber sees each once and in order`, async () => {
      const writerStore = await ctx.another({ beforeCommit: delayInsideTransaction });
      const run = randomUUID().slice(0, 8);
      const streams = Array.from({ length: STREAMS }, (_, n) => `stress-${run}-${n}`);
      const checkpoint = await ctx.store.headPosition();

      const received: StoredEvent[] = [];
      const checkpoints: number[] = [];
      let handlerFailure: unknown;
      const holder: { subscription?: { readonly position: number } } = {};
      const subscription = ctx.store.subscribeToAll({
        fromPosition: checkpoint,
        batchSize: 500,
        handler: async (events) => {
          checkpoints.push(holder.subscription?.position ?? checkpoint);
          received.push(...events);
          if (Math.random() < 0.05) await sleep(randomInt(10));
        },
        onError: (error) => {
          handlerFailure = error;
        },
      });
      holder.subscription = subscription;

      const written = new Set<string>();
      let remaining = EVENTS;
      const writer = async (): Promise<void> => {
        while (remaining > 0) {
          const count = Math.min(remaining, 1 + randomInt(MAX_BATCH));
          remaining -= count;
          const events = Array.from({ length: count }, () => newEvent('StressProbe', { run }));
          const mode = randomInt(3);
          if (mode === 0 && ctx.capabilities.atomicMultiStreamAppend && count > 1) {
            // Two streams at once, each under its current version.
            const [a, b] = [streams[randomInt(STREAMS)]!, streams[randomInt(STREAMS)]!];
            const pair = a === b ? [a] : [a, b];
            await retryOnConflict(async () => {
              const versions = await Promise.all(pair.map((streamId) => writerStore.streamVersion(streamId)));
              const split = pair.length === 1 ? count : 1 + randomInt(count - 1);
              const requests: AppendRequest[] = pair.map((streamId, n) => ({
                streamId,
                expectedVersion: versions[n]!,
                events: n === 0 ? events.slice(0, split) : events.slice(split),
              }));
              await writerStore.appendToStreams(requests);
            });
          } else if (mode === 1) {
            const streamId = streams[randomInt(STREAMS)]!;
            await retryOnConflict(async () => {
              const version = await writerStore.streamVersion(streamId);
              await writerStore.appendToStream(streamId, events, { expectedVersion: version });
            });
          } else {
            await writerStore.appendToStream(streams[randomInt(STREAMS)]!, events, { expectedVersion: 'any' });
          }
          for (const event of events) written.add(event.eventId);
        }
      };
      const retryOnConflict = async (attempt: () => Promise<void>) => {
        for (;;) {
          try {
            return await attempt();
          } catch (error) {
            if (!(error instanceof WrongExpectedVersionError)) throw error;
          }
        }
      };

      try {
        await Promise.all(Array.from({ length: WRITERS }, writer));
        await eventually(
          'the subscriber to catch up',
          () => received.length >= EVENTS || handlerFailure !== undefined,
          30_000,
        );
        await sleep(100);
      } finally {
        await subscription.stop();
      }

      expect(handlerFailure).toBeUndefined();
      expect(written.size).toBe(EVENTS);
      const ids = received.map((event) => event.eventId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(EVENTS);
      expect(ids.every((id) => written.has(id))).toBe(true);
      for (let n = 1; n < received.length; n++) {
        if (received[n]!.globalPosition <= received[n - 1]!.globalPosition) {
          throw new Error(
            `global order broken at delivery ${n}: ${received[n - 1]!.globalPosition} then ${received[n]!.globalPosition}`,
          );
        }
      }
      const lastSeen = new Map<string, number>();
      for (const event of received) {
        const previous = lastSeen.get(event.streamId) ?? 0;
        if (event.streamPosition !== previous + 1) {
          throw new Error(`stream ${event.streamId}: position ${event.streamPosition} delivered after ${previous}`);
        }
        lastSeen.set(event.streamId, event.streamPosition);
      }
      for (const streamId of streams) {
        expect(lastSeen.get(streamId) ?? 0).toBe(await ctx.store.streamVersion(streamId));
      }
      for (let n = 1; n < checkpoints.length; n++) expect(checkpoints[n]!).toBeGreaterThan(checkpoints[n - 1]!);
      expect(subscription.position).toBe(received[received.length - 1]!.globalPosition);
    }, 120_000);
  });
}
