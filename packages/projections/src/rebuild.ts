import { transaction } from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import type { Pool, PoolClient } from 'pg';
import { ProjectionApplier } from './applier.js';
import { catchUp } from './catch-up.js';
import {
  assertBillingZone,
  createScratchSchema,
  dropSecondaryIndexes,
  readCheckpoint,
  type Stall,
  setLogged,
} from './checkpoint.js';
import { AssociationHistories } from './context/associations.js';
import { migrateProjections } from './migrations.js';
import type { ProjectionDefinition } from './projection.js';
import { lockKey } from './runner.js';
import { ReplayStatistics } from './statistics.js';

export interface ReplayProgress {
  /** Projections being replayed. */
  projections: string[];
  /** Global position reached. */
  position: number;
  /** Head of the log when the replay started (the bar's 100 %). */
  head: number;
  /** Events replayed so far. */
  events: number;
  elapsedMs: number;
}

export interface ReplayOptions {
  pool: Pool;
  store: Pick<EventStore, 'readAll' | 'headPosition'>;
  billingTz: string;
  projections: readonly ProjectionDefinition[];
  batchSize?: number;
  onProgress?: (progress: ReplayProgress) => void;
}

/**
 * The phases of a rebuild, in order (each can take a while on a large log): the replay into the
 * scratch schema, making its tables logged and indexed, the swap with its final catch-up.
 */
export type RebuildPhase = 'replay' | 'durable' | 'swap';

export interface RebuildOptions extends ReplayOptions {
  /** Called as each phase starts (the replay also reports through `onProgress`). */
  onPhase?: (phase: RebuildPhase) => void;
}

export interface RebuildResult {
  projections: string[];
  /** Per projection: batches, events, milliseconds folding/writing and committing. */
  stats: Record<string, ProjectionApplier['stats']>;
  /** Position of the log the swapped-in tables had reached. */
  position: number;
  events: number;
  seconds: number;
  /** Seconds spent in each phase. */
  phases: Record<RebuildPhase, number>;
}

/** The tables of projections' scratch copies, qualified. */
const scratchTables = (projections: readonly ProjectionDefinition[], schema: (p: ProjectionDefinition) => string) =>
  projections.flatMap((p) => p.tables.map((t) => `${schema(p)}.${t.name}`));

/** The tables of a projection a rebuild fills logged (not rewritten when the tables go durable). */
const keptLoggedTables = (p: ProjectionDefinition): ReadonlySet<string> =>
  new Set(p.tables.filter((t) => t.keptLogged).map((t) => t.name));

/** Where a projection's fresh copy is built before it is swapped in. */
/** The scratch schema a rebuild fills (`<schema>_next`), swapped in when it is done. */
export const nextSchema = (definition: ProjectionDefinition) => `${definition.schema}_next`;
const oldSchema = (definition: ProjectionDefinition) => `${definition.schema}_old`;
const verifySchema = (definition: ProjectionDefinition) => `${definition.schema}_verify`;

/** Replays the log into the scratch schemas up to `toPosition`, reading it once for all of them. */
async function replay(
  options: ReplayOptions,
  appliers: ProjectionApplier[],
  toPosition: number,
  started: number,
  counted = { events: 0 },
  statistics?: ReplayStatistics,
): Promise<number> {
  return await catchUp({
    store: options.store,
    appliers,
    batchSize: options.batchSize ?? 5000,
    toPosition,
    onBatch: (position, count) => {
      counted.events += count;
      statistics?.replayed(counted.events);
      options.onProgress?.({
        projections: options.projections.map((p) => p.name),
        position,
        head: Math.max(toPosition, position),
        events: counted.events,
        elapsedMs: Date.now() - started,
      });
    },
  });
}

/** Holds session advisory locks on a dedicated connection; throws if one is taken. */
async function exclusive(pool: Pool, keys: string[]): Promise<PoolClient> {
  const client = await pool.connect();
  for (const key of keys) {
    const result = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [key]);
    if (!result.rows[0]?.locked) {
      await client.query('SELECT pg_advisory_unlock_all()');
      client.release();
      throw new Error(`another rebuild or verify holds ${key}`);
    }
  }
  return client;
}

