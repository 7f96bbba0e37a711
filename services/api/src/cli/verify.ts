import { parseArgs } from 'node:util';
import { createPool } from '@reckon/database';
import { type Difference, projectionByName, verifyProjections } from '@reckon/projections';
import { expectedProjection, selectProjections } from './rebuild.js';
import type { ProjectionCommandContext } from './rebuild-context.js';
import { replayProgress } from './rebuild-progress.js';
import { usageError, wholeNumber } from './usage.js';

export const VERIFY_USAGE = `  verify [projection|all] [--max-differences N] [--batch-size N] [--wait-seconds N]
      Check that every live read model has reached the head of the log (waiting up to N seconds,
      default 10, for those still catching up) and name those behind: stopped by an event (which,
      and why) or run by no process. Replay the whole log into scratch tables and compare them row
      by row with the live read models at the same log position; print the first differences.
      Exit code: 0 identical and at the head, 1 behind or differences (or failure), 2 usage error.`;

/** A value in a line of the report, long ones cut. */
function brief(value: unknown, max = 400): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The differences as an operator reads them: a row both sides have under the same key, with other
 * values, is one "changed" line naming the columns that differ (live → replay); a row only one side
 * has is printed whole.
 */
function differenceLines(differences: readonly Difference[]): string[] {
  const keyOf = (d: Difference) => {
    const table = projectionByName(d.projection)?.tables.find((t) => t.name === d.table);
    return table ? table.key.map((column) => d.row[column]) : [d.row];
  };
  const ids = (d: Difference) => JSON.stringify([d.projection, d.table, keyOf(d)]);
  const replayed = new Map(differences.filter((d) => d.side === 'replay').map((d) => [ids(d), d]));
  const paired = new Set<Difference>();
  const lines: string[] = [];
  for (const d of differences) {
    if (d.side !== 'live') continue;
    const other = replayed.get(ids(d));
    if (!other) continue;
    paired.add(d).add(other);
    const columns = Object.keys(d.row).filter((c) => JSON.stringify(d.row[c]) !== JSON.stringify(other.row[c]));
    const changes = columns.map(
      (c) => `${c} ${brief(d.row[c], 120)} in the read model, ${brief(other.row[c], 120)} replayed`,
    );
    lines.push(`  ${d.projection}.${d.table} ${brief(keyOf(d), 200)}: ${changes.join('; ')}`);
  }
  for (const d of differences) {
    if (paired.has(d)) continue;
    const where =
      d.side === 'live' ? 'only in the read model, not in a replay of the log' : 'only in a replay of the log';
    lines.push(`  ${d.projection}.${d.table}: ${where}: ${brief(d.row)}`);
  }
  return lines;
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
  const projections = positionals.length <= 1 ? selectProjections(positionals[0]) : undefined;
  if (!projections) return usageError('verify', expectedProjection(positionals[0]), stderr);
  const maxDifferences = wholeNumber(values['max-differences'], 'max-differences', 1, 1_000_000, 20);
  if (typeof maxDifferences === 'string') return usageError('verify', maxDifferences, stderr);
  const batchSize = wholeNumber(values['batch-size'], 'batch-size', 1, 100_000, 5000);
  if (typeof batchSize === 'string') return usageError('verify', batchSize, stderr);
  const waitSeconds = values['wait-seconds'] === undefined ? 10 : Number(values['wait-seconds']);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 3600) {
    const got = JSON.stringify(values['wait-seconds']);
    return usageError('verify', `--wait-seconds takes a number of seconds from 0 to 3600 (got ${got})`, stderr);
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
    const wrong = [...new Set(result.differences.map((d) => d.projection))];
    stdout.write(
      `verify: DIFFERENCES in ${wrong.join(', ')} (verified: ${summary}); the first ${result.differences.length} rows:\n`,
    );
    for (const line of differenceLines(result.differences)) stdout.write(`${line}\n`);
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
