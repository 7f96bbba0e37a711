/**
 * Child process of the projections bench: rebuilds every projection from position 0 (the same
 * `rebuildProjections` as `reckon rebuild`: scratch schemas, one read of the log, swap) and reports
 * the rate and this process's peak RSS. argv[2]: JSON {url, billingTz}. Last stdout line: JSON.
 */
import { readFileSync } from 'node:fs';
import { createPool } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, rebuildProjections } from '@reckon/projections';

const { url, billingTz } = JSON.parse(process.argv[2] ?? '{}') as { url: string; billingTz: string };

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
  console.log(
    JSON.stringify({
      projections: result.projections,
      events: result.events,
      seconds: result.seconds,
      eps: Math.round(result.events / result.seconds),
      peakRssMb: peakRssMb(),
      stats: result.stats,
      phases: result.phases,
    }),
  );
} finally {
  await store.close();
  await pool.end();
}
