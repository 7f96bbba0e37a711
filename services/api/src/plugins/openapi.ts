import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** Where the documentation lives; the auth hook leaves these paths open. */
export const DOCS_PREFIX = '/docs';

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
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'an API key (RECKON_API_KEYS)' } },
      },
      tags: [
        { name: 'commands', description: 'append events' },
        { name: 'audit', description: 'the raw log' },
        { name: 'operations', description: 'health probes' },
      ],
    },
    refResolver: {
      // Shared schemas ($id) become components/schemas/<id>.
      buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`),
    },
  });
  await app.register(swaggerUi, { routePrefix: DOCS_PREFIX, uiConfig: { docExpansion: 'list', deepLinking: true } });
}
