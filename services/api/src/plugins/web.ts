/**
 * The web partner centre (services/web, docs/web.md), served from the API's own origin: its built
 * files (services/web/dist, written by `pnpm build`) at `/` and `/assets/…`, and its page for any
 * other GET that no route serves and that is not the API's (`/v1`, `/docs`, `/metrics`, `/healthz`,
 * `/readyz` keep their problem+json 404 and 405). The page and its assets get a content security
 * policy of their own (the API's is `default-src 'none'`): scripts, styles and requests to this
 * origin only, images also as data: URLs. Without a build, the service still starts, and `/` says
 * to run `pnpm build`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { METRICS_PATH } from './metrics.js';
import { DOCS_PREFIX } from './openapi.js';
import { ProblemError, problem } from './problems.js';

/** services/web/dist, from src/plugins or dist/plugins alike. */
export const WEB_DIST = path.resolve(import.meta.dirname, '../../../web/dist');

export const WEB_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const API_PREFIXES = ['/v1', DOCS_PREFIX, METRICS_PATH, '/healthz', '/readyz'];

export interface WebOptions {
  /** The built partner centre (default WEB_DIST). */
  dist?: string;
}

/** Whether a GET no route serves is a page of the centre (its client-side routes): not the API's, not a file. */
export function isWebPage(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  const pathname = request.url.split('?')[0] ?? '';
  if (API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`))) return false;
  return !path.posix.basename(pathname).includes('.');
}

/**
 * Installs the centre; answers the page a not-found GET should get instead (the problem handlers
 * call it), or undefined when `isWebPage` says no.
 */
export async function installWeb(
  app: FastifyInstance,
  options: WebOptions,
): Promise<(request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined> {
  const dist = options.dist ?? WEB_DIST;
  const indexFile = path.join(dist, 'index.html');
  const built = existsSync(indexFile);
  const html = built ? readFileSync(indexFile, 'utf8') : '';
  const sendPage = (reply: FastifyReply) =>
    reply
      .header('content-security-policy', WEB_CSP)
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .send(html);
  await app.register(async (scope) => {
    // The centre's files need no key: the page asks for one.
    scope.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), public: true };
    });
    if (!built) {
      scope.get('/', { schema: { hide: true } }, async () => {
        throw new ProblemError(
          problem(
            'not-found',
            `the web partner centre is not built (${path.relative(process.cwd(), indexFile) || indexFile} is missing): run \`pnpm build\``,
          ),
        );
      });
      return;
    }
    scope.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
    await scope.register(fastifyStatic, {
      root: path.join(dist, 'assets'),
      prefix: '/assets/',
      // One route per built file (no wildcard, which would answer every /assets/… path): the file
      // names carry their content hash, so they may be cached for good.
      wildcard: false,
      index: false,
      immutable: true,
      maxAge: 365 * 24 * 3600 * 1000,
      setHeaders: (reply) => {
        reply.header('content-security-policy', WEB_CSP);
      },
    });
  });
  return (request, reply) => (built && isWebPage(request) ? sendPage(reply) : undefined);
}
