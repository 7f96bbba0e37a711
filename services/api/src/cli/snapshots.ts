/**
 * `reckon snapshots verify|clear`: the command side's stored states of long streams
 * (application/stream-snapshots.ts). They are a cache of the log: verify checks each against a fold
 * of its stream; clear empties it (the streams are then folded whole once).
 */
import { createPool } from '@reckon/database';
import {
  migrateSnapshots,
  PostgresSnapshotStore,
  SNAPSHOTS_TABLE,
  verifyStoredStates,
} from '../application/stream-snapshots.js';
import type { ProjectionCommandContext } from './rebuild-context.js';
import { usageError } from './usage.js';

export async function snapshotsCommand(args: string[], ctx: ProjectionCommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const [sub, ...rest] = args;
  if (sub !== 'verify' && sub !== 'clear') {
    return usageError('snapshots', `expected verify or clear, got ${sub ?? 'nothing'}`, err);
  }
  if (rest.length > 0) return usageError(`snapshots ${sub}`, `takes no arguments (got ${rest.join(' ')})`, err);
  const pool = createPool(ctx.databaseUrl, { max: 1, applicationName: 'reckon-snapshots' });
  try {
    await migrateSnapshots(pool);
    if (sub === 'clear') {
      const { rowCount } = await pool.query(`DELETE FROM ${SNAPSHOTS_TABLE}`);
      out.write(`cleared ${rowCount ?? 0} stored states: each of those streams is folded whole at its next command\n`);
      return 0;
    }
    const { checked, findings } = await verifyStoredStates(new PostgresSnapshotStore(pool), ctx.store, (n, of) => {
      if (n % 100 === 0) err.write(`reckon snapshots verify: ${n}/${of} checked\n`);
    });
    for (const f of findings) {
      out.write(
        f.kind === 'differs'
          ? `  ${f.streamId} at version ${f.version}: the stored state differs from its stream's fold (a fold changed without STATE_SHAPE raised); run 'pnpm reckon snapshots clear'\n`
          : `  ${f.streamId} at version ${f.version}: its stream's event there is another (a log written again); not used, replaced in time\n`,
      );
    }
    const differ = findings.filter((f) => f.kind === 'differs').length;
    out.write(
      `${checked} stored states checked: ${checked - findings.length} equal their stream's fold, ${differ} differ, ` +
        `${findings.length - differ} not of this log\n`,
    );
    return differ > 0 ? 1 : 0;
  } finally {
    await pool.end();
  }
}
