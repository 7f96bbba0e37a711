/**
 * `pnpm docs:http`: rewrites docs/http-reference.md and the typed client's types
 * (services/api/src/client/openapi.ts) from the OpenAPI document. The app is built, not listened
 * on, over DATABASE_URL or, unset, a throw-away embedded PostgreSQL (the event store it is built
 * over migrates its own tables when it connects).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startThrowawayPostgres } from '@reckon/database';
import { CLIENT_TYPES_PATH, clientTypes } from '../client/generate.js';
import { formatMarkdown, openApiDocument, REFERENCE_PATH, renderReference } from './http-reference.js';

const databaseUrl = process.env.DATABASE_URL?.trim();
const server = databaseUrl
  ? { url: databaseUrl, stop: async () => {} }
  : await startThrowawayPostgres({ prefix: 'reckon-docs-' });
try {
  const doc = await openApiDocument(server.url);
  for (const [file, text] of [
    [REFERENCE_PATH, formatMarkdown(renderReference(doc))],
    [CLIENT_TYPES_PATH, await clientTypes(doc)],
  ] as const) {
    await writeFile(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)} (${text.length} bytes)\n`);
  }
} finally {
  await server.stop();
}
