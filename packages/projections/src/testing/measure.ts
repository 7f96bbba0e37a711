/**
 * Local measurement of a full rebuild (not a test): `DATABASE_URL=postgres://… npx tsx
 * packages/projections/src/testing/measure.ts [events=200000]`. Creates (or reuses) the database
 * `reckon_measure_<events>` on that server, fills it with a synthetic log through the PostgreSQL
 * adapter, rebuilds every projection from zero and prints events/s and the peak RSS. The first run only
 * fills the log (so that the generator's memory does not count); run it again to measure.
 */
import { createPool, ensureDatabase, withDatabase } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { rebuildProjections } from '../rebuild';
import { PROJECTIONS } from '../registry';

/** `ONLY=consumption,balances` measures some projections; default all. */
const selected = process.env.ONLY
  ? PROJECTIONS.filter((p) => process.env.ONLY?.split(',').includes(p.name))
  : PROJECTIONS;

import { appendSyntheticLog } from './generate';

const events = Number(process.argv[2] ?? 200_000);
const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `reckon_measure_${events}`;
await ensureDatabase(admin, name);
const url = withDatabase(admin, name);
const store = await PostgresEventStore.connect(url);
const pool = createPool(url, { max: 12 });
try {
  if ((await store.headPosition()) < events) {
    const started = Date.now();
    const head = await appendSyntheticLog(store, events, 2000);
    console.log(`appended ${head} events in ${((Date.now() - started) / 1000).toFixed(1)} s; run again to measure`);
    process.exit(0);
  }
  const head = await store.headPosition();
  let lastPrint = 0;
  const result = await rebuildProjections({
    pool,
    store,
    billingTz: 'Asia/Shanghai',
    projections: selected,
    batchSize: Number(process.env.BATCH ?? 5000),
    onProgress: (p) => {
      if (Date.now() - lastPrint < 2000) return;
      lastPrint = Date.now();
      console.log(
        `  ${p.position}/${p.head} ${Math.round(p.events / (p.elapsedMs / 1000))} ev/s rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`,
      );
    },
  });
  const maxRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `rebuild of ${selected.map((p) => p.name).join(', ')}: ${head} events in ${result.seconds.toFixed(1)} s = ` +
      `${Math.round(head / result.seconds)} events/s; peak RSS ${maxRssMb} MB`,
  );
  for (const [name, s] of Object.entries(result.stats)) {
    console.log(
      `  ${name}: ${s.batches} batches, apply ${Math.round(s.applyMs)} ms, commit ${Math.round(s.commitMs)} ms`,
    );
  }
} finally {
  await store.close();
  await pool.end();
}
