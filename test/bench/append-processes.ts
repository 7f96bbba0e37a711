/**
 * `append_single_8processes_eps`: 8 child processes, each with its own store of one connection (as 8
 * API processes would be), appending one event per call for a fixed time, with `shareAppends` on:
 * one of them leads and appends the others' calls in its groups. `append_single_8processes_direct_eps`:
 * the same without sharing, every append its own commit on the log's serialising head row.
 * Run alone: `BENCH_ONLY=append pnpm bench`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { type BenchSection, percentile } from './harness.js';

const PROCESSES = 8;
const DURATION_MS = Number(process.env.BENCH_PROCESSES_MS ?? 4000);

/** The child: appends until the time is up, then prints its count and latencies as one JSON line. */
async function child(url: string, writer: number, durationMs: number, share: boolean): Promise<void> {
  const store = await PostgresEventStore.connect(url, { poolSize: 1, shareAppends: share });
  try {
    // Wait for the common start time the parent gave, so that the writers overlap.
    const startAt = Number(process.env.BENCH_START_AT);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
    const latencies: number[] = [];
    const until = performance.now() + durationMs;
    for (let n = 0; performance.now() < until; n++) {
      const started = performance.now();
      await store.appendToStream(`proc-${writer}-${n % 50}`, [
        {
          eventId: randomUUID(),
          type: 'Counted',
          occurredAt: '2026-10-05T10:00:00.000+08:00',
          data: { writer, n, amount: '12.50' },
          metadata: { actor: 'bench' },
        },
      ]);
      latencies.push(performance.now() - started);
    }
    const role = store.appendRole;
    // Every child stays until all are done: a leader leaving early would send the rest to append alone.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt + durationMs + 1000 - Date.now())));
    process.stdout.write(`${JSON.stringify({ count: latencies.length, latencies, role })}\n`);
  } finally {
    await store.close();
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]), process.argv[6] === 'share');
}

interface ChildResult {
  count: number;
  latencies: number[];
  role: string;
}

/** Runs the 8 children at once and returns what each appended. */
async function runChildren(url: string, share: boolean): Promise<ChildResult[]> {
  const startAt = Date.now() + 3000;
  const outputs = await Promise.all(
    Array.from(
      { length: PROCESSES },
      (_, writer) =>
        new Promise<string>((resolve, reject) => {
          const proc = spawn(
            process.execPath,
            [
              '--conditions=@reckon/source',
              '--import',
              'tsx',
              import.meta.filename,
              '--child',
              url,
              String(writer),
              String(DURATION_MS),
              share ? 'share' : 'direct',
            ],
            { env: { ...process.env, BENCH_START_AT: String(startAt) }, stdio: ['ignore', 'pipe', 'inherit'] },
          );
          let out = '';
          proc.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString();
          });
          proc.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`writer ${writer} exited ${code}`))));
        }),
    ),
  );
  return outputs.map((out) => JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
}

export const appendProcessesBench: BenchSection = {
  name: 'append from 8 processes',
  async run({ url, log }) {
    // Migrations once, before the children connect; the head tells how many events really landed.
    const store = await PostgresEventStore.connect(url, { poolSize: 1 });
    try {
      const measure = async (share: boolean) => {
        const before = await store.headPosition();
        const results = await runChildren(url, share);
        const count = results.reduce((sum, r) => sum + r.count, 0);
        const landed = (await store.headPosition()) - before;
        if (landed !== count) throw new Error(`${count} appends answered, but the log grew by ${landed}`);
        const roles = results.map((r) => r.role).sort();
        const eps = Math.round((count * 1000) / DURATION_MS);
        const p99 = Number(
          percentile(
            results.flatMap((r) => r.latencies),
            99,
          ).toFixed(1),
        );
        log(
          `  append, 1 event/call, ${PROCESSES} processes, ${share ? 'shared' : 'direct'}: ${eps} events/s, p99 ${p99} ms (${roles.join(' ')})`,
        );
        return { eps, p99 };
      };
      const direct = await measure(false);
      const shared = await measure(true);
      return [
        {
          key: 'append_single_8processes_eps',
          value: shared.eps,
          unit: 'events/s',
          label: `append, 1 event/call, ${PROCESSES} processes sharing appends`,
        },
        { key: 'append_single_8processes_latency_ms_p99', value: shared.p99, unit: 'ms', label: '  its latency p99' },
        {
          key: 'append_single_8processes_direct_eps',
          value: direct.eps,
          unit: 'events/s',
          label: `append, 1 event/call, ${PROCESSES} processes, each alone`,
        },
        {
          key: 'append_single_8processes_direct_latency_ms_p99',
          value: direct.p99,
          unit: 'ms',
          label: '  its latency p99',
        },
      ];
    } finally {
      await store.close();
    }
  },
};
