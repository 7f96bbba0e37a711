import pg from 'pg';

// BIGINT (int8) and NUMERIC come back as strings: positions and money must never pass through a JS
// number. Our code converts positions with BigInt/Number explicitly where it is safe.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => value);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => value);

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/**
 * Told when a connection fails outside any query: the server restarted or a backend was terminated.
 * `source` names the pool or client (its application_name). The query in flight, if any, rejects on
 * its own; this is for the log.
 */
export type ConnectionErrorHandler = (error: Error, source: string) => void;

/** The default: one line on stderr (the service passes its logger instead). */
export const logConnectionErrorToStderr: ConnectionErrorHandler = (error, source) => {
  process.stderr.write(`reckon: ${source}: PostgreSQL connection lost: ${error.message}\n`);
};

export interface PoolOptions {
  max?: number;
  applicationName?: string;
  onConnectionError?: ConnectionErrorHandler;
}

/**
 * A pool whose clients can never crash the process: node-postgres emits `error` on a client whose
 * connection dies, and an EventEmitter `error` without a listener is thrown. The pool listens to its
 * idle clients; a checked-out one has no listener unless someone adds it, so every client gets one
 * here, from its first connection on. Each failure is reported once, then the client is discarded
 * (the pool drops an idle one at once, a checked-out one when it is released: it is not queryable).
 */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const source = options.applicationName ?? 'reckon';
  const report = options.onConnectionError ?? logConnectionErrorToStderr;
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, application_name: source });
  const reported = new WeakSet<pg.PoolClient>();
  const once = (client: pg.PoolClient, error: Error) => {
    if (reported.has(client)) return;
    reported.add(client);
    report(error, source);
  };
  pool.on('connect', (client) => client.on('error', (error) => once(client, error)));
  pool.on('error', (error, client) => once(client, error));
  return pool;
}

/** What a pool holds right now, named by its application_name: what /metrics exports per pool. */
export interface PoolUsage {
  name: string;
  /** Connections open, idle or checked out. */
  total: number;
  idle: number;
  /** Requests for a connection waiting because every one is checked out and the pool is at `max`. */
  waiting: number;
  max: number;
}

export function poolUsage(pool: pg.Pool): PoolUsage {
  return {
    name: pool.options.application_name ?? 'reckon',
    total: pool.totalCount,
    idle: pool.idleCount,
    waiting: pool.waitingCount,
    max: pool.options.max,
  };
}

export interface ClientOptions {
  applicationName?: string;
  onConnectionError?: ConnectionErrorHandler;
}

/**
 * A dedicated (unpooled) client, connected, with an error listener from the start: a connection
 * that dies later makes its queries reject and is reported, never an unhandled `error` event.
 */
export async function connectClient(url: string, options: ClientOptions = {}): Promise<pg.Client> {
  const source = options.applicationName ?? 'reckon';
  const report = options.onConnectionError ?? logConnectionErrorToStderr;
  const client = new pg.Client({ connectionString: url, application_name: source });
  let reported = false;
  client.on('error', (error) => {
    if (reported) return;
    reported = true;
    report(error, source);
  });
  await client.connect();
  return client;
}

/**
 * Runs `work` in one transaction on a connection of `pool`: committed when it returns, rolled back
 * when it throws (the error is rethrown), the connection released either way. `begin` may add
 * settings to the opening statement (`BEGIN; SET LOCAL lock_timeout = '2s'`).
 */
export async function transaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  begin = 'BEGIN',
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
