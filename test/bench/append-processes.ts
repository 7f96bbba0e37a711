/**
 * `append_single_8processes_eps`: 8 child processes, each with its own store of one connection (as 8
 * API processes would be), appending one event per call for a fixed time. Across processes there is
 * no in-process grouping: every append is its own commit on the log's serialising head row.
 * Run alone: `BENCH_ONLY=append pnpm bench`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { type BenchSection, percentile } from './harness.js';

const PROCESSES = 8;
const DURATION_MS = Number(process.env.BENCH_PROCESSES_MS ?? 4000);

/** The child: appends until the time is up, then prints its count and latencies as one JSON line. */
async function child(url: string, writer: number, durationMs: number): Promise<void> {
  const store = await PostgresEventStore.connect(url, { poolSize: 1 });
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
    process.stdout.write(`${JSON.stringify({ count: latencies.length, latencies })}\n`);
  } finally {
    await store.close();
  }
}

if (process.argv[2] === '--child') {
  await child(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5]));
}

export const appendProcessesBench: BenchSection = {
  name: 'append from 8 processes',
  async run({ url, log }) {
    // Migrations once, before the children connect.
    await (await PostgresEventStore.connect(url, { poolSize: 1 })).close();
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
              ],
              { env: { ...process.env, BENCH_START_AT: String(startAt) }, stdio: ['ignore', 'pipe', 'inherit'] },
            );
            let out = '';
            proc.stdout.on('data', (chunk: Buffer) => {
              out += chunk.toString();
            });
            proc.on('exit', (code) =>
              code === 0 ? resolve(out) : reject(new Error(`writer ${writer} exited ${code}`)),
            );
          }),
      ),
    );
    const results = outputs.map(
      (out) => JSON.parse(out.trim().split('\n').at(-1)!) as { count: number; latencies: number[] },
    );
    const count = results.reduce((sum, r) => sum + r.count, 0);
    const latencies = results.flatMap((r) => r.latencies);
    const eps = Math.round((count * 1000) / DURATION_MS);
    const p99 = Number(percentile(latencies, 99).toFixed(1));
    log(`  append, 1 event/call, ${PROCESSES} processes: ${eps} events/s, p99 ${p99} ms`);
    return [
      {
        key: 'append_single_8processes_eps',
        value: eps,
        unit: 'events/s',
        label: `append, 1 event/call, ${PROCESSES} processes`,
      },
      { key: 'append_single_8processes_latency_ms_p99', value: p99, unit: 'ms', label: '  its latency p99' },
    ];
  },
};
