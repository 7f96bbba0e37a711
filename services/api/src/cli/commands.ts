/**
 * The commands of `pnpm reckon` (entry point: cli.ts): operator commands, in-process against the same database as the service
 * (DATABASE_URL, or the embedded PostgreSQL in RECKON_DATA_DIR when the service is not running).
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { isDatabaseUnavailable } from '@reckon/database';
import { PROJECTIONS } from '@reckon/projections';
import cliProgress from 'cli-progress';
import { Command, CommanderError } from 'commander';
import { CommandHandler } from '../application/command-handler.js';
import { openStreamSnapshots } from '../application/stream-snapshots.js';
import { ConfigError, loadConfig } from '../config.js';
import { DataDirInUseError, openRuntime, orphanMessage, type Runtime } from '../runtime.js';
import { takeOverShutdown } from '../shutdown.js';
import { generateCommand } from './generate.js';
import { type ImportSummary, importEvents } from './import.js';
import { rebuildCommand } from './rebuild.js';
import { snapshotsCommand } from './snapshots.js';
import { statementsCommand } from './statements.js';
import { USAGE_EXIT, usageError, usageHint } from './usage.js';
import { verifyCommand } from './verify.js';

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
  if (positionals.length > 1) return usageError('import', 'import takes one file (or "-" for stdin)');
  const file = positionals[0] ?? '-';
  const batchSize = values['batch-size'] === undefined ? 500 : Number(values['batch-size']);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    return usageError(
      'import',
      `--batch-size must be a whole number from 1 to 100000 (got ${JSON.stringify(values['batch-size'])})`,
    );
  }
  if (file !== '-') {
    const info = await stat(file).catch(() => undefined);
    if (!info) return usageError('import', `no such file: ${file}`);
    if (info.isDirectory()) return usageError('import', `${file} is a directory, not an NDJSON file`);
  }
  return await withRuntime(async ({ store, databaseUrl }) => {
    const stored = await openStreamSnapshots(databaseUrl, {
      onError: (error) =>
        process.stderr.write(`reckon: a stored stream state could not be saved or read: ${String(error)}\n`),
    });
    const commands = new CommandHandler(store, { snapshots: stored.snapshots });
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
      await stored.close();
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
  // A command appends alone: a short-lived process must not become the log leader of the services
  // (RECKON_SHARE_APPENDS), and an import's batches of 1,000 gain nothing from sharing commits.
  const runtime = await openRuntime(
    { ...config, shareAppends: undefined },
    { onOrphan: (pid, owner) => process.stderr.write(`reckon: ${orphanMessage(pid, owner)}\n`) },
  );
  openRuntimes.add(runtime);
  try {
    return await command({ databaseUrl: runtime.server.url, store: runtime.store, billingTz: config.billingTimeZone });
  } finally {
    openRuntimes.delete(runtime);
    await runtime.close();
  }
}

/** The version of the service the CLI belongs to (services/api/package.json; the same path from src/ and dist/). */
export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const PROJECTION_NAMES = ['all', ...PROJECTIONS.map((p) => p.name)].join(', ');

/**
 * The commands, their options and help (commander: per-command --help, --version, "did you mean" on an
 * unknown command or option). Commander checks the command line; each command's function then parses
 * the same arguments into values and checks them (a bad value is a usage error too, exit code 2).
 */
