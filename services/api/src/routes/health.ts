import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { problem, sendProblem } from '../plugins/problems';
import { answer, problemAnswers } from './responses';

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Liveness (the process answers) and readiness (the database answers and is migrated). */
export const healthRoutes: FastifyPluginAsyncTypebox<{ readiness: () => Promise<Readiness> }> = async (
  app,
  options,
) => {
  const Status = Type.Object({ status: Type.String() });
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        summary: 'Liveness',
        tags: ['operations'],
        operationId: 'liveness',
        response: { 200: answer('the process answers', Status, { status: 'ok' }) },
      },
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
};
