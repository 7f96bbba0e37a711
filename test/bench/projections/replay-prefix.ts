/**
 * `pnpm bench:replay`: where a rebuild's time goes. Rebuilds some projections (all by default) over
 * the first N events of the bench's cached log, the same `rebuildProjections` as `reckon rebuild`,
 * and prints the rate, this process's CPU (Node.js) and the whole machine's busy CPU over the run
 * (Node.js + PostgreSQL + anything else running), so that a change can be judged by the CPU it
 * saves as well as by a noisy wall-clock rate.
 *
 * Needs the log `pnpm bench` caches (on DATABASE_URL's server, else the bench's embedded one; run
 * `BENCH_SECTIONS=projections pnpm bench` once): it does not load one. Knobs: BENCH_PREFIX_EVENTS
 * (default 250,000), BENCH_ONLY (comma-separated projection names), and BENCH_PROJECTION_EVENTS to
 * pick a log of another size, BENCH_LOG_DATABASE to use another database of that server holding a log
 * (e.g. one loaded by load-log.ts), BENCH_EACH=1 to also rebuild each projection alone over the same
 * prefix. Prints, with the machine's load average: read_all_eps (the prefix read through readAll, no
 * projection), the rebuild's rate and rebuild_vs_read, peak RSS (of this process, which runs under
 * tsx, whose loader thread adds about 60 MB at start; `pnpm bench` measures the compiled rebuild). The
 * live read models of that database are replaced, as by any rebuild.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createPool, withDatabase } from '@reckon/database';
import type { ReadAllOptions } from '@reckon/event-store';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { PROJECTIONS, rebuildProjections } from '@reckon/projections';
import { BILLING_TZ, cachedLogDatabase, cacheServer } from '../projections.js';

/** Busy and idle core-seconds of the machine so far (/proc/stat; zeros off Linux). */
function machineCpu(): { busy: number; idle: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    return { busy: (user + nice + system + irq + softirq + steal) / 100, idle: (idle + iowait) / 100 };
  } catch {
    return { busy: 0, idle: 0 };
  }
}

const prefix = Number(process.env.BENCH_PREFIX_EVENTS ?? 250_000);
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',').map((name) => name.trim()) : undefined;
const projections = only ? PROJECTIONS.filter((p) => only.includes(p.name)) : PROJECTIONS;
if (projections.length === 0) {
  console.error(`bench:replay: no projection named ${only?.join(', ')} (${PROJECTIONS.map((p) => p.name).join(', ')})`);
  process.exit(2);
}
const server = await cacheServer();
const url = withDatabase(server.adminUrl, process.env.BENCH_LOG_DATABASE ?? cachedLogDatabase());

/** Peak resident set of this process in MiB (VmHWM). */
function peakRssMb(): number {
  try {
    return Math.round(Number(readFileSync('/proc/self/status', 'utf8').match(/^VmHWM:\s+(\d+) kB/m)?.[1]) / 1024);
  } catch {
    return Math.round(process.resourceUsage().maxRSS / 1024);
  }
}
const load = () => loadavg().map((l) => Number(l.toFixed(2)));
const store = await PostgresEventStore.connect(url, { poolSize: 4 }).catch(async (error: unknown) => {
  await server.close();
  throw new Error(`no cached bench log in ${cachedLogDatabase()} on ${server.where}: run pnpm bench first (${error})`);
});
const pool = createPool(url, { max: 8, applicationName: 'reckon-bench-replay' });
try {
  const head = await store.headPosition();
  if (head < prefix) throw new Error(`the cached log has ${head} events, fewer than ${prefix}: run pnpm bench first`);
  // The log as if it ended at the prefix.
  const capped = {
    readAll: (options: ReadAllOptions) =>
      store.readAll({ ...options, toPosition: Math.min(options.toPosition ?? prefix, prefix) }),
    headPosition: async () => prefix,
  };
  const loadBefore = load();
  // What reading the prefix alone costs (the ceiling of a rebuild that reads it once).
  const readStarted = performance.now();
  let read = 0;
  for await (const batch of capped.readAll({ fromPosition: 0, batchSize: 5000 })) read += batch.length;
  const readAllEps = Math.round(read / ((performance.now() - readStarted) / 1000));
  const machineBefore = machineCpu();
  const nodeBefore = process.cpuUsage();
  const result = await rebuildProjections({ pool, store: capped, billingTz: BILLING_TZ, projections });
  const node = process.cpuUsage(nodeBefore);
  const machineAfter = machineCpu();
  const rebuildEps = Math.round(result.events / result.seconds);
  const alone: Record<string, number> = {};
  if (process.env.BENCH_EACH === '1') {
    for (const p of projections) {
      const each = await rebuildProjections({ pool, store: capped, billingTz: BILLING_TZ, projections: [p] });
      alone[p.name] = Math.round(each.events / each.seconds);
    }
  }
  console.log(
    JSON.stringify(
      {
        projections: result.projections,
        loadAverageBefore: loadBefore,
        loadAverageAfter: load(),
        events: result.events,
        read_all_eps: readAllEps,
        seconds: result.seconds,
        rebuild_eps: rebuildEps,
        rebuild_vs_read: Number((rebuildEps / readAllEps).toFixed(3)),
        rebuild_peak_rss_mb: peakRssMb(),
        alone_eps: alone,
        phases: result.phases,
        nodeCpuSeconds: Number(((node.user + node.system) / 1e6).toFixed(1)),
        machineBusyCoreSeconds: Number((machineAfter.busy - machineBefore.busy).toFixed(1)),
        machineIdleCoreSeconds: Number((machineAfter.idle - machineBefore.idle).toFixed(1)),
        stats: result.stats,
      },
      null,
      1,
    ),
  );
} finally {
  await store.close();
  await pool.end();
  await server.close();
}
