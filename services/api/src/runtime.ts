import { readFileSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  appliedMigrations,
  type ConnectionErrorHandler,
  connectClient,
  createPool,
  type DatabaseServer,
  embeddedUrl,
  livePostmaster,
  openDatabaseServer,
  type Pool,
  type PoolUsage,
  poolUsage,
  processAlive,
  type SupervisionEvent,
  stopPostmaster,
} from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import { type EventLogKind, eventLogKind, openEventStore } from '@reckon/event-store-config';
import {
  type AppendRole,
  type AppendRoleListener,
  type AppendStats,
  MIGRATION_NAMESPACE,
  migrations,
  PostgresEventStore,
} from '@reckon/event-store-postgres';
import type { Config } from './config.js';
import type { Readiness } from './routes/health.js';
import { trackUntilStopped } from './shutdown.js';

/**
 * What the service and the CLI run on: the database server (read models; the log too unless
 * EVENTSTORE_URL), the event store (migrated, on PostgreSQL; or KurrentDB), a probe pool.
 */
export interface Runtime {
  server: DatabaseServer;
  store: EventStore;
  /** Where the log is kept. */
  log: EventLogKind;
  readiness: () => Promise<Readiness>;
  /** The connections of the pools it owns (the event store's on PostgreSQL, the readiness probe's). */
  pools: () => PoolUsage[];
  /** How the appends reached the database (on PostgreSQL; absent on KurrentDB). */
  appendStats?: () => AppendStats;
  /** With `shareAppends` (on PostgreSQL): whether this process leads the appends, follows, or appends alone now. */
  appendRole?: () => AppendRole;
  /** Closes the store and the pool, then stops the embedded database (if one was started). */
  close(): Promise<void>;
}

/** What /metrics reports of a PostgreSQL store's appends: its counts, and its role when it shares them. */
function postgresAppendFacts(store: EventStore, shared: boolean): Pick<Runtime, 'appendStats' | 'appendRole'> {
  if (!(store instanceof PostgresEventStore)) return {};
  return {
    appendStats: () => store.appendStats(),
    ...(shared ? { appendRole: () => store.appendRole } : {}),
  };
}

/** The embedded cluster of this data directory is already running (another `pnpm start` or import). */
export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly port: number | undefined,
    /** The process serving from it, when its `reckon.pid` names one. */
    readonly owner?: number,
    /** Connections other processes still have open to a server whose Reckon process is gone. */
    readonly clients?: number,
  ) {
    const url = port ? embeddedUrl(port, 'reckon') : undefined;
    super(
      `the embedded PostgreSQL of ${dataDir} is already running (pid ${pid}${port ? `, port ${port}` : ''}), ` +
        (clients
          ? `left by Reckon process ${owner}, which is gone, but ${clients} connection(s) of other processes still use it. `
          : owner
            ? `for Reckon process ${owner} (a pnpm start, or a reckon command). `
            : 'most likely under a running `pnpm start`. ') +
        'Two processes cannot start the same data directory. ' +
        (url
          ? `Stop it first, or reuse its database: DATABASE_URL=${url}`
          : 'Stop it first, or point DATABASE_URL at its database.'),
    );
  }
}

/** What a process says when it finds the embedded PostgreSQL left behind by one that is gone. */
export function orphanMessage(postmasterPid: number, ownerPid: number): string {
  return (
    `the embedded PostgreSQL (pid ${postmasterPid}) was left running by a Reckon process that is gone ` +
    `(pid ${ownerPid}, killed?): stopping it (fast shutdown) and starting it again`
  );
}

/** The file that names the process serving from a data directory's embedded PostgreSQL. */
const OWNER_FILE = 'reckon.pid';

/** A data directory claimed for this process's embedded PostgreSQL. */
export interface DataDirClaim {
  /** Lets it go (the process stopped its server). */
  release(): void;
  /** Whether this process still holds it (another may have claimed it after our server died). */
  holds(): boolean;
  /** The port of a server stopped as an orphan: started again on it, so its URL stays the same. */
  port: number | undefined;
}

/**
 * Claims `<dataDir>` for this process's embedded PostgreSQL. A live postmaster of the data
 * directory is refused (`DataDirInUseError`) while the process that started it lives, when no
 * process is named (a release before this file), when it cannot be told to be the cluster's
 * postmaster, or when other processes still have connections open to it. One whose process is
 * gone (killed with SIGKILL, or out of memory: the server outlives it) and that nobody else uses
 * is stopped first, and `onOrphan` says so. The file names this process; in a container the pid
 * may be the same after a restart, so a file naming this very pid names a process that is gone.
 */
