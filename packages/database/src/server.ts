import pg from 'pg';
import { type EmbeddedDatabase, type EmbeddedOptions, startEmbeddedPostgres } from './embedded.js';
import { connectClient } from './pool.js';
import { withDatabase } from './url.js';

export interface DatabaseServer {
  /** Connection string of the database Reckon uses. */
  readonly url: string;
  /** `embedded` when started from the npm package, `external` when `DATABASE_URL` named it. */
  readonly kind: 'embedded' | 'external';
  /**
   * Why the service cannot go on without a restart: its embedded server exited and could not be
   * started again (`EmbeddedDatabase.failure`). Always undefined for an external one.
   */
  failure(): string | undefined;
  stop(): Promise<void>;
}

export interface OpenOptions {
  /** `DATABASE_URL`; when absent an embedded server is started. */
  databaseUrl?: string | undefined;
  /** `RECKON_DATA_DIR`; where the embedded cluster keeps its files. */
  dataDir: string;
  onLog?: (line: string) => void;
  /** The embedded server's port (default a free one). */
  port?: number;
  /** See `EmbeddedOptions.ownsCluster`. */
  ownsCluster?: () => boolean;
  /** See `EmbeddedOptions.onSupervision`. */
  onSupervision?: EmbeddedOptions['onSupervision'];
  /** See `EmbeddedOptions.restartPolicy`. */
  restartPolicy?: EmbeddedOptions['restartPolicy'];
}

/**
 * The database the service runs against: the server named by `DATABASE_URL`, or else an embedded
 * PostgreSQL kept in the data directory, with a `reckon` database created on first start.
 */
export async function openDatabaseServer(options: OpenOptions): Promise<DatabaseServer> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, kind: 'external', failure: () => undefined, stop: async () => {} };
  }
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({
    dataDir: options.dataDir,
    ...(options.onLog ? { onLog: options.onLog } : {}),
    ...(options.port ? { port: options.port } : {}),
    ...(options.ownsCluster ? { ownsCluster: options.ownsCluster } : {}),
    ...(options.onSupervision ? { onSupervision: options.onSupervision } : {}),
    ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
  });
  try {
    await ensureDatabase(embedded.url, 'reckon');
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return {
    url: withDatabase(embedded.url, 'reckon'),
    kind: 'embedded',
    failure: () => embedded.failure(),
    stop: () => embedded.stop(),
  };
}

/** Creates `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = await connectClient(adminUrl, { applicationName: 'reckon-admin' });
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    }
  } finally {
    await client.end();
  }
}

/** Drops `name` on the server of `adminUrl`, disconnecting anyone still on it. */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = await connectClient(adminUrl, { applicationName: 'reckon-admin' });
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
