import type { Pool } from '@reckon/database';
import { stalledProjections } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import { problem, problemResponse, sendProblem } from '../plugins/problems';

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

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export async function healthRoutes(
  app: FastifyInstance,
  options: { readiness: () => Promise<Readiness> },
): Promise<void> {
  const statusSchema = { type: 'object', properties: { status: { type: 'string' } } } as const;
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: { summary: 'Liveness', tags: ['operations'], response: { 200: statusSchema } },
    },
    async () => ({ status: 'ok' }),
  );
  app.get(
    '/readyz',
    {
      config: { public: true },
      schema: {
        summary: 'Readiness: database reachable and migrated, no projection stopped',
        tags: ['operations'],
        response: { 200: statusSchema, 503: problemResponse },
      },
    },
    async (request, reply) => {
      let state: Readiness;
      try {
        state = await options.readiness();
      } catch (error) {
        state = { ready: false, reason: `database unreachable: ${(error as Error).message}` };
      }
      if (!state.ready) {
        request.log.warn({ reason: state.reason }, 'not ready');
        return sendProblem(reply, problem('not-ready', state.reason, state.members));
      }
      return { status: 'ready' };
    },
  );
}
