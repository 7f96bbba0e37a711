import { createTestDatabase, startThrowawayPostgres } from '@reckon/database';

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
  const server = await startThrowawayPostgres({ prefix: 'reckon-bench-' });
  try {
    const database = await createTestDatabase(server.url, 'bench');
    return {
      adminUrl: server.url,
      url: database.url,
      description: `embedded PostgreSQL in ${server.dataDir} (default durability)`,
      async close() {
        await database.drop().catch(() => {});
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