/**
 * Rebuilds projections without downtime: builds each from position 0 into `<schema>_next` beside
 * the live tables (which keep serving and following the log), catches up, then in one transaction
 * that holds the live checkpoint table exclusively (so the live runner waits between batches):
 * a final catch-up, live → `<schema>_old`, next → live, drop old. The live runner then finds a
 * checkpoint of another generation, drops its caches and carries on from the new one.
 */
export async function rebuildProjections(options: RebuildOptions): Promise<RebuildResult> {
  const { pool, billingTz, projections } = options;
  const started = Date.now();
  const phases: Record<RebuildPhase, number> = { replay: 0, durable: 0, swap: 0 };
  let phase: { name: RebuildPhase; at: number } | undefined;
  const enter = (name: RebuildPhase | undefined) => {
    if (phase) phases[phase.name] += (Date.now() - phase.at) / 1000;
    phase = name ? { name, at: Date.now() } : undefined;
    if (name) options.onPhase?.(name);
  };
  await migrateProjections(pool, projections);
  const guard = await exclusive(
    pool,
    projections.map((p) => lockKey(nextSchema(p))),
  );
  try {
    const indexes: string[][] = [];
    const kept = projections.map(keptLoggedTables);
    for (const [i, p] of projections.entries()) {
      await createScratchSchema(pool, p, nextSchema(p));
      await setLogged(pool, nextSchema(p), false, kept[i]);
      indexes.push(await dropSecondaryIndexes(pool, nextSchema(p)));
    }
    // From position 0 together: one copy of the customers' associations for all of them.
    const associations = new AssociationHistories();
    const appliers = projections.map(
      (p) => new ProjectionApplier(p, nextSchema(p), pool, billingTz, { journal: true, associations }),
    );
    const statistics = new ReplayStatistics(pool, scratchTables(projections, nextSchema));
    enter('replay');
    // Up to the head as it was, then close the gap the appends opened meanwhile (a few rounds).
    const counted = { events: 0 };
    let events = await replay(options, appliers, await options.store.headPosition(), started, counted, statistics);
    for (let round = 0; round < 3; round++) {
      const caught = await replay(options, appliers, await options.store.headPosition(), started, counted, statistics);
      events += caught;
      if (caught < (options.batchSize ?? 5000)) break;
    }

    // Journals folded into their tables, then durable again before it goes live (one sequential
    // rewrite per table, outside the swap's lock), then the secondary indexes built in one pass
    // each; the projections side by side. The tables keep the statistics of the replay's last
    // round (taken with at least half the events replayed), the folded journals their own.
    enter('durable');
    await statistics.settled();
    await Promise.all(
      projections.map(async (p, i) => {
        await appliers[i]!.settle();
        await setLogged(pool, nextSchema(p), true, kept[i]);
        for (const statement of indexes[i]!) await pool.query(statement);
      }),
    );
    enter('swap');

    await transaction(pool, async (client) => {
      for (const p of projections) await client.query(`LOCK TABLE ${p.schema}.checkpoint IN ACCESS EXCLUSIVE MODE`);
      // The live runners wait now; what is appended from here on they take from the new tables.
      const head = await options.store.headPosition();
      events += await catchUp({
        store: options.store,
        appliers,
        batchSize: options.batchSize ?? 5000,
        toPosition: head,
      });
      for (const p of projections) {
        await client.query(`DROP SCHEMA IF EXISTS ${oldSchema(p)} CASCADE`);
        await client.query(`ALTER SCHEMA ${p.schema} RENAME TO ${oldSchema(p)}`);
        await client.query(`ALTER SCHEMA ${nextSchema(p)} RENAME TO ${p.schema}`);
        await client.query(`DROP SCHEMA ${oldSchema(p)} CASCADE`);
      }
    });
    enter(undefined);
    const position = Math.min(...appliers.map((a) => a.position));
    return {
      projections: projections.map((p) => p.name),
      stats: Object.fromEntries(appliers.map((a) => [a.definition.name, a.stats])),
      position,
      events,
      seconds: (Date.now() - started) / 1000,
      phases,
    };
  } catch (error) {
    for (const p of projections) await pool.query(`DROP SCHEMA IF EXISTS ${nextSchema(p)} CASCADE`).catch(() => {});
    throw error;
  } finally {
    await guard.query('SELECT pg_advisory_unlock_all()').catch(() => {});
    guard.release();
  }
}

