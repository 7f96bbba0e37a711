import { randomUUID } from 'node:crypto';
import { type PoolUsage, poolUsage } from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import type { AppendStats } from '@reckon/event-store-postgres';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { CommandHandler } from './application/command-handler.js';
import { type ApiKey, KeyRing } from './auth/keys.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_REQUEST_TIMEOUT_MS } from './config.js';
import { installAuth } from './plugins/auth.js';
import { frameworkErrors, installInputBounds, MAX_PATH_SEGMENT } from './plugins/input-bounds.js';
import { installMetrics } from './plugins/metrics.js';
import { installOpenApi } from './plugins/openapi.js';
import {
  answerClientError,
  installProblemHandlers,
  type NotFoundPage,
  ProblemError,
  problem,
  problemSchema,
} from './plugins/problems.js';
import {
  installLoadShedding,
  installRateLimit,
  installSecurityHeaders,
  type LoadSheddingOptions,
  type RateLimitOptions,
} from './plugins/protection.js';
import { RequestLogController } from './plugins/request-log.js';
import { installWeb, type WebOptions } from './plugins/web.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes, type Readiness, withProjections } from './routes/health.js';
import { incentiveRoutes } from './routes/incentives/index.js';
import { type QueryDeps, queryRoutes } from './routes/queries/index.js';
import { envelopeSchema, eventEnvelopeSchemas, StoredEvent } from './routes/schemas.js';
import { streamRoutes } from './routes/streams.js';

const REQUEST_ID = /^[\w.:@/-]{1,128}$/;
/**
 * A socket with no traffic either way for this long is closed: a client that stopped reading its
 * answer, a handler stuck. Longer than any handler takes (a `minPosition` wait is 5 s at most).
 */
const IDLE_SOCKET_TIMEOUT_MS = 60_000;

export interface AppDeps {
  store: EventStore;
  apiKeys: readonly ApiKey[];
  /** Largest request body in bytes (default 8 MiB, `DEFAULT_BODY_LIMIT`); larger ones get 413. */
  bodyLimit?: number;
  /** Time for a request's headers and body to arrive (default 10 s); later: 408 and the socket closed. */
  requestTimeoutMs?: number;
  /** The append pipeline; default: one over `store`. Share one with the CLI in-process if needed. */
  commands?: CommandHandler;
  /** Database reachable and migrated; default: the store answers. With `queries`, also no projection stopped. */
  readiness?: () => Promise<Readiness>;
  /**
   * Why the process cannot go on without a restart (the service passes `DatabaseServer.failure`: its
   * embedded PostgreSQL could not be started again); `/healthz` answers 503 with it.
   */
  fatal?: () => string | undefined;
  /** The read models for the query routes (GET /v1/partners/…, …); without it they are not served. */
  queries?: QueryDeps;
  /** pino options or false (tests). */
  logger?: FastifyServerOptions['logger'];
  /** A pino logger to log through instead (the service's `http` component logger, logging.ts). */
  loggerInstance?: FastifyBaseLogger;
  /** Export Node.js process metrics at /metrics too (default true). */
  processMetrics?: boolean;
  /**
   * The PostgreSQL pools the process owns besides the read side's (that one, `queries.pool`, is
   * counted anyway): their connections are gauges at /metrics. The service passes `Runtime.pools`.
   */
  pools?: () => readonly PoolUsage[];
  /** With shared appends: this process's role now, for /metrics. */
  appendRole?: () => string;
  /** How the event store's appends reached the database, for /metrics (the service passes `Runtime.appendStats`). */
  appendStats?: () => AppendStats;
  /** Requests per API key (or client address) and window, over which 429; absent: no limit (tests). */
  rateLimit?: RateLimitOptions;
  /** When to shed load (503 `overloaded`); absent: never (tests). */
  loadShedding?: LoadSheddingOptions;
  /**
   * Serve the web partner centre (services/web/dist) at `/` from this origin (plugins/web.ts);
   * absent: not served (tests of the API alone), `/` is a 404 like any path no route serves.
   */
  web?: WebOptions;
}

/**
 * 413 for a body whose Content-Length is over the limit, answered before the body is read (after
 * the key check, so only a known caller gets this far). Fastify's own refusal comes from the body
 * parser and closes the connection while the client is still writing, so a client sending a few
 * MiB got EPIPE or ECONNRESET instead of the answer. Answered here, the connection stays open and
 * Node discards the rest of the body; beyond 64 times the limit it is not worth reading, and the
 * connection is closed as before.
 */