export async function claimDataDir(
  dataDir: string,
  onOrphan: (postmasterPid: number, ownerPid: number) => void = () => {},
): Promise<DataDirClaim> {
  const ownerFile = path.join(dataDir, OWNER_FILE);
  const cluster = path.join(dataDir, 'pgdata');
  const postmaster = livePostmaster(cluster);
  let port: number | undefined;
  if (postmaster) {
    const owner = readOwner(ownerFile);
    const ownerGone = owner !== undefined && (owner === process.pid || !processAlive(owner));
    if (!ownerGone || !postmaster.verified) {
      throw new DataDirInUseError(dataDir, postmaster.pid, postmaster.port, owner);
    }
    const clients = await otherConnections(postmaster.port);
    if (clients > 0) throw new DataDirInUseError(dataDir, postmaster.pid, postmaster.port, owner, clients);
    onOrphan(postmaster.pid, owner);
    await stopPostmaster(cluster);
    port = postmaster.port;
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(ownerFile, `${process.pid}\n`);
  const holds = () => readOwner(ownerFile) === process.pid;
  return {
    release: () => {
      if (holds()) rmSync(ownerFile, { force: true });
    },
    holds,
    port,
  };
}

/**
 * Client connections to the embedded server on `port` other than the one asking (a projector or
 * a second API process pointed at it with DATABASE_URL); 0 when it does not answer.
 */
async function otherConnections(port: number | undefined): Promise<number> {
  if (!port) return 0;
  try {
    const client = await connectClient(embeddedUrl(port), {
      applicationName: 'reckon-claim',
    });
    try {
      // The backends of the process that died end as they find its sockets closed: give them 3 s.
      let open = 0;
      for (let tries = 0; tries < 30; tries++) {
        const { rows } = await client.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()",
        );
        open = rows[0]?.n ?? 0;
        if (open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return open;
    } finally {
      await client.end();
    }
  } catch {
    return 0;
  }
}

function readOwner(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface RuntimeLogs {
  /** The embedded server's own log lines. */
  onLog?: (line: string) => void;
  /** A lost database connection (default: a line on stderr). */
  onConnectionError?: ConnectionErrorHandler;
  /** With `RECKON_SHARE_APPENDS`: this process starts leading the appends, following, or appending alone. */
  onAppendRole?: AppendRoleListener;
  /** The embedded PostgreSQL was left running by a process that is gone: it is stopped and started again. */
  onOrphan?: (postmasterPid: number, ownerPid: number) => void;
  /** The embedded PostgreSQL exited on its own and is started again, or given up (default: a line on stderr). */
  onSupervision?: (event: SupervisionEvent) => void;
}

/**
 * Opens the database (`DATABASE_URL`, or an embedded PostgreSQL in the data directory), applies the
 * event store's migrations and returns the store. On any failure the embedded server is stopped again.
 */
export async function openRuntime(
  config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'eventStoreUrl' | 'shareAppends'>>,
  logs: RuntimeLogs = {},
): Promise<Runtime> {
  const { onLog, onConnectionError, onAppendRole, onOrphan, onSupervision } = logs;
  const claim = config.databaseUrl ? undefined : await claimDataDir(config.dataDir, onOrphan);
  const release = () => claim?.release();
  let server: DatabaseServer;
  try {
    server = await openDatabaseServer({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      ...(onLog ? { onLog } : {}),
      ...(onSupervision ? { onSupervision } : {}),
      ...(claim?.port ? { port: claim.port } : {}),
      ...(claim ? { ownsCluster: claim.holds } : {}),
    });
  } catch (error) {
    release();
    throw error;
  }
  const untrack = trackUntilStopped(server);
  let store: EventStore | undefined;
  let pool: Pool | undefined;
  try {
    // KurrentDB writes a plan touching several streams in one atomic append (26.1+; 25.1 without
    // guards); an older server refuses such plans (501, docs/scaling.md). Its client connects
    // lazily; readiness shows whether it answers.
    store = await openEventStore(
      { databaseUrl: server.url, eventStoreUrl: config.eventStoreUrl, shareAppends: config.shareAppends },
      { ...(onConnectionError ? { onConnectionError } : {}), ...(onAppendRole ? { onAppendRole } : {}) },
    );
    pool = createPool(server.url, { max: 2, applicationName: 'reckon-readiness', onConnectionError });
  } catch (error) {
    await store?.close().catch(() => {});
    await server.stop();
    untrack();
    release();
    throw error;
  }
  const probe = pool;
  const shipped = Math.max(...migrations.map((migration) => migration.version));
  const log = eventLogKind(config);
  return {
    server,
    store,
    log,
    pools: () => [...(store instanceof PostgresEventStore ? [store.poolUsage()] : []), poolUsage(probe)],
    ...postgresAppendFacts(store, Boolean(config.shareAppends)),
    readiness: async () => {
      if (log === 'eventstoredb') {
        await probe.query('SELECT 1');
        await store.headPosition(); // throws when KurrentDB does not answer: 503 "unreachable"
        return { ready: true };
      }
      const applied = (await appliedMigrations(probe)).get(MIGRATION_NAMESPACE) ?? 0;
      return applied >= shipped
        ? { ready: true }
        : { ready: false, reason: `event store schema at version ${applied}, the code needs ${shipped}` };
    },
    async close() {
      await Promise.allSettled([store.close(), probe.end()]);
      await server.stop();
      untrack();
      release();
    },
  };
}
