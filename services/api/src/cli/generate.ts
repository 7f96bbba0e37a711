/**
 * `reckon generate`: writes a deterministic, valid event history as NDJSON, for demos, imports and
 * benchmarks. Needs no database.
 */
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { generateEvents, writeNdjson } from '@reckon/generator';
import { usageError, wholeNumber } from './usage.js';

export const GENERATE_USAGE = `  generate --events N --seed S [--out FILE] [--start YYYY-MM] [--months M] [--customers C]
      Write N events of a partner programme as NDJSON (one envelope per line) to FILE or stdout:
      partners, customers, discounts, orders, renewals, refunds, spec changes, metered charges,
      adjustments, funds, vouchers, period closes and incentive rule sets over M billing periods
      from --start (default 2026-01, 12 periods). The same seed gives the same bytes; every event
      passes the checks of POST /v1/events in file order. Exit code: 0 done, 2 usage error.
`;

function usage(message: string): number {
  return usageError('generate', message);
}

/** Runs `reckon generate` with the arguments after the command name; resolves to the exit code. */
export async function generateCommand(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        events: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        start: { type: 'string', default: '2026-01' },
        months: { type: 'string', default: '12' },
        customers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`Usage:\n${GENERATE_USAGE}`);
    return 0;
  }
  const events = wholeNumber(values.events as string | undefined, 'events', 0, 1_000_000_000);
  if (typeof events === 'string') return usage(events);
  const months = wholeNumber(values.months as string, 'months', 1, 120);
  if (typeof months === 'string') return usage(months);
  const customers =
    values.customers === undefined ? undefined : wholeNumber(values.customers as string, 'customers', 1, 1_000_000);
  if (typeof customers === 'string') return usage(customers);
  const seed = values.seed as string | undefined;
  if (seed === undefined || seed === '') return usage('--seed is required');
  const start = values.start as string;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(start)) return usage(`--start must be a period YYYY-MM (got "${start}")`);

  const file = values.out as string | undefined;
  const out: Writable =
    file === undefined || file === '-' ? process.stdout : createWriteStream(file, { highWaterMark: 1 << 22 });
  // Once the reader of stdout has gone (EPIPE), later errors of it are no news.
  if (out === process.stdout) out.on('error', () => {});
  const started = performance.now();
  let written: number;
  try {
    written = await writeNdjson(
      generateEvents({ events, seed, start, months, ...(customers === undefined ? {} : { customers }) }),
      out,
    );
    if (out !== process.stdout) {
      out.end();
      await finished(out);
    }
  } catch (error) {
    // The reader went away (e.g. `| head`): not an error of ours.
    if ((error as { code?: string }).code === 'EPIPE') return 0;
    throw error;
  }
  if (file !== undefined && file !== '-') {
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `reckon generate: ${written} events to ${file} in ${seconds.toFixed(1)} s (${Math.round(written / Math.max(seconds, 0.001))} events/s)\n`,
    );
  }
  return 0;
}
