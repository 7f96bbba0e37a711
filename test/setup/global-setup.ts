import path from 'node:path';
import { startThrowawayPostgres } from '@reckon/database';
import type { TestProject } from 'vitest/node';

/**
 * One PostgreSQL server for the whole test run: the one `DATABASE_URL` names, or else an embedded
 * server in a throw-away directory that is stopped and removed when the run ends (also when tests
 * fail). Each test file then creates its own database on it (`useTestDatabase`).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('adminDatabaseUrl', external);
    console.log(`[reckon tests] PostgreSQL: DATABASE_URL (${new URL(external).host})`);
    return async () => {};
  }
  const dataDir = path.resolve('.reckon-test', `run-${process.pid}`);
  const started = Date.now();
  const server = await startThrowawayPostgres({ dataDir, unsafeFast: true });
  console.log(`[reckon tests] PostgreSQL: embedded, started in ${Date.now() - started} ms`);
  project.provide('adminDatabaseUrl', server.url);
  return () => server.stop();
}
