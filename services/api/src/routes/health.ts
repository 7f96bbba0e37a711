import type { FastifyInstance } from 'fastify';
import { problem, problemResponse, sendProblem } from '../plugins/problems';

export type Readiness = { ready: true } | { ready: false; reason: string };

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
        summary: 'Readiness: database reachable and migrated',
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
        return sendProblem(reply, problem('not-ready', state.reason));
      }
      return { status: 'ready' };
    },
  );
}
