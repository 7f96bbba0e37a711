/**
 * PostgreSQL's CPU split by connection: samples `pg_stat_activity` and each backend's /proc/<pid>/stat
 * every 250 ms and adds each backend's CPU since the last sample to its application_name and to the
 * statement it was running then (a short statement's CPU can land on the one before it). Prints the
 * totals on SIGINT or SIGTERM. Same host as the server only.
 *
 *   node test/bench/probes/pg-split.mjs [ADMIN_URL] > split.txt & <command>; kill -INT $!
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pg = createRequire(path.join(root, 'packages/database/package.json'))('pg');
const url = process.argv[2] ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const client = new pg.Client({ connectionString: url, application_name: 'pg-split' });
await client.connect();
const ticks = 100; // CLK_TCK on Linux
const last = new Map();
const byApp = new Map();
const byStatement = new Map();
const add = (totals, key, value) => totals.set(key, (totals.get(key) ?? 0) + value);
const cpuOf = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / ticks;
  } catch {
    return undefined;
  }
};
const statement = (query, state) =>
  state === 'idle'
    ? 'idle'
    : (query ?? '')
        .replace(/\s+/g, ' ')
        .replace(/reckon_stage_\d+/g, 'stage')
        .replace(/rm_\w+_next\./g, 'next.')
        .slice(0, 70);
let stop = false;
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => (stop = true));
while (!stop) {
  const { rows } = await client.query(
    `SELECT pid, coalesce(nullif(application_name, ''), backend_type) AS app, query, state
       FROM pg_stat_activity WHERE pid <> pg_backend_pid()`,
  );
  for (const row of rows) {
    const cpu = cpuOf(row.pid);
    if (cpu === undefined) continue;
    const before = last.get(row.pid);
    if (before && cpu > before.cpu) {
      add(byApp, before.app, cpu - before.cpu);
      add(byStatement, `${before.app} | ${before.statement}`, cpu - before.cpu);
    }
    last.set(row.pid, { cpu, app: row.app, statement: statement(row.query, row.state) });
  }
  await new Promise((resolve) => setTimeout(resolve, 250));
}
const print = (totals, n) => {
  for (const [key, seconds] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${seconds.toFixed(2).padStart(8)} ${key}`);
  }
};
console.log('--- CPU seconds by application_name');
print(byApp, 20);
console.log('--- by statement');
print(byStatement, 45);
await client.end();
