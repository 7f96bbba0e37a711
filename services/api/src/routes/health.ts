import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Pool } from '@reckon/database';
import { stalledProjections } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { problem, RETRY_AFTER_SECONDS, sendProblem } from '../plugins/problems.js';
import { answer, problemAnswers } from './responses.js';

/** Not ready: `reason` is the problem's detail, `members` are added to the problem body. */
export type Readiness = { ready: true } | { ready: false; reason: string; members?: Record<string, unknown> };

/**
 * Readiness that also fails while a projection is stopped by an event it cannot fold (as recorded
 * with its checkpoint by whichever process runs it): the read models would stay behind for good.
 * The body names each one: `projections: [{projection, position, checkpoint, error, since}]`.
 */
export function withProjections(readiness: () => Promise<Readiness>, pool: Pool): () => Promise<Readiness> {
  return async () => {
    const state = await readiness();
    if (!state.ready) return state;
    const stalled = await stalledProjections(pool);
    if (stalled.length === 0) return state;
    return {
      ready: false,
      reason: stalled
        .map((s) => `projection ${s.projection} is stopped at position ${s.position} since ${s.since}: ${s.error}`)
        .join('; '),
      members: {
        projections: stalled.map((s) => ({
          projection: s.projection,
          position: s.position,
          checkpoint: s.checkpoint,
          error: s.error,
          since: s.since,
        })),
      },
    };
  };
}

/**
 * How long readiness waits for the database: one that hangs without refusing (a frozen or
 * overloaded server, a network that drops packets) is not ready either, and a probe must answer.
 */
export const READINESS_TIMEOUT_MS = 2_000;

function withinTimeout(check: Promise<Readiness>, ms: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, reason: `database not answering: no answer within ${ms / 1000} s` }),
      ms,
    );
  });
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/**
 * Liveness (the process answers, and nothing it cannot recover from has happened: `fatal`) and
 * readiness (the database answers and is migrated).
 */
export const healthRoutes: FastifyPluginAsyncTypebox<{
  readiness: () => Promise<Readiness>;
  readinessTimeoutMs?: number;
  /** Why the process cannot go on without a restart (its embedded database given up), if so. */
  fatal?: () => string | undefined;
}> = async (app, options) => {
  const timeoutMs = options.readinessTimeoutMs ?? READINESS_TIMEOUT_MS;
  const Status = Type.Object({ status: Type.String() });
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness: the process answers, its embedded database not given up',
        tags: ['operations'],
        operationId: 'liveness',
        response: {
          200: answer('the process answers', Status, { status: 'ok' }),
          ...problemAnswers(
            {
              503: {
                kind: 'database-unavailable',
                detail:
                  'embedded PostgreSQL given up, not started again: its cluster is gone (no /srv/reckon/pgdata/PG_VERSION)',
              },
            },
            { authenticated: false },
          ),
        },
      },
    },
    async (_request, reply) => {
      const fatal = options.fatal?.();
      if (fatal === undefined) return { status: 'ok' };
      // Only a restart of the process helps: a liveness probe that sees this restarts the instance.
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return sendProblem(reply, problem('database-unavailable', fatal));
    },
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        summary: 'Readiness: database reachable and migrated, no projection stopped',
        tags: ['operations'],
        operationId: 'readiness',
        response: {
          200: answer('the database answers and is migrated', Status, { status: 'ready' }),
          ...problemAnswers(
            { 503: 'database unreachable: connect ECONNREFUSED 127.0.0.1:5432' },
            { authenticated: false },
          ),
        },
      },
    },
    async (request, reply) => {
      let state: Readiness;
      try {
        state = await withinTimeout(options.readiness(), timeoutMs);
      } catch (error) {
        state = { ready: false, reason: `database unreachable: ${(error as Error).message}` };
      }
      if (!state.ready) {
        request.log.warn({ reason: state.reason }, 'not ready');
        // As every 503 of the service says (and the OpenAPI document with it): when to look again.
        reply.header('retry-after', String(RETRY_AFTER_SECONDS));
        return sendProblem(reply, problem('not-ready', state.reason, state.members));
      }
      return { status: 'ready' };
    },
  );
};
