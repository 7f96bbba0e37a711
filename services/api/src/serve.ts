/**
 * The service process (entry point: main.ts): opens the database (DATABASE_URL, or an embedded PostgreSQL kept in RECKON_DATA_DIR),
 * applies migrations, serves HTTP on PORT, and on SIGINT/SIGTERM stops serving, closes the pools and
 * stops the embedded database.
 */

import { getHeapStatistics } from 'node:v8';
import { describeSupervision, type SupervisionEvent } from '@reckon/database';
import { EventStoreDbEventStore } from '@reckon/event-store-eventstoredb';
import type { AppendRoleListener } from '@reckon/event-store-postgres';
import { BillingZoneError } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import type pino from 'pino';
import { buildApp } from './app.js';
import { CommandHandler } from './application/command-handler.js';
import { openStreamSnapshots } from './application/stream-snapshots.js';
import { type ApiKey, loadOrCreateKeyFile } from './auth/keys.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { componentLogger, createLogger, exitAfterLogs, flushLogsOnExit, prettyLogsWanted } from './logging.js';
import { type ReadSideHandle, startReadSide } from './routes/queries/index.js';
import { DataDirInUseError, openRuntime, orphanMessage, type Runtime } from './runtime.js';
import { takeOverShutdown } from './shutdown.js';

/**
 * Says in the log, once, whether the KurrentDB server takes every command: commands whose plan
 * touches several streams need its atomic multi-stream append (docs/scaling.md). Never blocks
 * startup; an unreachable server is readiness's business.
 */
function reportMultiStreamSupport(store: EventStoreDbEventStore, log: pino.Logger): void {
  void store.multiStreamSupport().then(
    (support) => {
      if (support === 'append-records') log.info('KurrentDB: atomic multi-stream appends (26.1+): every command');
      else if (support === 'multi-stream-append') {
        log.warn(
          'KurrentDB 25.1: commands that guard a stream they do not write, or interleave streams, are refused (501); 26.1+ takes them',
        );
      } else log.warn('KurrentDB/EventStoreDB before 25.1: commands touching several streams are refused (501)');
    },
    (error: unknown) => log.warn({ err: error }, 'KurrentDB: could not ask which multi-stream appends it offers'),
  );
}

async function apiKeysFor(
  config: Config,
  log: pino.Logger,
): Promise<{ keys: ApiKey[]; announce: (port: number) => void }> {
  if (config.apiKeys) {
    return {
      keys: config.apiKeys,
      announce: () => log.info(`API keys: ${config.apiKeys?.length} from RECKON_API_KEYS`),
    };
  }
  const { keys, file, created } = await loadOrCreateKeyFile(config.dataDir);
  const admin = keys.find((key) => key.role === 'admin') ?? keys[0];
  return {
    keys,
    announce: (port) => {
      if (!created || !admin) {
        log.info(`API keys: RECKON_API_KEYS is unset; using the keys kept in ${file}`);
        return;
      }
      const base = `http://localhost:${port}`;
      process.stdout.write(
        [
          '',
          'RECKON_API_KEYS is unset, so an admin API key was generated. It is shown only this once and kept in',
          `  ${file} (mode 0600). Use it as a Bearer token, e.g.:`,
          '',
          `  curl -s ${base}/v1/events -H 'Authorization: Bearer ${admin.key}' \\`,
          `    -H 'Content-Type: application/json' -d @event.json`,
          '',
          `API documentation: ${base}/docs`,
          '',
          '',
        ].join('\n'),
      );
    },
  };
}

/**
 * Logs what the supervision of the embedded PostgreSQL reports: its exit and a failed start at
 * error (with the exit code and signal, or the error), its return at warn, giving up at fatal.
 */
