/**
 * Planning against a long history (issue 13: the cost of an event must not grow with its
 * customer's or its funds' history). One resale customer of one reseller places orders in batches
 * of 1,000, planned by the domain's `planBatch` against the states the batches before left (kept in
 * memory, as the service's snapshot cache keeps them): each order adds an entry to the customer's
 * orders and to the reseller's funds. The section times the planning of `SAMPLE` orders after a
 * warm-up of twice as many, and again after `HISTORY` more, and prints both per order and their ratio (1:
 * the cost does not grow). No database: the domain alone.
 *
 * Knobs: BENCH_PLANNING_HISTORY (default 50,000 orders), BENCH_PLANNING_SAMPLE (default 10,000).
 */
import { type DomainEvent, planBatch, type StreamSnapshot } from '@reckon/domain';
import { ev, resaleSetup } from '@reckon/domain/testing';
import type { BenchSection, Figure } from './harness.js';

const HISTORY = Number(process.env.BENCH_PLANNING_HISTORY ?? 50_000);
const SAMPLE = Number(process.env.BENCH_PLANNING_SAMPLE ?? 10_000);
const BATCH = 1_000;

export const planningBench: BenchSection = {
  name: 'planning',
  async run({ log }): Promise<Figure[]> {
    const snapshots = new Map<string, StreamSnapshot>();
    const lookup = (streamId: string): StreamSnapshot =>
      snapshots.get(streamId) ?? { streamId, version: 0, state: undefined };
    let placed = 0;
    const plan = (events: readonly DomainEvent[]): number => {
      const started = performance.now();
      const result = planBatch(events, lookup);
      const ms = performance.now() - started;
      if (result.kind !== 'planned')
        throw new Error(`planning bench: refused: ${JSON.stringify(result).slice(0, 300)}`);
      for (const snapshot of result.snapshots) snapshots.set(snapshot.streamId, snapshot);
      return ms;
    };
    const orders = (count: number): number => {
      let ms = 0;
      for (let done = 0; done < count; done += BATCH) {
        const batch: DomainEvent[] = [];
        for (let i = 0; i < Math.min(BATCH, count - done); i++, placed++) {
          batch.push(
            ev.order({
              orderId: `o-${placed}`,
              listAmount: '10',
              amount: '10',
              resources: [{ resourceId: `r-${placed}` }],
            }),
          );
        }
        ms += plan(batch);
      }
      return ms;
    };
    plan(resaleSetup('1000000000'));
    orders(2 * SAMPLE); // warm-up: the code paths optimised before either sample
    const shortMs = orders(SAMPLE);
    log(`  ${placed.toLocaleString('en-GB')} orders placed; placing ${HISTORY.toLocaleString('en-GB')} more …`);
    orders(HISTORY);
    const longMs = orders(SAMPLE);
    const short = (shortMs * 1000) / SAMPLE;
    const long = (longMs * 1000) / SAMPLE;
    return [
      {
        key: 'planning_short_history_us',
        value: Number(short.toFixed(1)),
        unit: 'µs',
        label: `planning a resale order, ${(3 * SAMPLE).toLocaleString('en-GB')} orders behind it`,
      },
      {
        key: 'planning_long_history_us',
        value: Number(long.toFixed(1)),
        unit: 'µs',
        label: `the same, ${(4 * SAMPLE + HISTORY).toLocaleString('en-GB')} orders behind it`,
      },
      {
        key: 'planning_history_ratio',
        value: Number((long / short).toFixed(2)),
        unit: 'ratio',
        label: 'long / short (1: the cost does not grow)',
      },
    ];
  },
};