function refuseDeclaredOversizedBodies(app: FastifyInstance, bodyLimit: number): void {
  app.addHook('onRequest', (request, reply, done) => {
    const declared = Number(request.headers['content-length']);
    if (!(declared > bodyLimit)) return done();
    if (declared > 64 * bodyLimit) reply.header('connection', 'close');
    done(
      new ProblemError(
        problem('payload-too-large', `the body is ${declared} bytes; the limit is ${bodyLimit} (RECKON_BODY_LIMIT)`),
      ),
    );
  });
}

/** The HTTP service, assembled but not listening: tests inject requests or listen on port 0. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const bodyLimit = deps.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const requestTimeout = deps.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const app = Fastify({
    ...(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: deps.logger ?? false }),
    logController: new RequestLogController(),
    bodyLimit,
    // A slow or lying body (Content-Length: 1000, then 11 bytes) held its socket until the client
    // gave up: now headers and body must arrive within requestTimeout, checked every half second
    // (Node's default check is every 30 s), and a silent socket is closed after a minute.
    requestTimeout,
    connectionTimeout: Math.max(IDLE_SOCKET_TIMEOUT_MS, requestTimeout),
    http: { headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(500, requestTimeout) },
    clientErrorHandler: answerClientError,
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT },
    frameworkErrors,
    // The client's X-Request-Id is kept (it is recorded on events) only when it looks like an id.
    requestIdHeader: false,
    genReqId: (request) => {
      const sent = request.headers['x-request-id'];
      return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
    },
    // Problem bodies name what failed: `verbose` hands the failing schema and value to the problem
    // mapping, which words a wrong form with the schema's description (plugins/problems.ts).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false, verbose: true } },
  });
  app.decorateRequest('logNote', null);
  // Hooks on every request are callbacks, not async functions: no promise per request each.
  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('x-request-id', request.id);
    done(null, payload);
  });
  const notFoundPage: NotFoundPage = {};
  installProblemHandlers(app, notFoundPage);
  app.addSchema(problemSchema);
  for (const schema of eventEnvelopeSchemas) app.addSchema(schema);
  app.addSchema(envelopeSchema);
  app.addSchema(StoredEvent);
  const keys = new KeyRing(deps.apiKeys);
  // Before every route (the rate limit hooks each route as it is added) and before the key check.
  await installSecurityHeaders(app);
  if (deps.loadShedding) await installLoadShedding(app, deps.loadShedding);
  if (deps.rateLimit) await installRateLimit(app, keys, deps.rateLimit);
  await installOpenApi(app);
  installAuth(app, keys);
  refuseDeclaredOversizedBodies(app, bodyLimit);
  installInputBounds(app);

  const commands = deps.commands ?? new CommandHandler(deps.store);
  await installMetrics(app, {
    store: deps.store,
    ...(deps.queries ? { pool: deps.queries.pool } : {}),
    observeAppends: (observer) => commands.observers.add(observer),
    processMetrics: deps.processMetrics ?? true,
    pools: () => [...(deps.pools?.() ?? []), ...(deps.queries ? [poolUsage(deps.queries.pool)] : [])],
    ...(deps.appendRole ? { appendRole: deps.appendRole } : {}),
    ...(deps.appendStats ? { appendStats: deps.appendStats } : {}),
    snapshotStats: () => commands.snapshotStats(),
  });
  const storeReadiness =
    deps.readiness ??
    (async (): Promise<Readiness> => {
      await deps.store.headPosition();
      return { ready: true };
    });
  // With read models, a projection stopped by an event makes the service not ready too.
  const readiness = deps.queries ? withProjections(storeReadiness, deps.queries.pool) : storeReadiness;
  await app.register(healthRoutes, { readiness, ...(deps.fatal ? { fatal: deps.fatal } : {}) });
  await app.register(eventRoutes, { commands });
  await app.register(streamRoutes, { store: deps.store });
  if (deps.queries) await app.register(queryRoutes, deps.queries);
  if (deps.queries) await app.register(incentiveRoutes, { queries: deps.queries, commands, store: deps.store });
  if (deps.web) notFoundPage.handler = await installWeb(app, deps.web);
  return app;
}