export interface Difference {
  projection: string;
  table: string;
  /** `live`: a row the live table has and a replay does not; `replay`: the other way round. */
  side: 'live' | 'replay';
  row: Record<string, unknown>;
}

/** A live projection that had not reached the head of the log by the time verify compared. */
export interface Behind {
  projection: string;
  /** Its checkpoint. */
  position: number;
  /** The head of the log when verify started. */
  head: number;
  /** The event it is stopped at, and why, when it is stopped by one (recorded with its checkpoint). */
  stall: Stall | null;
  /** Whether a process holds its advisory lock, i.e. runs it (none: nothing brings it forward). */
  running: boolean;
}

export interface VerifyResult {
  projections: string[];
  /** The log position at which live tables and replay were compared. */
  position: number;
  /** The head of the log when verify started: every live projection should reach it. */
  head: number;
  events: number;
  seconds: number;
  /**
   * The first differences found: up to `maxDifferences` rows on each side (live, replay), so that a
   * changed row shows both its versions; empty when all rows match.
   */
  differences: Difference[];
  /** Projections behind the head (stopped, not running, or slower than `waitMs`); empty when none. */
  behind: Behind[];
}

/** Whether some process holds the advisory lock of a live projection (runner.ts, `lockKey`). */
async function isRunning(pool: Pool, definition: ProjectionDefinition): Promise<boolean> {
  return (await heldLocks(pool, [lockKey(definition.schema)])).size > 0;
}

/**
 * The projections a rebuild is building now: their scratch schema (`<schema>_next`) is locked by
 * it. One a rebuild left behind when it was killed is not being built.
 */
export async function rebuildsRunning(pool: Pool, definitions: readonly ProjectionDefinition[]): Promise<Set<string>> {
  const held = await heldLocks(
    pool,
    definitions.map((d) => lockKey(nextSchema(d))),
  );
  return new Set(definitions.filter((d) => held.has(lockKey(nextSchema(d)))).map((d) => d.name));
}

/** Which of `keys` (advisory locks on `hashtext(key)`) some session of this database holds: one query. */
async function heldLocks(pool: Pool, keys: readonly string[]): Promise<Set<string>> {
  // A bigint advisory key shows in pg_locks as classid (high 32 bits) and objid (low 32 bits).
  // Advisory locks are per database; pg_locks lists every database's (a Reckon on another database
  // of the same server holds keys of the same names).
  const result = await pool.query<{ key: string }>(
    `SELECT k.key FROM unnest($1::text[]) AS k(key)
      WHERE EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((classid::bigint << 32) | objid::bigint) = hashtext(k.key)::bigint)`,
    [keys],
  );
  return new Set(result.rows.map((row) => row.key));
}

/**
 * Waits (at most `waitMs`) for the live projections to reach `head`; returns those that did not.
 * One stopped by an event, or run by no process, is not waited for: it will not get there.
 */
