/**
 * Child process of the projections bench: rebuilds every projection from position 0 (the same
 * `rebuildProjections` as `reckon rebuild`: scratch schemas, one read of the log, swap) and reports
 * the rate and this process's peak RSS. argv[2]: JSON {url, billingTz}. Last stdout line: JSON.
 */
import { readFileSync } from 'node:fs';
import { createPool } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, rebuildProjections } from '@reckon/projections';

const { url, billingTz, each } = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  billingTz: string;
  /** Also rebuild each projection alone over the same log. */
  each?: boolean;
};

/** Peak resident set of this process in MiB (VmHWM; resourceUsage as a fallback off Linux). */
function peakRssMb(): number {
  const status = (() => {
    try {
      return readFileSync('/proc/self/status', 'utf8');
    } catch {
      return '';
    }
  })();
  const kb = Number(status.match(/^VmHWM:\s+(\d+) kB/m)?.[1] ?? process.resourceUsage().maxRSS);
  return Math.round(kb / 1024);
}

const store = await PostgresEventStore.connect(url, { poolSize: 4 });
const pool = createPool(url, { max: 8, applicationName: 'reckon-bench-rebuild' });
let lastReport = Date.now();
try {
  // What reading the log alone costs: the ceiling of a rebuild that reads it once.
  const readStarted = performance.now();
  let read = 0;
  for await (const batch of store.readAll({ fromPosition: 0, batchSize: 5000 })) read += batch.length;
  const readAllEps = Math.round(read / ((performance.now() - readStarted) / 1000));
  const result = await rebuildProjections({
    pool,
    store,
    billingTz,
    projections: PROJECTIONS,
    onProgress: (p) => {
      if (Date.now() - lastReport < 5000) return;
      lastReport = Date.now();
      const rate = Math.round(p.events / (p.elapsedMs / 1000));
      process.stderr.write(
        `  rebuilding: ${p.position.toLocaleString('en-GB')}/${p.head.toLocaleString('en-GB')} (${rate} ev/s)\n`,
      );
    },
  });
  const peak = peakRssMb();
  const alone: Record<string, number> = {};
  if (each) {
    for (const p of PROJECTIONS) {
      const one = await rebuildProjections({ pool, store, billingTz, projections: [p] });
      alone[p.name] = Math.round(one.events / one.seconds);
    }
  }
  console.log(
    JSON.stringify({
      readAllEps,
      alone,
      projections: result.projections,
      events: result.events,
      seconds: result.seconds,
      eps: Math.round(result.events / result.seconds),
      peakRssMb: peak,
      stats: result.stats,
      phases: result.phases,
    }),
  );
} finally {
  await store.close();
  await pool.end();
}
