/**
 * What keeps one caller or a flood from taking the service down (docs/runbooks.md, "429 and 503
 * under load"):
 *
 * - security headers on every answer (@fastify/helmet): a JSON API needs no content, so its policy
 *   is `default-src 'none'`; the Swagger UI under /docs gets the policy it needs (its own scripts
 *   and styles, by hash), without `upgrade-insecure-requests`, which broke it over plain HTTP;
 * - a rate limit per API key, or per client address for a request without a known key
 *   (@fastify/rate-limit): over it, 429 `too-many-requests` with `Retry-After`;
 * - load shedding (@fastify/under-pressure): while the event loop lags or the heap is nearly full,
 *   503 `overloaded` with `Retry-After`, answered before any work is done.
 *
 * The operations routes (/healthz, /readyz, /metrics) are neither limited nor shed: a probe or a
 * scrape must see the service as it is, and a readiness probe failing under load everywhere at
 * once would take every instance out of the balancer together.
 */
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { KeyRing } from '../auth/keys.js';
import { bearerToken } from './auth.js';
import { noteForLog } from './log-note.js';
import { METRICS_PATH } from './metrics.js';
import { ProblemError, problem } from './problems.js';

/** Routes never limited nor shed: health and readiness probes, the metrics scrape. */
export const OPERATIONS_ROUTES: ReadonlySet<string> = new Set(['/healthz', '/readyz', METRICS_PATH]);

/** `Retry-After` (seconds) of a 503 `overloaded`: long enough for a burst to drain. */
export const OVERLOAD_RETRY_AFTER_SECONDS = 10;

export interface RateLimitOptions {
  /** Requests allowed per key (or address) in each window; 0 turns the limit off. */
  max: number;
  windowMs: number;
}

export interface LoadSheddingOptions {
  /** Mean event-loop delay (ms) over a sample interval above which requests are shed; 0: not checked. */
  maxEventLoopDelayMs?: number;
  /** V8 heap in use (bytes) above which requests are shed; 0: not checked. */
  maxHeapUsedBytes?: number;
  /** How often the measures are taken (default 1000 ms). */
  sampleIntervalMs?: number;
}

function isOperationsRoute(request: FastifyRequest): boolean {
  return OPERATIONS_ROUTES.has(request.routeOptions.url ?? '');
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Answers are JSON, CSV or problems: nothing to load, nothing to frame. */
const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
};

/**
 * helmet's headers for HELMET_OPTIONS, as it sends them: they depend on nothing in the request, so
 * they are made once (on a throwaway instance) instead of helmet building its middleware again on
 * every request (4 % of the CPU of small requests).
 */
async function helmetHeaders(): Promise<Record<string, string>> {
  const probe = Fastify();
  try {
    await probe.register(helmet, HELMET_OPTIONS);
    probe.get('/', async () => '');
    const without = Fastify();
    without.get('/', async () => '');
    const [plain, helmeted] = await Promise.all([without.inject({ url: '/' }), probe.inject({ url: '/' })]);
    await without.close();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(helmeted.headers)) {
      if (!(name in plain.headers) && typeof value === 'string') headers[name] = value;
    }
    return headers;
  } finally {
    await probe.close();
  }
}

/**
 * helmet itself is not registered on the app: no route has a helmet config of its own nor uses its
 * reply decorators, and registered (even with `global: false`) it ran two hooks on every request
 * only to find that out. The Swagger UI and the web partner centre set their own policy over this
 * one (plugins/openapi.ts, plugins/web.ts).
 */
export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  const headers = await helmetHeaders();
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

export async function installRateLimit(app: FastifyInstance, keys: KeyRing, options: RateLimitOptions): Promise<void> {
  if (options.max <= 0) return;
  const window = seconds(options.windowMs);
  await app.register(rateLimit, {
    // Not per route (those hooks would run after the key check): one hook on every request, the
    // ones no route serves too, added before the key check's (see below).
    global: false,
    max: options.max,
    timeWindow: options.windowMs,
    // Before the key check: a flood of unknown keys is limited by address.
    keyGenerator: (request) => {
      const token = bearerToken(request.headers.authorization);
      const principal = token === undefined ? undefined : keys.authenticate(token);
      return principal ? principal.keyId : `ip:${request.ip}`;
    },
    allowList: (request) => isOperationsRoute(request),
    // Who is over the limit, for the operator, on the request's one line: the key's id (key-…) or
    // ip:<address>; never the key.
    onExceeded: (request, key) => noteForLog(request, { rateLimited: key }, 'rate limit exceeded'),
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        problem(
          'too-many-requests',
          `more than ${context.max} requests in ${window} with this API key (or from this address without one); retry in ${context.after}`,
        ),
      ),
  });
  app.addHook('onRequest', app.rateLimit());
}

/**
 * What an `overloaded` answer's detail says was over its limit. under-pressure reports an
 * event-loop delay of Infinity when the loop was blocked for a whole sample (no tick was seen):
 * that reads "at least" the sample interval, never "Infinity ms".
 */
export function pressureMeasure(
  type: string,
  value: number | undefined,
  limits: { maxEventLoopDelay: number; maxHeapUsedBytes: number; sampleInterval: number },
): string {
  const mib = (bytes: number) => Math.round(bytes / 1024 / 1024);
  if (type === 'heapUsedBytes')
    return `heap in use ${mib(value ?? 0)} MiB, the limit ${mib(limits.maxHeapUsedBytes)} MiB`;
  const delay = Number.isFinite(value) ? `${Math.round(value as number)} ms` : `at least ${limits.sampleInterval} ms`;
  return `event-loop delay ${delay}, the limit ${limits.maxEventLoopDelay} ms`;
}

export async function installLoadShedding(app: FastifyInstance, options: LoadSheddingOptions): Promise<void> {
  const maxEventLoopDelay = options.maxEventLoopDelayMs ?? 0;
  const maxHeapUsedBytes = options.maxHeapUsedBytes ?? 0;
  if (maxEventLoopDelay <= 0 && maxHeapUsedBytes <= 0) return;
  const sampleInterval = options.sampleIntervalMs ?? 1000;
  // Starting up blocks the event loop for a while (schemas compiled, routes built) and the first
  // samples would count it: the service then shed the first requests it got. Armed only once a
  // sample has been taken wholly after the app was ready.
  let armedAt = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    armedAt = Date.now() + 2 * sampleInterval;
  });
  await app.register(underPressure, {
    maxEventLoopDelay,
    maxHeapUsedBytes,
    sampleInterval,
    retryAfter: OVERLOAD_RETRY_AFTER_SECONDS,
    pressureHandler: async (request, reply, type, value) => {
      if (isOperationsRoute(request) || Date.now() < armedAt) return;
      const measure = pressureMeasure(type, value, { maxEventLoopDelay, maxHeapUsedBytes, sampleInterval });
      reply.header('retry-after', String(OVERLOAD_RETRY_AFTER_SECONDS));
      throw new ProblemError(
        problem('overloaded', `the service is overloaded (${measure}); retry in ${OVERLOAD_RETRY_AFTER_SECONDS} s`, {
          pressure: type,
        }),
      );
    },
  });
}
