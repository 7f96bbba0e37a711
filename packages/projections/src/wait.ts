import type { Pool } from 'pg';
import type { ProjectionDefinition } from './projection.js';
import { PROJECTIONS } from './registry.js';

/** The lowest checkpoint among the projections (what every read model has processed). */
export async function minimumCheckpoint(
  pool: Pool,
  definitions: readonly ProjectionDefinition[] = PROJECTIONS,
): Promise<number> {
  const union = definitions.map((d) => `SELECT position FROM ${d.schema}.checkpoint`).join(' UNION ALL ');
  const result = await pool.query<{ position: string | null }>(`SELECT min(position) AS position FROM (${union}) c`);
  return Number(result.rows[0]?.position ?? 0);
}

/**
 * Resolves true as soon as every projection's checkpoint is at or past `position` (read-your-writes
 * for `?minPosition=`), false if `timeoutMs` passes first.
 */
export async function waitForPosition(
  pool: Pool,
  position: number,
  timeoutMs: number,
  definitions: readonly ProjectionDefinition[] = PROJECTIONS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let delay = 5;
  for (;;) {
    if ((await minimumCheckpoint(pool, definitions)) >= position) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
    delay = Math.min(delay * 2, 50);
  }
}
