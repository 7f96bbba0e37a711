/**
 * `pnpm docs:http`: rewrites docs/http-reference.md from the OpenAPI document. The app is built,
 * not listened on, over DATABASE_URL or, unset, a throw-away embedded PostgreSQL (the event store
 * it is built over migrates its own tables when it connects).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startThrowawayPostgres } from '@reckon/database';
import { formatMarkdown, openApiDocument, REFERENCE_PATH, renderReference } from './http-reference';

const databaseUrl = process.env.DATABASE_URL?.trim();
const server = databaseUrl
  ? { url: databaseUrl, stop: async () => {} }
  : await startThrowawayPostgres({ prefix: 'reckon-docs-' });
try {
  const markdown = formatMarkdown(renderReference(await openApiDocument(server.url)));
  await writeFile(REFERENCE_PATH, markdown);
  process.stdout.write(`wrote ${path.relative(process.cwd(), REFERENCE_PATH)} (${markdown.length} bytes)\n`);
} finally {
  await server.stop();
}
