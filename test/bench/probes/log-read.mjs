/**
 * Three ways to read the log into Node.js, timed on the same connection: `rows` (the store's own
 * batch statement and mapping, from its compiled `dist`: `pnpm build` first), `arrays` (`rowMode: 'array'`) and `json` (PostgreSQL
 * builds one JSON text per batch with `json_agg`, parsed once). Prints Node.js's CPU per event; count
 * PostgreSQL's with pg-cpu.sh around it.
 *
 *   node test/bench/probes/log-read.mjs DATABASE_URL rows|arrays|json [EVENTS=300000]
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pg = createRequire(path.join(root, 'packages/database/package.json'))('pg');
const { readAllBatchSql, toStoredEvent } = await import(
  path.join(root, 'packages/event-store-postgres/dist/eventStore/schema/read.js')
);
const [url, mode, count = '300000'] = process.argv.slice(2);
if (!url || !['rows', 'arrays', 'json'].includes(mode)) {
  throw new Error('usage: node test/bench/probes/log-read.mjs DATABASE_URL rows|arrays|json [EVENTS]');
}
const client = new pg.Client({ connectionString: url });
await client.connect();
const BATCH = 5000;
const columns = `e.global_position, e.event_id, e.stream_id, e.stream_position, e.type, e.version, e.occurred_at,
  (date_part('epoch', e.recorded_at) * 1000)::int8 AS recorded_ms, e.data, e.metadata`;
const window = 'e.global_position > $1 AND e.global_position <= $1 + $2';
const arraysSql = `SELECT ${columns} FROM event_log e WHERE ${window} ORDER BY e.global_position`;
const jsonSql = `SELECT coalesce(json_agg(json_build_object('eventId', e.event_id, 'type', e.type, 'version', e.version,
  'streamId', e.stream_id, 'streamPosition', e.stream_position, 'globalPosition', e.global_position,
  'occurredAt', e.occurred_at, 'recordedMs', (date_part('epoch', e.recorded_at) * 1000)::int8, 'data', e.data,
  'metadata', e.metadata) ORDER BY e.global_position), '[]')::text AS batch FROM event_log e WHERE ${window}`;
const events = Number(count);
const cpu = process.cpuUsage();
const started = performance.now();
let read = 0;
for (let from = 0; from < events; from += BATCH) {
  if (mode === 'json') {
    const { rows } = await client.query({ name: 'json', text: jsonSql, values: [from, BATCH] });
    for (const e of JSON.parse(rows[0].batch)) {
      e.recordedAt = new Date(e.recordedMs).toISOString();
      read++;
    }
    continue;
  }
  if (mode === 'rows') {
    const { rows } = await client.query({ name: 'rows', text: readAllBatchSql, values: [from, events, BATCH] });
    for (const r of rows) if (toStoredEvent(r)) read++;
    continue;
  }
  const { rows } = await client.query({ name: 'arrays', text: arraysSql, values: [from, BATCH], rowMode: 'array' });
  for (const r of rows) {
    // The store's event, from the columns by position (the mapping `toStoredEvent` does by name).
    const e = {
      eventId: r[1],
      type: r[4],
      version: r[5],
      streamId: r[2],
      streamPosition: Number(r[3]),
      globalPosition: Number(r[0]),
      occurredAt: r[6],
      recordedAt: new Date(Number(r[7])).toISOString(),
      data: r[8],
      metadata: r[9],
    };
    if (e) read++;
  }
}
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(
  `${mode}: ${read} events in ${ms.toFixed(0)} ms (${Math.round((read / ms) * 1000)} events/s), ` +
    `Node.js CPU ${((used.user + used.system) / read).toFixed(2)} µs per event`,
);
await client.end();