function logSupervision(log: pino.Logger, event: SupervisionEvent): void {
  const message = describeSupervision(event);
  switch (event.kind) {
    case 'exited':
      log.error({ postmasterPid: event.pid, exitCode: event.code, signal: event.signal }, message);
      return;
    case 'restart-failed':
      log.error({ err: event.error, failures: event.failures }, message);
      return;
    case 'restarted':
    case 'adopted':
      log.warn({ postmasterPid: event.pid, downMs: event.downMs }, message);
      return;
    case 'gave-up':
      log.fatal(`${message}; /healthz answers 503 from now on, so that the instance is restarted`);
      return;
  }
}

/** What a caller of `serve` gets once the service listens (the demo loads its data through it). */
export interface ListeningContext {
  app: FastifyInstance;
  commands: CommandHandler;
  runtime: Runtime;
  readSide: ReadSideHandle;
  config: Config;
  keys: ApiKey[];
  port: number;
  log: pino.Logger;
  /** True once SIGINT/SIGTERM asked the service to stop: long work should give up. */
  stopping: () => boolean;
}

export interface ServeOptions {
  /** Runs once the service listens; it replaces the generated-key banner. A throw stops the service (exit 1). */
  onListening?: (context: ListeningContext) => Promise<void>;
}

async function main(options: ServeOptions = {}): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`reckon: ${error.message}\n`);
    process.exit(2);
  }
  const log = createLogger({ level: config.logLevel });

  let runtime: Runtime | undefined;
  let readSide: ReadSideHandle | undefined;
  let stored: Awaited<ReturnType<typeof openStreamSnapshots>> | undefined;
  let app: FastifyInstance | undefined;
  let stopping: Promise<void> | undefined;
  let startup: Promise<void> = Promise.resolve();
  let listening: Promise<void> = Promise.resolve();

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info(`${reason}: shutting down`);
      await startup.catch(() => {}); // never leave an embedded server half-started behind
      await listening.catch(() => {}); // the onListening work notices `stopping` and returns
      if (app) {
        // Stop accepting, let requests in flight finish; a keep-alive connection is closed as soon as
        // its response is sent (else server.close would wait for the client to hang up).
        const server = app.server;
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        await app.close().catch((error) => log.error({ err: error }, 'closing the HTTP server failed'));
        clearInterval(idle);
        log.info('HTTP server closed (requests in flight answered)');
      }
      await stored?.close().catch((error) => log.error({ err: error }, 'closing the stream snapshots failed'));
      if (readSide) {
        await readSide.close().catch((error) => log.error({ err: error }, 'stopping the projections failed'));
        log.info('projections stopped (batch in hand committed with its checkpoint)');
      }
      await runtime?.close().catch((error) => log.error({ err: error }, 'closing the database failed'));
      log.info('stopped');
    })();
    return stopping;
  };
  let firstSignalAt = 0;
  takeOverShutdown((signal) => {
    if (stopping) {
      // Ctrl-C reaches this process twice (from the terminal and relayed by tsx): only a later one forces.
      if (Date.now() - firstSignalAt < 1000) return;
      log.warn(`${signal} again: exiting now`);
      exitAfterLogs(log, 130);
      return;
    }
    firstSignalAt = Date.now();
    setTimeout(() => {
      log.error('shutdown took over 15 s: exiting');
      exitAfterLogs(log, 1);
    }, 15_000).unref();
    void stop(signal).then(() => exitAfterLogs(log, 0));
  });
  flushLogsOnExit(log);

  startup = (async () => {
    const { keys, announce } = await apiKeysFor(config, log);
    log.info(
      config.databaseUrl
        ? 'database: DATABASE_URL'
        : `database: embedded PostgreSQL in ${config.dataDir} (starting; first start initialises it)`,
    );
    const started = Date.now();
    // On Ctrl-C the embedded server gets the signal too and may close our connections first.
    const onConnectionError = (error: Error, source: string) =>
      (stopping ? log.debug : log.warn).call(log, { err: error, connection: source }, 'PostgreSQL connection lost');
    // With RECKON_SHARE_APPENDS, whether this process leads the appends, follows a leader, or appends alone.
    const onAppendRole: AppendRoleListener = (role, leader) =>
      log.info(
        { leader },
        role === 'leader'
          ? `appends: this process is the log leader, listening on ${leader}`
          : role === 'follower'
            ? `appends: sent to the log leader at ${leader}`
            : 'appends: no log leader reachable, appending alone',
      );
    runtime = await openRuntime(config, {
      onLog: (line) => log.debug({ postgres: line }),
      onOrphan: (pid, owner) => log.warn(orphanMessage(pid, owner)),
      onSupervision: (event) => logSupervision(log, event),
      onConnectionError,
      ...(config.shareAppends ? { onAppendRole } : {}),
    });
    log.info(`database ready in ${Date.now() - started} ms`);
    log.info(runtime.log === 'eventstoredb' ? 'event log: KurrentDB (EVENTSTORE_URL)' : 'event log: PostgreSQL');
    if (runtime.store instanceof EventStoreDbEventStore) reportMultiStreamSupport(runtime.store, log);
    if (stopping) return;
    // Projections run on a thread of this process by default (RECKON_PROJECTIONS); advisory locks
    // let other API processes and `pnpm start:projector` share them.
    readSide = await startReadSide({
      databaseUrl: runtime.server.url,
      store: runtime.store,
      billingTimeZone: config.billingTimeZone,
      logger: componentLogger(log, 'projections'),
      onConnectionError,
      projections: config.projections,
      thread: { eventStoreUrl: config.eventStoreUrl, logLevel: config.logLevel, pretty: prettyLogsWanted() },
    });
    if (stopping) return;
    // Folded states of long streams kept in the read-model database: a restart does not fold a
    // reseller's whole funds history again on its next order (application/stream-snapshots.ts).
    stored = await openStreamSnapshots(runtime.server.url, {
      onConnectionError,
      onError: (error) =>
        log.warn({ err: error }, 'a stored stream state could not be saved or read (commands go on without it)'),
    });
    if (stopping) return;
    const commands = new CommandHandler(runtime.store, { snapshots: stored.snapshots });
    const { server, pools: ownPools } = runtime;
    const snapshotPool = stored.usage;
    app = await buildApp({
      store: runtime.store,
      commands,
      apiKeys: keys,
      bodyLimit: config.bodyLimit,
      requestTimeoutMs: config.requestTimeoutMs,
      readiness: runtime.readiness,
      fatal: () => server.failure(),
      queries: readSide.queries,
      pools: () => [...ownPools(), snapshotPool()],
      ...(runtime.appendStats ? { appendStats: runtime.appendStats } : {}),
      ...(runtime.appendRole ? { appendRole: runtime.appendRole } : {}),
      rateLimit: config.rateLimit,
      loadShedding: {
        maxEventLoopDelayMs: config.loadShedding.maxEventLoopDelayMs,
        maxHeapUsedBytes: Math.floor((getHeapStatistics().heap_size_limit * config.loadShedding.maxHeapPercent) / 100),
      },
      loggerInstance: componentLogger(log, 'http'),
      web: {},
    });
    if (stopping) return;
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = address && typeof address === 'object' ? address.port : config.port;
    if (!options.onListening) announce(port);
    log.info(`Reckon ready: http://localhost:${port} (API documentation at /docs)`);
    const { onListening } = options;
    if (onListening) {
      const context = { app, commands, runtime, readSide, config, keys, port, log, stopping: () => !!stopping };
      listening = onListening(context);
      await listening;
    }
  })();

  try {
    await startup;
  } catch (error) {
    if (error instanceof DataDirInUseError || error instanceof BillingZoneError) log.error(error.message);
    else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      log.error(`port ${config.port} is already in use (another Reckon?); set PORT to a free port`);
    } else log.error({ err: error }, 'startup failed');
    await app?.close().catch(() => {});
    await stored?.close().catch(() => {});
    await readSide?.close().catch(() => {});
    await runtime?.close().catch(() => {});
    exitAfterLogs(log, 1);
  }
}

export { main as serve };
