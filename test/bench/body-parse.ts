/**
 * What SPEC §1's bounds cost on the command path, for one POST of 1,000 events:
 * `npx tsx --conditions=@reckon/source test/bench/body-parse.ts`. Compares the strict reader (parseJsonText: UTF-8, repeated
 * keys, depth) with the plain decode + JSON.parse that Fastify's parser did, and times parseEvent
 * with the walk over every value (valueBoundErrors) that the bounds added to it.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { EXAMPLES, parseEvent, parseJsonText, valueBoundErrors } from '@reckon/domain';

const events = Array.from({ length: 1000 }, (_, i) => {
  const example = EXAMPLES[i % EXAMPLES.length]!;
  return { ...structuredClone(example), eventId: randomUUID(), metadata: { correlationId: randomUUID() } };
});
const body = Buffer.from(JSON.stringify({ events }));

/**
 * CPU milliseconds per run of `work`, the median of 9 rounds: CPU time rather than wall time, as
 * the machine may be shared (the load average is printed with the figures).
 */
function time(work: () => unknown): number {
  for (let i = 0; i < 20; i++) work(); // warm up
  const rounds: number[] = [];
  for (let round = 0; round < 9; round++) {
    const started = process.cpuUsage();
    for (let i = 0; i < 30; i++) work();
    const used = process.cpuUsage(started);
    rounds.push((used.user + used.system) / 1000 / 30);
  }
  return rounds.sort((a, b) => a - b)[4]!;
}

const parsed = (JSON.parse(body.toString('utf8')) as { events: unknown[] }).events;
const figures: [string, number][] = [
  ['decode + JSON.parse (what Fastify did)', time(() => JSON.parse(body.toString('utf8')))],
  ['parseJsonText (strict UTF-8, repeated keys, depth ≤ 34)', time(() => parseJsonText(body, 34))],
  [
    'valueBoundErrors on each event (the walk parseEvent added)',
    time(() => {
      for (const e of parsed) valueBoundErrors(e);
    }),
  ],
  [
    'parseEvent on each event (bounds included)',
    time(() => {
      for (const e of parsed) if (!parseEvent(e).ok) throw new Error('an example does not parse');
    }),
  ],
];
const load = loadavg()[0]!.toFixed(2);
process.stdout.write(`body: ${body.length} bytes, ${events.length} events; load average ${load}\n`);
for (const [label, ms] of figures) process.stdout.write(`${label.padEnd(58)} ${ms.toFixed(3)} ms CPU per body\n`);
const [plain, strict, walk] = figures.map(([, ms]) => ms) as [number, number, number];
const added = strict - plain + walk;
process.stdout.write(
  `added by the bounds: ${added.toFixed(3)} ms per 1,000 events (${added.toFixed(2)} µs per event)\n`,
);
