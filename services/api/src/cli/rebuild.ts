import { parseArgs } from 'node:util';
import { createPool } from '@reckon/database';
import { PROJECTIONS, type ProjectionDefinition, projectionByName, rebuildProjections } from '@reckon/projections';
import type { ProjectionCommandContext } from './rebuild-context.js';
import { replayProgress } from './rebuild-progress.js';
import { usageError, wholeNumber } from './usage.js';

/** What the rebuild says as it leaves the replay (the live tables keep serving throughout). */
const PHASE_LINES = {
  durable: 'replay done: making the new tables durable and building their indexes …\n',
  swap: 'swapping the new tables in (live runners wait for a moment) …\n',
} as const;

export const REBUILD_USAGE = `  rebuild <projection|all> [--batch-size N]
      Rebuild read models from position 0 without downtime: a fresh copy is built beside the live
      tables (which keep serving), caught up, then swapped in atomically. Projections: ${PROJECTIONS.map((p) => p.name).join(', ')}.
      Exit code: 0 done, 1 failed, 2 usage error.`;

/** Parses `<projection|all>`; undefined when the name is unknown. */
export function selectProjections(name: string | undefined): readonly ProjectionDefinition[] | undefined {
  if (name === undefined || name === 'all') return PROJECTIONS;
  const one = projectionByName(name);
  return one ? [one] : undefined;
}

/** The usage error of a projection argument `selectProjections` did not know. */
export function expectedProjection(given: string | undefined): string {
  const names = ['all', ...PROJECTIONS.map((p) => p.name)].join(', ');
  return `expected a projection: ${names}${given ? ` (got ${JSON.stringify(given)})` : ''}`;
}

export async function rebuildCommand(args: string[], ctx: ProjectionCommandContext): Promise<number> {
  const stdout = ctx.stdout ?? process.stdout;
  const stderr = ctx.stderr ?? process.stderr;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'batch-size': { type: 'string' } },
  });
  const projections = positionals.length === 1 ? selectProjections(positionals[0]) : undefined;
  if (!projections) return usageError('rebuild', expectedProjection(positionals[0]), stderr);
  const batchSize = wholeNumber(values['batch-size'], 'batch-size', 1, 100_000, 5000);
  if (typeof batchSize === 'string') return usageError('rebuild', batchSize, stderr);
  const pool = createPool(ctx.databaseUrl, { max: projections.length + 4, applicationName: 'reckon-rebuild' });
  const progress = replayProgress(`rebuild ${positionals[0]}`, stderr);
  try {
    const result = await rebuildProjections({
      pool,
      store: ctx.store,
      billingTz: ctx.billingTz,
      projections,
      batchSize,
      onProgress: progress.update,
      onPhase: (phase) => {
        if (phase === 'replay') return;
        progress.stop();
        stderr.write(PHASE_LINES[phase]);
      },
    });
    progress.stop();
    const rate = Math.round(result.events / Math.max(result.seconds, 0.001));
    const { replay, durable, swap } = result.phases;
    stdout.write(
      `rebuilt ${result.projections.join(', ')}: ${result.events} events in ${result.seconds.toFixed(1)} s ` +
        `(${rate} events/s), swapped in at position ${result.position}\n` +
        `  replay ${replay.toFixed(1)} s, tables made durable and indexed ${durable.toFixed(1)} s, swap ${swap.toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    progress.stop();
    stderr.write(`reckon rebuild: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}
