import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { KeyRing, Principal, Role } from '../auth/keys.js';
import { DOCS_PREFIX } from './openapi.js';
import { ProblemError, problem } from './problems.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller, set by the auth hook; null only on public routes. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** No key needed (health probes, documentation). */
    public?: boolean;
    /** Roles allowed on the route; absent: any authenticated caller. */
    roles?: readonly Role[];
  }
}

/** The principal of an authenticated route; throws if the route was declared public. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`route ${request.url} is public but needs a principal`);
  return request.principal;
}

/** The key of an `Authorization: Bearer <key>` header, if it is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer[ \t]+(\S+)[ \t]*$/i);
  return match?.[1];
}

/**
 * Every route needs `Authorization: Bearer <key>` unless its config says `public: true`. Checked in
 * `onRequest`, before the body is read, so an unknown caller cannot make the service parse a body.
 */
export function installAuth(app: FastifyInstance, keys: KeyRing): void {
  app.decorateRequest('principal', null);
  // A callback hook, not an async one (no promise per request); `routeOptions` is built anew at
  // each read, so read once.
  app.addHook('onRequest', (request, reply, done) => {
    if (request.is404) return done();
    const { config, url } = request.routeOptions;
    if (config.public || url?.startsWith(DOCS_PREFIX)) return done();
    const token = bearerToken(request.headers.authorization);
    const principal = token === undefined ? undefined : keys.authenticate(token);
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="reckon"');
      return done(
        new ProblemError(
          problem(
            'unauthorized',
            token === undefined ? 'send an API key as "Authorization: Bearer <key>"' : 'the API key is not known',
          ),
        ),
      );
    }
    request.principal = principal;
    if (config.roles && !config.roles.includes(principal.role)) {
      return done(new ProblemError(problem('forbidden', `role ${principal.role} may not ${request.method} ${url}`)));
    }
    done();
  });
}
