/**
 * `append_single_8processes_eps`: 8 child processes, each with its own store of one connection (as 8
 * API processes would be), appending one event per call for a fixed time, with `shareAppends` on:
 * one of them leads and appends the others' calls in its groups. `append_single_8processes_direct_eps`:
 * the same without sharing, every append its own commit on the log's serialising head row.
 * Each child appends for `WARMUP_MS` before the measured `DURATION_MS`, as a long-running API process
 * would have done: its first second runs on code not yet compiled by V8's optimising tiers, at
 * about two thirds of the rate that follows (docs/event-store.md, "Across processes").
 * Run alone: `BENCH_ONLY=append pnpm bench`.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { type AppendStats, PostgresEventStore } from '@reckon/event-store-postgres';
import { type BenchSection, percentile } from './harness.js';

const PROCESSES = 8;
const DURATION_MS = Number(process.env.BENCH_PROCESSES_MS ?? 4000);
/** Appends before the measured time (not counted): BENCH_PROCESSES_WARMUP_MS, 0 to measure from the start. */
const WARMUP_MS = Number(process.env.BENCH_PROCESSES_WARMUP_MS ?? 1000);

/**
 * The child, driven by lines on stdin so that the writers overlap exactly and a leader stays until
 * every writer is done: it says `ready` once connected, appends from `go` until the time is up,
 * prints its count, latencies and role as one JSON line, and closes its store on `close`.
 */
async function child(url: string, writer: number, warmupMs: number, durationMs: number, share: boolean): Promise<void> {
  const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
  const next = async (expected: string) => {
    const line = await lines.next();
    if (line.value !== expected) throw new Error(`writer ${writer}: expected ${expected}, got ${String(line.value)}`);
  };
  const store = await PostgresEventStore.connect(url, { poolSize: 1, shareAppends: share });
  try {
    process.stdout.write('ready\n');
    await next('go');
    const latencies: number[] = [];
    const measureFrom = performance.now() + warmupMs;
    const until = measureFrom + durationMs;
    let warmup = 0;
    let before: AppendStats | undefined;
    for (let n = 0; performance.now() < until; n++) {
      const started = performance.now();
      if (started >= measureFrom) before ??= store.appendStats();
      await store.appendToStream(`proc-${writer}-${n % 50}`, [
        {
          eventId: randomUUID(),
          type: 'Counted',
          occurredAt: '2026-10-05T10:00:00.000+08:00',
          data: { writer, n, amount: '12.50' },
          metadata: { actor: 'bench' },
        },
      ]);
      if (started < measureFrom) warmup += 1;
      else latencies.push(performance.now() - started);
    }
    // Counts of the measured time only (a leader's include its followers' calls).
    const after = store.appendStats();
    const stats: AppendStats = {
      calls: after.calls - (before?.calls ?? after.calls),
      transactions: after.transactions - (before?.transactions ?? after.transactions),
      forwarded: after.forwarded - (before?.forwarded ?? after.forwarded),
    };
    process.stdout.write(
      `${JSON.stringify({ count: latencies.length, warmup, latencies, role: store.appendRole, stats })}\n`,
    );
    await next('close');
  } finally {
    await store.close();
  }
}

if (process.argv[2] === '--child') {
  await child(
    process.argv[3]!,
    Number(process.argv[4]),
    Number(process.argv[5]),
    Number(process.argv[6]),
    process.argv[7] === 'share',
  );
}

interface ChildResult {
  count: number;
  /** Appends before the measured time. */
  warmup: number;
  latencies: number[];
  role: string;
  stats: AppendStats;
}

/** Runs the 8 children at once (started together once all are connected) and returns what each appended. */
async function runChildren(url: string, share: boolean): Promise<ChildResult[]> {
  const children = Array.from({ length: PROCESSES }, (_, writer) => {
    const proc = spawn(
      process.execPath,
      [
        // BENCH_CHILD_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": to profile the writers.
        ...(process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter(Boolean),
        '--conditions=@reckon/source',
        '--import',
        'tsx',
        import.meta.filename,
        '--child',
        url,
        String(writer),
        String(WARMUP_MS),
        String(DURATION_MS),
        share ? 'share' : 'direct',
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve, reject) =>
      proc.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${writer} exited ${code}`)))),
    );
    exited.catch(() => {}); // awaited below; a child failing early must not be an unhandled rejection
    return { proc, exited, lines: createInterface({ input: proc.stdout })[Symbol.asyncIterator]() };
  });
  const nextLine = async (c: (typeof children)[number]) => {
    const line = await Promise.race([c.lines.next(), c.exited.then(() => ({ value: undefined }))]);
    if (typeof line.value !== 'string') throw new Error('a writer ended before answering');
    return line.value;
  };
  for (const c of children) if ((await nextLine(c)) !== 'ready') throw new Error('a writer did not get ready');
  for (const c of children) c.proc.stdin.write('go\n');
  const results = await Promise.all(children.map(async (c) => JSON.parse(await nextLine(c)) as ChildResult));
  for (const c of children) c.proc.stdin.end('close\n');
  await Promise.all(children.map((c) => c.exited));
  return results;
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
        const warmups = results.reduce((sum, r) => sum + r.warmup, 0);
        const landed = (await store.headPosition()) - before;
        if (landed !== count + warmups) {
          throw new Error(`${count + warmups} appends answered, but the log grew by ${landed}`);
        }
        const roles = results.map((r) => r.role).sort();
        // Calls per transaction over all the stores: how many appends shared a commit.
        const calls = results.reduce((sum, r) => sum + r.stats.calls, 0);
        const transactions = results.reduce((sum, r) => sum + r.stats.transactions, 0);
        const perCommit = Number((calls / Math.max(1, transactions)).toFixed(2));
        const eps = Math.round((count * 1000) / DURATION_MS);
        const warmupEps = WARMUP_MS > 0 ? Math.round((warmups * 1000) / WARMUP_MS) : undefined;
        const p99 = Number(
          percentile(
            results.flatMap((r) => r.latencies),
            99,
          ).toFixed(1),
        );
        log(
          `  append, 1 event/call, ${PROCESSES} processes, ${share ? 'shared' : 'direct'}: ${eps} events/s, p99 ${p99} ms, ${perCommit} calls per commit (${roles.join(' ')})` +
            (warmupEps === undefined
              ? ''
              : `; in the ${WARMUP_MS} ms before (warm-up, not counted): ${warmupEps} events/s`),
        );
        return { eps, p99, perCommit, warmupEps };
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
          key: 'append_single_8processes_calls_per_commit',
          value: shared.perCommit,
          unit: 'calls',
          label: '  calls per transaction (the leader groups them)',
        },
        ...(shared.warmupEps === undefined
          ? []
          : [
              {
                key: 'append_single_8processes_warmup_eps',
                value: shared.warmupEps,
                unit: 'events/s',
                label: `  the same in the ${WARMUP_MS} ms before, processes just started (not counted above)`,
              },
            ]),
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
