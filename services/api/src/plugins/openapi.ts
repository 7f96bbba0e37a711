import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { STATEMENT_STATUSES } from '@reckon/projections';
import type { TSchema } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { csvColumns, toCsv } from '../routes/csv.js';

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

type Operation = {
  description?: string;
  operationId?: string;
  parameters?: { name: string; in: string }[];
  responses?: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};

const header = (description: string, schema: Record<string, unknown> = { type: 'string' }) => ({ description, schema });

/** The headers the statement's CSV carries (routes/statements: the revision's figures beside its lines). */
const STATEMENT_HEADERS = {
  'X-Statement-Revision': header('the revision the lines are of', { type: 'integer' }),
  'X-Statement-Status': header('its status', { type: 'string', enum: [...STATEMENT_STATUSES] }),
  'X-Statement-Total': header('its total (decimal string)'),
  'X-Statement-Checksum': header('its checksum (docs/incentives.md)'),
};

/**
 * The JSON answer's example as the CSV the same request with `Accept: text/csv` gives (without its
 * byte-order mark): the rows are the answer's list (`items`, a statement's `lines`, consumption's
 * `customers`: its first property that is a list of objects), the columns those the routes derive
 * from the same item schema (`csvColumns`).
 */
function csvExample(json: unknown, components: Record<string, unknown>): string {
  type Item = { properties?: object; $ref?: string };
  const media = json as {
    schema?: { properties?: Record<string, { type?: unknown; items?: Item }> };
    example?: unknown;
    examples?: Record<string, { value?: unknown }>;
  };
  // A shared item schema is a reference to components/schemas.
  const resolved = (item: Item | undefined) =>
    (item?.$ref ? components[item.$ref.replace('#/components/schemas/', '')] : item) as Item | undefined;
  const example = (media.example ?? Object.values(media.examples ?? {})[0]?.value ?? {}) as Record<string, unknown>;
  const list = Object.entries(media.schema?.properties ?? {}).find(
    ([, property]) => [property.type].flat().includes('array') && resolved(property.items)?.properties,
  );
  if (!list) return '';
  const [name, property] = list;
  const rows = Array.isArray(example[name]) ? (example[name] as object[]) : [];
  return toCsv(csvColumns(resolved(property.items) as TSchema), rows).replace(/^\uFEFF/, '');
}

/** What answers with a `Retry-After`: the rate limit, load shedding, the database away, a minPosition not reached yet. */
const RETRY_AFTER = { 'Retry-After': header('seconds to wait before retrying', { type: 'integer' }) };

/**
 * What the route schemas cannot say and the server does: CSV, where an operation's description
 * says `Accept: text/csv` (the same fields as columns; a paged list without `limit` is the whole
 * list, with `limit` one page and `X-Next-Cursor`), the statement's `X-Statement-*` headers, and
 * the headers of 401 (`WWW-Authenticate`), 429 and 503 (`Retry-After`).
 */
function answersAsServed(document: {
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}): void {
  const components = document.components?.schemas ?? {};
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      const responses = operation.responses;
      if (!responses) continue;
      const ok = responses['200'];
      if (ok?.content?.['application/json'] && /Accept: text\/csv/.test(operation.description ?? '')) {
        ok.content['text/csv'] = {
          schema: {
            type: 'string',
            description:
              'UTF-8 with a byte-order mark, RFC 4180 with CRLF: a header row of the JSON fields (nested ones dotted), ' +
              'then one row per item; a cell that a spreadsheet would read as a formula starts with an apostrophe',
          },
          example: csvExample(ok.content['application/json'], components),
        };
        const headers: Record<string, unknown> = {};
        if (operation.parameters?.some((p) => p.in === 'query' && p.name === 'cursor')) {
          headers['X-Next-Cursor'] = header(
            'with Accept: text/csv and limit: the next page’s cursor (none on the last)',
          );
        }
        if (operation.operationId === 'getStatement') Object.assign(headers, STATEMENT_HEADERS);
        if (Object.keys(headers).length > 0) ok.headers = { ...ok.headers, ...headers };
      }
      if (responses['401']) {
        responses['401'].headers = { 'WWW-Authenticate': header('Bearer realm="reckon"') };
      }
      for (const status of ['429', '503']) {
        const answer = responses[status];
        if (answer) answer.headers = { ...answer.headers, ...RETRY_AFTER };
      }
    }
  }
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
      answersAsServed(document as Parameters<typeof answersAsServed>[0]);
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
