import type { EventStore } from '@reckon/event-store';
import type { Pool } from 'pg';
import { observedCheckpoint, type Stall } from './checkpoint.js';
import type { ProjectionDefinition } from './projection.js';
import { PROJECTIONS } from './registry.js';

export interface ProjectionLag {
  projection: string;
  /** Global position of the last event the projection processed (its checkpoint). */
  position: number;
  /** Global position of the last event in the log. */
  head: number;
  /** `head − position`. */
  eventsBehind: number;
  /** Seconds since the `recordedAt` of the last processed event (null before the first). */
  secondsSinceLastEvent: number | null;
  /**
   * The error that stopped it: as recorded with its checkpoint by whichever process runs it, or as
   * this process saw it (a failure it could not record, the database being gone). Null while it runs.
   */
  error: string | null;
  /** The event it stopped at and since when (recorded with the checkpoint); null while it runs. */
  stall: Stall | null;
}

/** Lag of each projection, from the stored checkpoints (works in any process that shares the database). */
export async function projectionLag(
  pool: Pool,
  store: Pick<EventStore, 'headPosition'>,
  definitions: readonly ProjectionDefinition[] = PROJECTIONS,
  errors: ReadonlyMap<string, string> = new Map(),
): Promise<ProjectionLag[]> {
  const head = await store.headPosition();
  const now = Date.now();
  return await Promise.all(
    definitions.map(async (definition) => {
      const checkpoint = await observedCheckpoint(pool, definition.schema);
      return {
        projection: definition.name,
        position: checkpoint.position,
        head,
        eventsBehind: Math.max(0, head - checkpoint.position),
        secondsSinceLastEvent:
          checkpoint.lastRecordedAt === null ? null : Math.max(0, (now - Date.parse(checkpoint.lastRecordedAt)) / 1000),
        error: errors.get(definition.name) ?? checkpoint.stall?.error ?? null,
        stall: checkpoint.stall,
      };
    }),
  );
}

/** The projections stopped by an event they cannot fold, as recorded with their checkpoints. */
export async function stalledProjections(
  pool: Pool,
  definitions: readonly ProjectionDefinition[] = PROJECTIONS,
): Promise<({ projection: string; checkpoint: number } & Stall)[]> {
  const stalled: ({ projection: string; checkpoint: number } & Stall)[] = [];
  for (const definition of definitions) {
    const { position, stall } = await observedCheckpoint(pool, definition.schema);
    if (stall) stalled.push({ projection: definition.name, checkpoint: position, ...stall });
  }
  return stalled;
}
