import { parseArgs } from 'node:util';
import { createPool } from '@reckon/database';
import { PROJECTIONS, verifyProjections } from '@reckon/projections';
import { selectProjections } from './rebuild.js';
import type { ProjectionCommandContext } from './rebuild-context.js';
import { replayProgress } from './rebuild-progress.js';
import { usageError } from './usage.js';

export const VERIFY_USAGE = `  verify [projection|all] [--max-differences N] [--batch-size N] [--wait-seconds N]
      Check that every live read model has reached the head of the log (waiting up to N seconds,
      default 10, for those still catching up) and name those behind: stopped by an event (which,
      and why) or run by no process. Replay the whole log into scratch tables and compare them row
      by row with the live read models at the same log position; print the first differences.
      Exit code: 0 identical and at the head, 1 behind or differences (or failure), 2 usage error.`;

/** A differing row in one line: its fields, long values cut. */
function brief(row: unknown): string {
  const text = JSON.stringify(row);
  return text.length <= 160 ? text : `${text.slice(0, 157)}…`;
}

export async function verifyCommand(args: string[], ctx: ProjectionCommandContext): Promise<number> {
  const stdout = ctx.stdout ?? process.stdout;
  const stderr = ctx.stderr ?? process.stderr;
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      'max-differences': { type: 'string' },
      'batch-size': { type: 'string' },
      'wait-seconds': { type: 'string' },
    },
  });
  const maxDifferences = values['max-differences'] === undefined ? 20 : Number(values['max-differences']);
  const batchSize = values['batch-size'] === undefined ? 5000 : Number(values['batch-size']);
  const waitSeconds = values['wait-seconds'] === undefined ? 10 : Number(values['wait-seconds']);
  const projections = positionals.length <= 1 ? selectProjections(positionals[0]) : undefined;
  if (
    !projections ||
    !Number.isSafeInteger(maxDifferences) ||
    maxDifferences < 1 ||
    !Number.isSafeInteger(batchSize) ||
    batchSize < 1 ||
    batchSize > 100_000 ||
    !Number.isFinite(waitSeconds) ||
    waitSeconds < 0 ||
    waitSeconds > 3600
  ) {
    const why = !projections
      ? `expected a projection: ${['all', ...PROJECTIONS.map((p) => p.name)].join(', ')}${positionals[0] ? ` (got ${JSON.stringify(positionals[0])})` : ''}`
      : '--max-differences, --batch-size (1 to 100000) and --wait-seconds (0 to 3600) take whole numbers';
    return usageError('verify', why, stderr);
  }
  const pool = createPool(ctx.databaseUrl, { max: projections.length + 4, applicationName: 'reckon-verify' });
  const progress = replayProgress('verify', stderr);
  try {
    const result = await verifyProjections({
      pool,
      store: ctx.store,
      billingTz: ctx.billingTz,
      projections,
      batchSize,
      maxDifferences,
      waitMs: waitSeconds * 1000,
      onProgress: progress.update,
    });
    progress.stop();
    const summary = `${result.projections.join(', ')} at position ${result.position} (${result.events} events replayed in ${result.seconds.toFixed(1)} s)`;
    for (const b of result.behind) {
      const why = b.stall
        ? `stopped at position ${b.stall.position} since ${b.stall.since}: ${b.stall.error}`
        : b.running
          ? `still catching up after ${waitSeconds} s`
          : 'no process runs it (start the service or pnpm start:projector)';
      stdout.write(`verify: BEHIND: ${b.projection} is at position ${b.position}, the log at ${b.head}; ${why}\n`);
    }
    if (result.differences.length === 0) {
      stdout.write(
        `verify: ${result.behind.length === 0 ? 'identical' : 'identical up to where they are'}: ${summary}\n`,
      );
      return result.behind.length === 0 ? 0 : 1;
    }
    stdout.write(`verify: DIFFERENCES in ${summary}; the first ${result.differences.length}:\n`);
    for (const d of result.differences) {
      const where =
        d.side === 'live'
          ? 'in the read model, not in a replay of the log'
          : 'in a replay of the log, missing from the read model';
      stdout.write(`  ${d.projection}: ${where}: ${brief(d.row)}\n`);
    }
    const wrong = [...new Set(result.differences.map((d) => d.projection))];
    for (const name of wrong) {
      stdout.write(`verify: rebuild the ${name} projection from the log: pnpm reckon rebuild ${name}\n`);
    }
    return 1;
  } catch (error) {
    progress.stop();
    stderr.write(`reckon verify: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}
