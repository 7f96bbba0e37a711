import { useTestDatabase } from '@reckon/database/vitest';
import { generateEvents } from '@reckon/generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionApplier } from '../applier.js';
import { catchUp } from '../catch-up.js';
import type { ProjectionDefinition, Queryable } from '../projection.js';
import { verifyProjections } from '../rebuild.js';
import { type Harness, openHarness } from '../testing/harness.js';
import { IncentivesHandler } from './handler.js';
import { incentivesProjection } from './projection.js';
import { INCENTIVES_SCHEMA } from './schema.js';

const TZ = 'Asia/Shanghai';
const EVENTS = 6000;

/**
 * The incentives projection with its handler kept for inspection, memory bounded to `entries` and
 * its orders cache to `orders`; the reads of a replay's committed rows counted.
 */
function observed(
  entries?: number,
  orders?: number,
): { definition: ProjectionDefinition; handlers: IncentivesHandler[]; committedReads: { count: number } } {
  const handlers: IncentivesHandler[] = [];
  const committedReads = { count: 0 };
  return {
    handlers,
    committedReads,
    definition: {
      ...incentivesProjection,
      create: (context) => {
        const reads = context.committedReads;
        const counted: Queryable | undefined = reads && {
          query: ((...args: unknown[]) => {
            committedReads.count++;
            return Reflect.apply(reads.query, reads, args);
          }) as unknown as Queryable['query'],
        };
        // Histories of its own (not shared), as a replay of this projection alone has.
        const handler = new IncentivesHandler(
          { ...context, associations: undefined, ...(counted && { committedReads: counted }) },
          { memoryEntries: entries, orders },
        );
        handlers.push(handler);
        return handler;
      },
    },
  };
}

/**
 * A rebuild from position 0 reads nothing back from its tables (memory.ts: nets, current revisions,
 * live lines kept in memory, complete from the start); a live projection builds the same rows in
 * small batches across restarts, reading them back. Both, and a rebuild whose memory is dropped
 * after every batch (the bound exceeded), must give the same rows.
 */
describe('incentives: the rows of a rebuild kept in memory and of a live build', () => {
  const db = useTestDatabase('incentives_memory');
  let h: Harness;
  /** A rebuild of `definition` in a scratch schema, compared row by row with the live build. */
  const verify = (definition: ProjectionDefinition, batchSize?: number) =>
    verifyProjections({
      pool: h.pool,
      store: h.store,
      billingTz: TZ,
      projections: [definition],
      ...(batchSize === undefined ? {} : { batchSize }),
    });

  beforeAll(async () => {
    h = await openHarness(db.url, TZ);
    const events = Array.from(generateEvents({ events: EVENTS, seed: 'incentives-memory', months: 4 }));
    // Live: appended 750 at a time, each time by a runner started afresh at its checkpoint (a
    // restart: empty caches, every read from the tables) in batches of 97 events.
    for (let i = 0; i < events.length; i += 750) {
      await h.append(events.slice(i, i + 750).map((e) => ({ ...e, version: e.version ?? 1 })) as never);
      const applier = new ProjectionApplier(incentivesProjection, INCENTIVES_SCHEMA, h.pool, TZ);
      await catchUp({ store: h.store, appliers: [applier], batchSize: 97 });
    }
  }, 240_000);
  afterAll(async () => h?.close());

  it('the live build went through what memory has to follow', async () => {
    const figures = await h.pool.query(
      `SELECT count(*) FILTER (WHERE status = 'confirmed') AS confirmed,
              count(*) FILTER (WHERE status = 'superseded') AS superseded,
              count(*) FILTER (WHERE current AND tier_bonus <> 0) AS tiered
         FROM ${INCENTIVES_SCHEMA}.statements`,
    );
    const { confirmed, superseded, tiered } = figures.rows[0];
    // Closes (checksums), rule publications (new revisions) and tier bonuses (shifts).
    expect(Number(confirmed)).toBeGreaterThan(0);
    expect(Number(superseded)).toBeGreaterThan(0);
    expect(Number(tiered)).toBeGreaterThan(0);
  });

  it('a rebuild from position 0, kept in memory, gives the same rows', async () => {
    const { definition, handlers } = observed();
    const result = await verify(definition);
    expect(result.behind).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(result.events).toBe(EVENTS);
    // It ran complete from start to end: no read of nets, heads or lines, never dropped.
    expect(handlers).toHaveLength(1);
    expect(handlers[0]!.memory.isComplete).toBe(true);
    expect(handlers[0]!.memory.drops).toBe(0);
  }, 120_000);

  it('a rebuild whose memory exceeds its bound (dropped, then read back) gives the same rows', async () => {
    const { definition, handlers } = observed(50);
    const result = await verify(definition, 250);
    expect(result.behind).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(handlers[0]!.memory.isComplete).toBe(false);
    expect(handlers[0]!.memory.drops).toBeGreaterThan(5);
  }, 120_000);

  it('a rebuild whose orders outgrow their cache reads them back beside the batch in flight, and gives the same rows', async () => {
    // 40 orders kept: refunds and spec changes of older ones are read on another connection while
    // the batch before, which may have changed some of them, is still being committed.
    const { definition, committedReads } = observed(undefined, 40);
    const result = await verify(definition, 61);
    expect(result.behind).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(committedReads.count).toBeGreaterThan(20);
  }, 120_000);
});
