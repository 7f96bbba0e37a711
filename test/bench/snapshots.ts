/**
 * Snapshots section of `pnpm bench`, over the generated log of the projections section (its loader
 * and cache: the same database, reused): the first command of a process on the reseller with the
 * longest funds history (a `FundsReclaimed` of more than it has, refused, so the log stays as it is),
 * decided by a command handler whose cache is empty, as after a restart: once folding the funds
 * stream whole, once from the state stored in `command_snapshots` (issue 13: the cost of an event
 * must not grow with its history). The stored states are dropped afterwards.
 *
 * Knobs: those of the projections section, and BENCH_SNAPSHOT_ROUNDS (default 3: each way, alternated; the medians count).
 */
import { CommandHandler } from '../../services/api/src/application/command-handler.js';
import {
  migrateSnapshots,
  PostgresSnapshotStore,
  SNAPSHOTS_SCHEMA,
  StreamSnapshots,
} from '../../services/api/src/application/stream-snapshots.js';
import { envelope } from '../../services/api/src/testing/events.js';
import { type BenchSection, type Figure, percentile } from './harness.js';
import { EVENTS, withCachedLog } from './projections.js';

const ROUNDS = Number(process.env.BENCH_SNAPSHOT_ROUNDS ?? 3);

export const snapshotsBench: BenchSection = {
  name: `snapshots (generated log of ${EVENTS.toLocaleString('en-GB')} events)`,
  async run({ log }) {
    return await withCachedLog(
      log,
      { store: 2, pool: 2, applicationName: 'reckon-bench-snapshots' },
      async ({ store, pool }) => {
        try {
          const longest = await pool.query<{ stream_id: string; version: string }>(
            `SELECT stream_id, version FROM event_streams WHERE stream_id LIKE 'funds-%' ORDER BY version DESC LIMIT 1`,
          );
          const funds = longest.rows[0];
          if (!funds) throw new Error('snapshots bench: the log has no reseller funds');
          const [registered] = await store.readStream(`partner-${funds.stream_id.slice('funds-'.length)}`, {
            maxCount: 1,
          });
          const reseller = registered?.data as Record<string, string>;
          const reclaim = () =>
            envelope('FundsReclaimed', {
              reclaimId: `bench-reclaim-${Math.random()}`,
              distributorId: reseller.parentId,
              resellerId: reseller.partnerId,
              amount: '999999999999',
              currency: reseller.currency,
            });
          await pool.query(`DROP SCHEMA IF EXISTS ${SNAPSHOTS_SCHEMA} CASCADE`);
          await pool.query(`DELETE FROM schema_migrations WHERE namespace = 'command-snapshots'`);
          await migrateSnapshots(pool);
          const first = async (snapshots: StreamSnapshots | undefined): Promise<number> => {
            const handler = new CommandHandler(store, snapshots ? { snapshots } : {});
            const started = performance.now();
            const outcome = await handler.append([reclaim()], { actor: { kind: 'cli', user: 'bench' } });
            const ms = performance.now() - started;
            if (outcome.kind !== 'refused' || outcome.rule !== 'reclaim-within-available')
              throw new Error(
                `snapshots bench: expected reclaim-within-available, got ${JSON.stringify(outcome).slice(0, 300)}`,
              );
            await snapshots?.settled();
            return ms;
          };
          const started = async () => {
            const snapshots = new StreamSnapshots(new PostgresSnapshotStore(pool), { refreshMs: 0 });
            await snapshots.start();
            return snapshots;
          };
          log(
            `  ${funds.stream_id}: ${Number(funds.version).toLocaleString('en-GB')} events; the first command, ${ROUNDS} times each way …`,
          );
          await first(await started()); // stores the state (and warms the buffer cache for both ways)
          const size = await pool.query<{ bytes: number }>(
            `SELECT octet_length(state::text) AS bytes FROM ${SNAPSHOTS_SCHEMA}.states WHERE stream_id = $1`,
            [funds.stream_id],
          );
          log(
            `  its stored state: ${Math.round((size.rows[0]?.bytes ?? 0) / 1024).toLocaleString('en-GB')} KiB of JSON`,
          );
          const whole: number[] = [];
          const stored: number[] = [];
          for (let round = 0; round < ROUNDS; round++) {
            whole.push(await first(undefined));
            stored.push(await first(await started()));
          }
          log(
            `  folded whole: ${whole.map((ms) => ms.toFixed(0)).join(' / ')} ms; from the stored state: ${stored.map((ms) => ms.toFixed(0)).join(' / ')} ms`,
          );
          const figures: Figure[] = [
            {
              key: 'first_command_long_stream_whole_ms',
              value: Number(percentile(whole, 50).toFixed(1)),
              unit: 'ms',
              label: `first command on a funds stream of ${Number(funds.version).toLocaleString('en-GB')} events, folded whole`,
            },
            {
              key: 'first_command_long_stream_stored_ms',
              value: Number(percentile(stored, 50).toFixed(1)),
              unit: 'ms',
              label: 'the same, from its stored state',
            },
          ];
          return figures;
        } finally {
          await pool.query(`DROP SCHEMA IF EXISTS ${SNAPSHOTS_SCHEMA} CASCADE`).catch(() => {});
          await pool.query(`DELETE FROM schema_migrations WHERE namespace = 'command-snapshots'`).catch(() => {});
        }
      },
    );
  },
};
