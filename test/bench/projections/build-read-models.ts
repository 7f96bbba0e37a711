/**
 * Helper of diff-read-models.sh: rebuilds some projections (argv[3], comma-separated names; all by
 * default) from the log in database argv[2] with the code of the tree this file is in, then renames
 * each live schema `rm_x` to `<argv[4]>_x` so that another build can run beside it. Prints the
 * rebuild's rate as JSON.
 */
import { createPool } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, rebuildProjections } from '@reckon/projections';

const [url, names, prefix] = process.argv.slice(2) as [string, string | undefined, string];
const wanted = names ? names.split(',') : PROJECTIONS.map((p) => p.name);
const projections = PROJECTIONS.filter((p) => wanted.includes(p.name));
const store = await PostgresEventStore.connect(url, { poolSize: 4 });
const pool = createPool(url, { max: 8, applicationName: 'reckon-diff-read-models' });
try {
  const cpu = process.cpuUsage();
  const result = await rebuildProjections({ pool, store, billingTz: 'Asia/Shanghai', projections });
  for (const p of projections) {
    const target = `${prefix}_${p.schema.replace(/^rm_/, '')}`;
    await pool.query(`DROP SCHEMA IF EXISTS ${target} CASCADE`);
    await pool.query(`ALTER SCHEMA ${p.schema} RENAME TO ${target}`);
    // The next build migrates a live schema afresh.
    await pool.query('DELETE FROM schema_migrations WHERE namespace = ANY($1)', [
      [`projection:${p.name}`, `projection-checkpoint:${p.name}`],
    ]);
  }
  console.log(
    JSON.stringify({
      projections: result.projections,
      events: result.events,
      seconds: result.seconds,
      eps: Math.round(result.events / result.seconds),
      nodeCpuSeconds: Number(((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6).toFixed(1)),
      applyMs: Object.fromEntries(Object.entries(result.stats).map(([n, s]) => [n, Math.round(s.applyMs)])),
    }),
  );
} finally {
  await store.close();
  await pool.end();
}
