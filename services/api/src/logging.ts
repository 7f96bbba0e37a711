/**
 * The service's logger: one pino logger per process, named `reckon`; its parts (the HTTP server,
 * the projections) are child loggers that say which part they are in `component`, never in `name`.
 * pino writes a child's bindings after its parent's, so `child({ name })` wrote a second `"name"`
 * key on every line, which log pipelines (Loki, Elasticsearch, jq --seq) refuse or mangle.
 *
 * JSON lines on stdout, except in development at a terminal (NODE_ENV is not `production` and stdout
 * is a TTY): then pino-pretty writes them coloured and readable.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import PinoPretty from 'pino-pretty';

/** The `name` of every line the service process writes. */
export const LOGGER_NAME = 'reckon';

/** The parts of the service that log, each a `component` of the one logger. */
export type Component = 'http' | 'projections';

/** Whether log lines are for a person: not in production, and stdout is a terminal. */
export function prettyLogsWanted(
  env: NodeJS.ProcessEnv = process.env,
  stdout: { isTTY?: boolean } = process.stdout,
): boolean {
  return env.NODE_ENV?.trim() !== 'production' && stdout.isTTY === true;
}

export interface LoggerOptions {
  level: string;
  /** Where lines go (default stdout). */
  destination?: DestinationStream;
  /** Human-readable lines through pino-pretty (default: `prettyLogsWanted()`). */
  pretty?: boolean;
  /** Coloured pretty lines (default: stdout is a terminal; a worker thread's stdout never says so). */
  colorize?: boolean;
}

export function createLogger(options: LoggerOptions): Logger {
  const pretty = options.pretty ?? prettyLogsWanted();
  const destination = pretty
    ? PinoPretty({
        colorize: options.colorize ?? (options.destination === undefined && process.stdout.isTTY === true),
        translateTime: 'SYS:HH:MM:ss.l',
        ignore: 'pid,hostname,name',
        sync: true,
        ...(options.destination ? { destination: options.destination } : {}),
      })
    : options.destination;
  return destination
    ? pino({ name: LOGGER_NAME, level: options.level }, destination)
    : pino({ name: LOGGER_NAME, level: options.level });
}

/** The logger of one part of the service: the same `name`, and `component` to tell the parts apart. */
export function componentLogger(log: Logger, component: Component): Logger {
  return log.child({ component });
}

/**
 * On any exit (a crash included), writes what the logger still buffers. pino registers the same
 * itself, but the service takes the process's `exit` listeners over from its dependencies
 * (`takeOverShutdown`): call this after that.
 */
export function flushLogsOnExit(log: Logger): void {
  process.on('exit', () => {
    const stream = streamOf(log) as { flushSync?: () => void } | undefined;
    try {
      stream?.flushSync?.();
    } catch {
      // a write still in flight, or stdout gone: nothing more can be done at exit
    }
  });
}

function streamOf(log: Logger): (NodeJS.EventEmitter & { end?: () => void }) | undefined {
  return (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    | (NodeJS.EventEmitter & { end?: () => void })
    | undefined;
}

/**
 * Ends the process once the lines logged so far are written. pino writes stdout asynchronously, and
 * `process.exit` right after a line could lose it when stdout is a file or a pipe (the reason a
 * start was refused, the `stopped` of a shutdown). At most a second is waited.
 */
export function exitAfterLogs(log: Logger, code: number): void {
  const exit = () => process.exit(code);
  setTimeout(exit, 1000).unref();
  // pino's flush() answers at once while a write is still in flight (sonic-boom with minLength 0);
  // ending the stream waits for it, and then for what is buffered (stdout itself is not closed).
  const stream = streamOf(log);
  if (!stream || typeof stream.end !== 'function') {
    exit();
    return;
  }
  stream.once('close', exit);
  stream.once('finish', exit);
  stream.once('error', exit);
  try {
    stream.end();
  } catch {
    exit();
  }
}