function program(argv: string[], exit: (code: number) => void): Command {
  const rest = () => argv.slice(argv.findIndex((a) => !a.startsWith('-')) + 1);
  const program = new Command('pnpm reckon')
    .description(
      "Operator commands of Reckon, in-process against the service's database: DATABASE_URL, or the " +
        'embedded PostgreSQL in RECKON_DATA_DIR (default .reckon/; stop pnpm start first).',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'print the help of the command')
    .helpCommand('help [command]', 'print the help of a command')
    .showSuggestionAfterError(true)
    .showHelpAfterError(usageHint())
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'reckon: ')) })
    .addHelpText(
      'after',
      '\nExit codes: 0 done, 1 refused or failed, 2 usage error.\nEnvironment: DATABASE_URL, RECKON_DATA_DIR, RECKON_BILLING_TZ (default Asia/Shanghai).',
    );
  const hint = (name: string) => usageHint(name);

  program
    .command('import')
    .summary('append the events of an NDJSON file through the checks of POST /v1/events')
    .description(
      'Append the events of an NDJSON file (one envelope per line; "-" or no file: stdin) through the same checks as POST /v1/events, in batches. A refused line does not stop the others unless --atomic.',
    )
    .argument('[file]', 'the NDJSON file, or - for stdin', '-')
    .option('--atomic', 'any refused line: nothing is appended')
    .option('--batch-size <n>', 'lines per batch, 1 to 100000', '500')
    .addHelpText('after', '\nExit code: 0 all accepted (or duplicates), 1 some line refused, 2 usage error.')
    .showHelpAfterError(hint('import'))
    .action(async () => exit(await importCommand(rest())));

  program
    .command('generate')
    .summary('write a deterministic, valid event history as NDJSON (no database)')
    .description(
      'Write N events of a partner programme as NDJSON to FILE or stdout, over M billing periods from --start. The same seed gives the same bytes; every event passes the checks of POST /v1/events.',
    )
    .requiredOption('--events <n>', 'how many events')
    .requiredOption('--seed <s>', 'the seed')
    .option('--out <file>', 'write to this file instead of stdout')
    .option('--start <YYYY-MM>', 'the first billing period', '2026-01')
    .option('--months <m>', 'billing periods, 1 to 120', '12')
    .option('--customers <c>', 'customers (default: from --events)')
    .showHelpAfterError(hint('generate'))
    .action(async () => exit(await generateCommand(rest())));

  program
    .command('rebuild')
    .summary('rebuild read models from the log without downtime')
    .description(
      'Rebuild read models from position 0 without downtime: a fresh copy is built beside the live one (which keeps serving), caught up, then swapped in atomically.',
    )
    .argument('<projection>', `which: ${PROJECTION_NAMES}`)
    .option('--batch-size <n>', 'events per transaction, 1 to 100000', '5000')
    .addHelpText('after', '\nExit code: 0 done, 1 failed, 2 usage error.')
    .showHelpAfterError(hint('rebuild'))
    .action(async () => exit(await withRuntime((ctx) => rebuildCommand(rest(), ctx))));

  program
    .command('verify')
    .summary('check that the read models are at the head of the log and equal a replay of it')
    .description(
      'Check that every read model has reached the head of the log (waiting for those catching up) and name those behind and why; replay the log and compare it with the read models at the same position. A projection that differs is named with the rebuild command that repairs it.',
    )
    .argument('[projection]', `which: ${PROJECTION_NAMES}`, 'all')
    .option('--max-differences <n>', 'differences to print', '20')
    .option('--batch-size <n>', 'events per transaction, 1 to 100000', '5000')
    .option('--wait-seconds <n>', 'how long to wait for read models catching up, 0 to 3600', '10')
    .addHelpText('after', '\nExit code: 0 identical and at the head, 1 behind or different (or failed), 2 usage error.')
    .showHelpAfterError(hint('verify'))
    .action(async () => exit(await withRuntime((ctx) => verifyCommand(rest(), ctx))));

  /** A command of subcommands: its summary, its usage hint and its exit codes in the help. */
  const group = (name: string, summary: string, exitCodes: string) =>
    program
      .command(name)
      .summary(summary)
      .showHelpAfterError(hint(name))
      .addHelpText('after', `\nExit code: ${exitCodes}`);

  const snapshots = group(
    'snapshots',
    "check or clear the command side's stored states of long streams (a cache of the log)",
    "0 done (verify: every state equals its stream's fold), 1 a state differs, 2 usage error.",
  );
  for (const [name, summary] of [
    ['verify', "fold each stored state's stream up to its version and compare; name those that differ"],
    ['clear', 'delete every stored state (each such stream is folded whole at its next command)'],
  ] as const) {
    snapshots
      .command(name)
      .summary(summary)
      .showHelpAfterError(hint(`snapshots ${name}`))
      .action(async () => exit(await withRuntime((ctx) => snapshotsCommand(rest(), ctx))));
  }

  const statements = group(
    'statements',
    "rebuild, publish or show a partner's statement of a period",
    '0 done, 1 refused (unknown partner, statement, revision or rules; not a draft), 2 usage error.',
  );
  const statement = (name: string, summary: string) =>
    statements
      .command(name)
      .summary(summary)
      .description(summary)
      .requiredOption('--partner <id>', 'the partner')
      .requiredOption('--period <YYYY-MM>', 'the billing period, like 2026-10')
      .showHelpAfterError(hint(`statements ${name}`))
      .action(async () => exit(await withRuntime((ctx) => statementsCommand(rest(), ctx))));
  statement(
    'rebuild',
    "rebuild the statement under another rule-set version (closed periods too); prints the draft's diff",
  ).requiredOption('--rules <version>', 'the rule-set version');
  statement(
    'publish',
    'publish a draft revision; for a closed period the TrueUp lands in the first open period',
  ).requiredOption('--revision <n>', 'the draft revision');
  statement('show', 'print a statement revision: lines, total, checksum').option(
    '--revision <n>',
    'the revision (default: the current one)',
  );
  return program;
}

