import { loadavg } from 'node:os';
import { appendProcessesBench } from './append-processes.js';
import { commandsBench } from './commands.js';
import { eventStoreBench } from './event-store.js';
import { eventStoreOrderingBench } from './event-store-ordering.js';
import { type BenchSection, type Figure, formatTable } from './harness.js';
import { machineYardsticks } from './machine.js';
import { planningBench } from './planning.js';
import { projectionsBench } from './projections.js';
import { openBenchServer } from './server.js';
import { snapshotsBench } from './snapshots.js';
import { statementsBench } from './statements.js';

/**
 * `pnpm bench`: every section against one PostgreSQL (DATABASE_URL or an embedded server), a
 * human-readable table, then, as the last line, one JSON object with every figure.
 */
const allSections: BenchSection[] = [
  eventStoreBench,
  eventStoreOrderingBench,
  appendProcessesBench,
  commandsBench,
  planningBench,
  snapshotsBench,
  projectionsBench,
  statementsBench,
];
// BENCH_SECTIONS="event store,projections" (or BENCH_ONLY=commands) runs only the sections whose
// names start with one of these.
const only = (process.env.BENCH_SECTIONS ?? process.env.BENCH_ONLY ?? '').split(',').filter(Boolean);
const sections = only.length ? allSections.filter((s) => only.some((o) => s.name.startsWith(o))) : allSections;

const server = await openBenchServer();
const log = (line: string) => process.stderr.write(`${line}\n`);
const results: Array<{ name: string; figures: Figure[] }> = [];
const started = Date.now();
// The machine may be shared: the load average says how much the figures were disturbed.
const loadAtStart = loadavg()[0]!;
let yardsticks: Figure[] = [];
try {
  log(`bench: ${server.description}`);
  // Its children inherit it: the rebuild's memory figure depends on it (package.json's scripts set 2).
  log(`bench: MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? "unset (glibc's default)"}`);
  // Before the sections: the machine's own speed, undisturbed by what they leave running.
  yardsticks = await machineYardsticks(server.url);
  for (const f of yardsticks) log(`bench: ${f.label}: ${f.value} ${f.unit}`);
  for (const section of sections) {
    log(`bench: ${section.name} …`);
    const figures = await section.run({ url: server.url, adminUrl: server.adminUrl, log });
    results.push({ name: section.name, figures });
  }
} finally {
  await server.close();
}
results.push({
  name: 'machine',
  figures: [
    { key: 'load_average_1m_start', value: Number(loadAtStart.toFixed(2)), unit: '', label: 'load average at start' },
    { key: 'load_average_1m_end', value: Number(loadavg()[0]!.toFixed(2)), unit: '', label: 'load average at end' },
    ...yardsticks,
  ],
});
console.log(formatTable(results));
console.log(`\n(${server.description}; ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
console.log(JSON.stringify(Object.fromEntries(results.flatMap((s) => s.figures.map((f) => [f.key, f.value])))));
