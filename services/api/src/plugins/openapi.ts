import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/**
 * The Swagger UI's content security policy as @fastify/swagger-ui writes it, without
 * `upgrade-insecure-requests`: that made a browser fetch the UI's scripts over HTTPS from a service
 * served over plain HTTP (on any host but localhost), and the page stayed blank.
 */
export function docsContentSecurityPolicy(header: string): string {
  return header
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive && directive !== 'upgrade-insecure-requests')
    .join('; ');
}

/** Where the documentation lives; the auth hook leaves these paths open. */
export const DOCS_PREFIX = '/docs';

/**
 * OpenAPI 3.0 schemas take the older form of exclusive bounds (`maximum` with `exclusiveMaximum:
 * true`); the domain's schemas, read by ajv, have the newer one (`exclusiveMaximum: 1e15`).
 */
function exclusiveBoundsOf30(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) exclusiveBoundsOf30(item);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  for (const [bound, flag] of [
    ['maximum', 'exclusiveMaximum'],
    ['minimum', 'exclusiveMinimum'],
  ] as const) {
    if (typeof schema[flag] === 'number' && schema[bound] === undefined) {
      schema[bound] = schema[flag];
      schema[flag] = true;
    }
  }
  for (const value of Object.values(schema)) exclusiveBoundsOf30(value);
}

/**
 * The OpenAPI 3 document, generated from the route schemas (so validation, serialisation and the
 * documentation cannot disagree), served as JSON at /docs/json and browsable at /docs.
 */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Reckon',
        description:
          'Event-sourced billing and settlement engine for cloud partner programmes. Commands append events to ' +
          'the log; queries read projections. Errors are application/problem+json.',
        version: '0.1.0',
      },
      servers: [{ url: 'http://localhost:3000', description: 'pnpm start on this machine (PORT, default 3000)' }],
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key (RECKON_API_KEYS)' } },
      },
      tags: [
        { name: 'commands', description: 'append events' },
        { name: 'queries', description: 'read models: consumption, balances, vouchers, subscriptions, incentives' },
        { name: 'catalogue', description: 'the product catalogue: product types, usage types, measure units' },
        { name: 'audit', description: 'the raw log' },
        { name: 'operations', description: 'health probes' },
      ],
    },
    transformObject: (documentObject) => {
      // A copy: the document shares schema objects with the routes, which ajv may still compile.
      const document = structuredClone(
        'openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject,
      );
      exclusiveBoundsOf30(document);
      return document;
    },
    refResolver: {
      // Shared schemas ($id) become components/schemas/<id>.
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { docExpansion: 'list', deepLinking: true },
    // The API's own policy (plugins/protection.ts) loads nothing; the UI gets what it needs: its
    // scripts and styles, the inline ones by hash.
    staticCSP: true,
    transformStaticCSP: docsContentSecurityPolicy,
  });
}