async function run(argv: string[]): Promise<number> {
  let code = 0;
  const cli = program(argv, (exitCode) => {
    code = exitCode;
  });
  // commander answers `help <unknown>` with the general help and 0, as if asked for it.
  const [first, asked] = argv;
  if (first === 'help' && asked && !asked.startsWith('-') && !cli.commands.some((c) => c.name() === asked)) {
    process.stderr.write(`reckon: unknown command '${asked}'\n${usageHint()}\n`);
    return USAGE_EXIT;
  }
  try {
    await cli.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    // --help and --version: 0; no command at all (the help was printed): 2; any other: a usage error.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
    if (error.code === 'commander.help') return error.exitCode === 0 ? 0 : USAGE_EXIT;
    return USAGE_EXIT;
  }
}

/** Databases a command has open, stopped cleanly when the user interrupts it. */
const openRuntimes = new Set<Runtime>();
let interrupted = false;
/**
 * What an operator is told when the database cannot be used at all: one line, not a stack. A
 * server that refuses or cannot be found, a database that does not exist, a role refused.
 */
function databaseProblem(error: unknown): string | undefined {
  const code = (error as { code?: unknown }).code;
  const known = isDatabaseUnavailable(error) || code === '3D000' || code === '28P01' || code === '28000';
  if (!known) return undefined;
  const where = process.env.DATABASE_URL?.trim() ? 'the database of DATABASE_URL' : 'the embedded database';
  return `cannot use ${where}: ${(error as Error).message}`;
}

export async function runCli(argv: string[]): Promise<void> {
  // Output read by `head` or a pager that quit: the rest is dropped, the command finishes its work
  // and exits with its own code (an unhandled EPIPE would end it with a stack, as if it had failed).
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
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
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`reckon: ${(error as Error).message}\n${usageHint()}\n`);
      process.exitCode = USAGE_EXIT;
    } else if (error instanceof ConfigError || error instanceof DataDirInUseError) {
      process.stderr.write(`reckon: ${error.message}\n`);
      process.exitCode = error instanceof ConfigError ? 2 : 1;
    } else if (interrupted) {
      // Ctrl-C closed the database under the command: the signal handler says so and exits 130.
      process.exitCode = 130;
    } else {
      const problem = databaseProblem(error);
      process.stderr.write(`reckon: ${problem ?? (error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  }
}
