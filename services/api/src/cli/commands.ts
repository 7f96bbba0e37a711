/**
 * The commands of `pnpm reckon` (entry point: cli.ts): operator commands, in-process against the same database as the service
 * (DATABASE_URL, or the embedded PostgreSQL in RECKON_DATA_DIR when the service is not running).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { CommandHandler } from '../application/command-handler.js';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirInUseError, openRuntime, type Runtime } from '../runtime.js';
import { takeOverShutdown } from '../shutdown.js';
import { GENERATE_USAGE, generateCommand } from './generate.js';
import { type ImportSummary, importEvents } from './import.js';
import { REBUILD_USAGE, rebuildCommand } from './rebuild.js';
import { STATEMENTS_USAGE, statementsCommand } from './statements.js';
import { VERIFY_USAGE, verifyCommand } from './verify.js';

const USAGE = `Usage: pnpm reckon <command>

Commands:
  import [FILE.ndjson | -] [--atomic] [--batch-size N]
      Append the events of an NDJSON file (one envelope per line; "-" or no file: stdin) through the
      same checks as POST /v1/events. Lines are appended in batches; a refused line does not stop the
      others unless --atomic, where any refused line aborts the import with nothing appended.
      Exit code: 0 all accepted (or duplicates), 1 some line refused, 2 usage error.
${GENERATE_USAGE}${REBUILD_USAGE}
${VERIFY_USAGE}
${STATEMENTS_USAGE}
  help
      This text.

Environment: DATABASE_URL (else an embedded PostgreSQL in RECKON_DATA_DIR, default .reckon/),
RECKON_BILLING_TZ (default Asia/Shanghai).
`;

class UsageError extends Error {}

function lineCount(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    let last = 10;
    createReadStream(path)
      .on('data', (chunk) => {
        const bytes = chunk as Buffer;
        for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) count++;
        if (bytes.length > 0) last = bytes[bytes.length - 1]!;
      })
      .on('end', () => resolve(last === 10 ? count : count + 1))
      .on('error', reject);
  });
}

/** A progress bar with rate on a terminal; a plain line at most once a second otherwise. */
function progressReporter(total: number | undefined): { update: (done: number) => void; stop: () => void } {
  const started = Date.now();
  const rate = (done: number) => Math.round(done / Math.max((Date.now() - started) / 1000, 0.001));
  if (process.stderr.isTTY && total !== undefined) {
    const bar = new cliProgress.SingleBar(
      {
        format: 'import |{bar}| {value}/{total} lines | {speed} lines/s | eta {eta_formatted}',
        stream: process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { speed: 0 });
    return { update: (done) => bar.update(done, { speed: rate(done) }), stop: () => bar.stop() };
  }
  let lastPrinted = 0;
  return {
    update: (done) => {
      if (Date.now() - lastPrinted < 1000) return;
      lastPrinted = Date.now();
      process.stderr.write(`import: ${done}${total !== undefined ? `/${total}` : ''} lines, ${rate(done)} lines/s\n`);
    },
    stop: () => {},
  };
}

function printSummary(source: string, summary: ImportSummary, millis: number): void {
  const out: string[] = [];
  const rate = Math.round(summary.lines / Math.max(millis / 1000, 0.001));
  out.push(
    `${source}: ${summary.lines} lines in ${(millis / 1000).toFixed(1)} s (${rate} lines/s): ` +
      `${summary.accepted} accepted, ${summary.duplicates} duplicate, ${summary.refused.length} refused`,
  );
  if (summary.aborted) out.push('--atomic: a line was refused, so nothing was appended');
  if (summary.refused.length > 0) {
    out.push('refused:');
    for (const { line, reason } of summary.refused) out.push(`  line ${line}: ${reason}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { atomic: { type: 'boolean', default: false }, 'batch-size': { type: 'string' } },
  });
  if (positionals.length > 1) throw new UsageError('import takes one file (or "-" for stdin)');
  const file = positionals[0] ?? '-';
  const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size']);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    throw new UsageError('--batch-size must be an integer from 1 to 100000');
  }
  if (file !== '-') {
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) throw new UsageError(`no such file: ${file}`);
  }
  return await withRuntime(async ({ store }) => {
    const commands = new CommandHandler(store);
    const progress = progressReporter(file === '-' ? undefined : await lineCount(file));
    const started = Date.now();
    let summary: ImportSummary;
    try {
      summary = await importEvents(
        commands,
        file === '-' ? process.stdin : createReadStream(file),
        { actor: { kind: 'cli', user: userInfo().username, command: 'import' }, requestId: `import-${randomUUID()}` },
        { batchSize, atomic: values.atomic, onProgress: progress.update },
      );
    } finally {
      progress.stop();
    }
    printSummary(file === '-' ? 'stdin' : file, summary, Date.now() - started);
    return summary.refused.length > 0 ? 1 : 0;
  });
}

/** Runs a command (import, rebuild, verify, statements) on the service's database, closed after it or on Ctrl-C. */
async function withRuntime(
  command: (ctx: { databaseUrl: string; store: Runtime['store']; billingTz: string }) => Promise<number>,
): Promise<number> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  openRuntimes.add(runtime);
  try {
    return await command({ databaseUrl: runtime.server.url, store: runtime.store, billingTz: config.billingTimeZone });
  } finally {
    openRuntimes.delete(runtime);
    await runtime.close();
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'import':
      return await importCommand(rest);
    case 'generate':
      return await generateCommand(rest);
    case 'rebuild':
      return await withRuntime((ctx) => rebuildCommand(rest, ctx));
    case 'verify':
      return await withRuntime((ctx) => verifyCommand(rest, ctx));
    case 'statements':
      return await withRuntime((ctx) => statementsCommand(rest, ctx));
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command: ${command}`);
  }
}

/** Databases a command has open, stopped cleanly when the user interrupts it. */
const openRuntimes = new Set<Runtime>();
let interrupted = false;
export async function runCli(argv: string[]): Promise<void> {
  takeOverShutdown((signal) => {
    if (interrupted || openRuntimes.size === 0) process.exit(130);
    interrupted = true;
    // Whole batches already appended stay appended (each is atomic); nothing half-written remains.
    process.stderr.write(`\nreckon: ${signal}: stopping\n`);
    void Promise.allSettled([...openRuntimes].map((runtime) => runtime.close())).finally(() => process.exit(130));
  });

  try {
    process.exitCode = await run(argv);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`reckon: ${(error as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError || error instanceof DataDirInUseError) {
      process.stderr.write(`reckon: ${error.message}\n`);
      process.exitCode = error instanceof ConfigError ? 2 : 1;
    } else {
      process.stderr.write(`reckon: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
