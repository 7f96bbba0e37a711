import { useTestDatabase } from '@reckon/database/vitest';
import { generateEvents } from '@reckon/generator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectionApplier } from '../applier.js';
import { catchUp } from '../catch-up.js';
import { incentivesProjection } from '../incentives/projection.js';
import type { ProjectionDefinition } from '../projection.js';
import { balancesProjection } from '../read-models/balances.js';
import { consumptionProjection } from '../read-models/consumption.js';
import { directoryProjection } from '../read-models/directory.js';
import { onDemandProjection } from '../read-models/on-demand.js';
import { verifyProjections } from '../rebuild.js';
import { type Harness, openHarness } from '../testing/harness.js';
import { AssociationHistories } from './associations.js';

const TZ = 'Asia/Shanghai';
const EVENTS = 6000;
/** The projections that book by partner, each with an `AssociationBook`. */
const BOOKING = [
  directoryProjection,
  consumptionProjection,
  balancesProjection,
  onDemandProjection,
  incentivesProjection,
];

/** The projections, each made with `histories` as the association histories it shares (recorded in `given`). */
function sharing(histories: AssociationHistories | undefined) {
  const given: (AssociationHistories | undefined)[] = [];
  const definitions: ProjectionDefinition[] = BOOKING.map((p) => ({
    ...p,
    create: (context) => {
      const associations = histories ?? context.associations;
      given.push(associations);
      return p.create({ ...context, associations });
    },
  }));
  return { definitions, given };
}

/**
 * A replay from position 0 builds the five projections that book by partner with one copy of the
 * customers' associations between them, each answering as of its own position (the projections
 * run up to two batches apart). A live build, in small batches across restarts, has a book of its
 * own per projection, read back from its table. Both must give the same rows, also when the shared
 * histories exceed their bound (dropped, then read back from a table).
 */
describe('associations shared by the projections of a replay', () => {
  const db = useTestDatabase('shared_associations');
  let h: Harness;

  beforeAll(async () => {
    h = await openHarness(db.url, TZ);
    const events = Array.from(generateEvents({ events: EVENTS, seed: 'shared-associations', months: 4 }));
    const moves = events.filter((e) => e.type === 'AssociationTypeSwitched' || e.type === 'CustomerDisassociated');
    expect(moves.length).toBeGreaterThan(10);
    for (let i = 0; i < events.length; i += 750) {
      await h.append(events.slice(i, i + 750).map((e) => ({ ...e, version: e.version ?? 1 })) as never);
      const appliers = BOOKING.map((p) => new ProjectionApplier(p, p.schema, h.pool, TZ));
      await catchUp({ store: h.store, appliers, batchSize: 97 });
    }
  }, 240_000);
  afterAll(async () => h?.close());

  it('a replay of the five together, one copy of the histories, gives the rows of the live build', async () => {
    const { definitions, given } = sharing(undefined);
    const result = await verifyProjections({ pool: h.pool, store: h.store, billingTz: TZ, projections: definitions });
    expect(result.behind).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(given).toHaveLength(5);
    const histories = given[0]!;
    expect(given.every((g) => g === histories)).toBe(true);
    // None left it (a book that resets or starts elsewhere goes on alone), and nothing was read.
    expect(histories.books.size).toBe(5);
    expect(histories.complete).toBe(true);
  }, 120_000);

  it('the same when the histories exceed their bound (dropped, read back) and the batches are small', async () => {
    const histories = new AssociationHistories(40);
    const { definitions } = sharing(histories);
    const result = await verifyProjections({
      pool: h.pool,
      store: h.store,
      billingTz: TZ,
      projections: definitions,
      batchSize: 97,
    });
    expect(result.behind).toEqual([]);
    expect(result.differences).toEqual([]);
    expect(histories.books.size).toBe(5);
    expect(histories.complete).toBe(false);
  }, 120_000);
});
