/**
 * A direct run of the command handler over a generated history (no HTTP), for `node --cpu-prof`:
 * `node --cpu-prof --cpu-prof-dir=DIR --conditions=@reckon/source --import tsx test/bench/commands-profile.ts [events] [batch]`.
 * It prints the process's CPU per event. With HEAP_PROFILE=FILE it also samples every allocation of
 * the run, the ones garbage-collected since included (what `--heap-prof` leaves out), into FILE
 * (a `.heapprofile` for Chrome's DevTools): where the collector's work comes from.
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createTestDatabase } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { generateEvents } from '@reckon/generator';
import { CommandHandler } from '../../services/api/src/application/command-handler.js';

const events = Number(process.argv[2] ?? 10_000);
const batchSize = Number(process.argv[3] ?? 1000);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const database = await createTestDatabase(adminUrl, 'cmdprof');
const store = await PostgresEventStore.connect(database.url);
try {
  const raws = [...generateEvents({ events, seed: 7 })].map((e) => JSON.parse(JSON.stringify(e)));
  // Time spent in each store call (overlapping calls add up): where the wall-clock time goes.
  const spent = new Map<string, { calls: number; ms: number }>();
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of ['readEventsById', 'readStreams', 'readStream', 'appendToStreams', 'runGroup']) {
    const original = methods[name]!.bind(store);
    methods[name] = async (...args: unknown[]) => {
      const started = performance.now();
      try {
        return await original(...args);
      } finally {
        const entry = spent.get(name) ?? { calls: 0, ms: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - started;
        spent.set(name, entry);
      }
    };
  }
  const handler = new CommandHandler(store);
  const heapProfile = process.env.HEAP_PROFILE;
  const inspector = new Session();
  if (heapProfile) {
    inspector.connect();
    await inspector.post('HeapProfiler.startSampling', {
      samplingInterval: 16_384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < raws.length; i += batchSize) {
    const outcome = await handler.append(raws.slice(i, i + batchSize), { actor: { kind: 'cli', user: 'profile' } });
    if (outcome.kind !== 'appended') throw new Error(`batch at ${i}: ${JSON.stringify(outcome)}`);
  }
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  if (heapProfile) {
    const { profile } = await inspector.post('HeapProfiler.stopSampling');
    await writeFile(heapProfile, JSON.stringify(profile));
    inspector.disconnect();
  }
  for (const [name, { calls, ms: inCall }] of spent) console.log(`  ${name}: ${calls} calls, ${inCall.toFixed(0)} ms`);
  console.log(
    `  Node.js CPU: ${((used.user + used.system) / 1000).toFixed(0)} ms (${((used.user + used.system) / raws.length).toFixed(1)} µs per event)`,
  );
  console.log(`${raws.length} events in ${ms.toFixed(0)} ms: ${Math.round((raws.length * 1000) / ms)} events/s`);
} finally {
  await store.close();
  await database.drop();
}