async function awaitLiveHead(
  pool: Pool,
  projections: readonly ProjectionDefinition[],
  head: number,
  waitMs: number,
): Promise<Behind[]> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const behind: Behind[] = [];
    let waiting = false;
    for (const p of projections) {
      const { position, stall } = await readCheckpoint(pool, p.schema);
      if (position >= head) continue;
      const running = await isRunning(pool, p);
      behind.push({ projection: p.name, position, head, stall, running });
      if (running && !stall) waiting = true;
    }
    if (!waiting || Date.now() >= deadline) return behind;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Checks the live read models against the log: every live projection must reach the head of the
 * log (as it was when verify started; it waits up to `waitMs` for them, not for one that is stopped
 * by an event or that no process runs), and its rows must be what a replay gives. Replays the whole
 * log into scratch tables (`<schema>_verify`) and compares them row by row with the live read models
 * at the same log position: the replay is built up to the live checkpoint, then, holding the live
 * checkpoint tables (the live runner waits), brought to exactly the live position and compared with
 * `EXCEPT ALL` both ways.
 */
export async function verifyProjections(
  options: ReplayOptions & { maxDifferences?: number; waitMs?: number },
): Promise<VerifyResult> {
  const { pool, billingTz, projections } = options;
  const maxDifferences = options.maxDifferences ?? 10;
  const started = Date.now();
  await migrateProjections(pool, projections);
  // A replay in another zone than the live tables' would differ on every booked row.
  await assertBillingZone(pool, projections, billingTz);
  const head = await options.store.headPosition();
  const guard = await exclusive(
    pool,
    projections.map((p) => lockKey(verifySchema(p))),
  );
  try {
    for (const p of projections) {
      await createScratchSchema(pool, p, verifySchema(p));
      await setLogged(pool, verifySchema(p), false);
      await dropSecondaryIndexes(pool, verifySchema(p));
    }
    const associations = new AssociationHistories();
    const appliers = projections.map(
      (p) => new ProjectionApplier(p, verifySchema(p), pool, billingTz, { journal: true, associations }),
    );
    const lows = await Promise.all(projections.map((p) => readCheckpoint(pool, p.schema)));
    let events = 0;
    // Most of the replay, up to where the slowest live projection is now, without holding anything.
    const first = Math.min(...lows.map((c) => c.position));
    const statistics = new ReplayStatistics(pool, scratchTables(projections, verifySchema));
    if (first > 0) events += await replay(options, appliers, first, started, { events: 0 }, statistics);
    await statistics.settled();
    for (const applier of appliers) await applier.settle();
    const behind = await awaitLiveHead(pool, projections, head, options.waitMs ?? 10_000);

    const differences: Difference[] = [];
    let position = 0;
    await transaction(pool, async (client) => {
      for (const p of projections) await client.query(`LOCK TABLE ${p.schema}.checkpoint IN EXCLUSIVE MODE`);
      for (const [i, p] of projections.entries()) {
        const live = await readCheckpoint(client, p.schema);
        const applier = appliers[i]!;
        events += await catchUp({
          store: options.store,
          appliers: [applier],
          batchSize: options.batchSize ?? 5000,
          toPosition: live.position,
        });
        position = Math.max(position, live.position);
        for (const table of p.tables) {
          if (differences.length >= maxDifferences) break;
          // Each side up to the same limit, so that a changed row shows on both (its two versions).
          const limit = maxDifferences - differences.length;
          for (const [side, a, b] of [
            ['live', p.schema, verifySchema(p)],
            ['replay', verifySchema(p), p.schema],
          ] as const) {
            const rows = await client.query(
              `SELECT * FROM (SELECT * FROM ${a}.${table.name} EXCEPT ALL SELECT * FROM ${b}.${table.name}) d
                ORDER BY ${table.key.join(', ')} LIMIT ${limit}`,
            );
            for (const row of rows.rows) differences.push({ projection: p.name, table: table.name, side, row });
          }
        }
      }
    });
    return {
      projections: projections.map((p) => p.name),
      position,
      head,
      events,
      seconds: (Date.now() - started) / 1000,
      differences,
      behind,
    };
  } finally {
    for (const p of projections) await pool.query(`DROP SCHEMA IF EXISTS ${verifySchema(p)} CASCADE`).catch(() => {});
    await guard.query('SELECT pg_advisory_unlock_all()').catch(() => {});
    guard.release();
  }
}
