/**
 * The typed client's types: `paths` and `operations` generated from the OpenAPI document by
 * openapi-typescript. `pnpm docs:http` writes them to client/openapi.ts, the contract test fails
 * when that file is stale, and `pnpm typecheck` compiles the typed calls of the contract test
 * against it: a route that changes its contract breaks one or the other.
 */
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { formatWithBiome, type OpenApiDocument } from '../docs/http-reference.js';

export const CLIENT_TYPES_PATH = path.resolve(import.meta.dirname, 'openapi.ts');

const HEADER = `/**
 * The HTTP contract as TypeScript types (openapi-typescript), generated from the OpenAPI document
 * by \`pnpm docs:http\`: do not edit. Use it with openapi-fetch: \`createClient<paths, 'application/json' | 'application/problem+json'>({ baseUrl })\` (the lists also answer text/csv).
 */
`;

export async function clientTypes(doc: OpenApiDocument): Promise<string> {
  const nodes = await openapiTS(structuredClone(doc) as unknown as OpenAPI3);
  return formatWithBiome(HEADER + astToString(nodes), CLIENT_TYPES_PATH);
}
