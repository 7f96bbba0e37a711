import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EXAMPLES } from '@reckon/domain';
import type { AppendOutcome, CommandHandler } from '../application/command-handler.js';
import { WRITER_ROLES } from '../auth/access.js';
import { principalOf } from '../plugins/auth.js';
import { noteForLog } from '../plugins/log-note.js';
import { type Problem, ProblemError, problem, sendProblem } from '../plugins/problems.js';
import { actorOf } from './actor.js';
import { answer, problemAnswers, withExamples } from './responses.js';
import { Appended, EventsBody } from './schemas.js';

/** A batch of the first two example events (docs/events.md): the partners every other example needs. */
const BODY_EXAMPLE = { events: EXAMPLES.slice(0, 2) };

export interface EventsRouteOptions {
  commands: CommandHandler;
  /** Largest number of events in one request. */
  maxBatch?: number;
}

/** The body as a list of raw envelopes: one envelope, or `{"events": [...]}`. */
function envelopesOf(body: unknown, maxBatch: number): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ProblemError(problem('invalid-request', 'expected a JSON object: one event, or {"events": [...]}'));
  }
  if (!('events' in body)) return [body];
  // Like an envelope's, a batch's unknown fields are refused rather than ignored.
  const unknown = Object.keys(body).filter((key) => key !== 'events');
  if (unknown.length > 0) {
    throw new ProblemError(
      problem('invalid-request', `a batch is {"events": [...]} alone; unknown field ${JSON.stringify(unknown[0])}`),
    );
  }
  const { events } = body as { events: unknown };
  if (!Array.isArray(events)) throw new ProblemError(problem('invalid-request', '"events" must be an array'));
  if (events.length === 0) throw new ProblemError(problem('invalid-request', '"events" is empty'));
  if (events.length > maxBatch) {
    // Too many events is a body too large (SPEC §5's 413), whatever its bytes.
    throw new ProblemError(
      problem('payload-too-large', `at most ${maxBatch} events per request, got ${events.length}`),
    );
  }
  return events;
}

function failure(outcome: Exclude<AppendOutcome, { kind: 'appended' }>): Problem {
  switch (outcome.kind) {
    case 'invalid': {
      const first = outcome.errors[0];
      const shown = outcome.errors.slice(0, 5).map((e) => `event ${e.index} ${e.path || '/'}: ${e.message}`);
      const more = outcome.errors.length > 5 ? `; and ${outcome.errors.length - 5} more` : '';
      return problem('invalid-event', `${shown.join('; ')}${more}`, {
        ...(first ? { index: first.index } : {}),
        errors: outcome.errors,
      });
    }
    case 'conflict':
      return problem('event-id-conflict', outcome.detail, { index: outcome.index, eventId: outcome.eventId });
    case 'refused':
      return problem('invariant-violated', outcome.detail, { rule: outcome.rule, index: outcome.index });
    case 'forbidden':
      return problem('forbidden', outcome.detail, { index: outcome.index });
    case 'busy':
      return problem(
        'concurrent-modification',
        `the streams of this batch kept changing under it (${outcome.attempts} attempts); retry`,
      );
  }
}

export const eventRoutes: FastifyPluginAsyncTypebox<EventsRouteOptions> = async (app, options) => {
  const maxBatch = options.maxBatch ?? 10_000;
  app.post(
    '/v1/events',
    {
      config: { roles: [...WRITER_ROLES, 'partner'], eventBody: true },
      schema: {
        summary: 'Append events',
        description:
          'One event envelope, or {"events": [...]} appended all or nothing, each validated against the state the ' +
          'earlier ones leave. An event whose eventId is already stored with the same content is an idempotent ' +
          'repeat: a request of only repeats answers 200 with the body of the original. Errors are problem+json; ' +
          '422 names the `rule` broken and the `index` of the event in the batch.',
        tags: ['commands'],
        security: [{ bearer: [] }],
        operationId: 'appendEvents',
        body: withExamples(EventsBody, BODY_EXAMPLE),
        response: {
          200: answer('every event was already stored (idempotent repeat)', Appended, { appended: 2, lastPosition: 2 }),
          201: answer('appended', Appended, { appended: 2, lastPosition: 2 }),
          ...problemAnswers({
            400: {
              kind: 'invalid-event',
              detail: 'event 0 /data/amount: must be a positive decimal string like "12.50" (got "12,50")',
              members: {
                index: 0,
                errors: [
                  {
                    index: 0,
                    path: '/data/amount',
                    message: 'must be a positive decimal string like "12.50" (got "12,50")',
                  },
                ],
              },
            },
            403: {
              kind: 'forbidden',
              detail: '"R300" is not a reseller of partner "D100"',
              members: { index: 0 },
            },
            409: {
              kind: 'event-id-conflict',
              detail: 'event 6f1c2b9e-0a4d-4c7e-8b2f-000000000024 is already in the log with other content',
              members: { index: 0, eventId: '6f1c2b9e-0a4d-4c7e-8b2f-000000000024' },
            },
            413: 'the body is 16777216 bytes; the limit is 8388608 (RECKON_BODY_LIMIT)',
            422: {
              kind: 'invariant-violated',
              detail: 'refund 900.00 exceeds the 750.00 still refundable on order "O1"',
              members: { rule: 'refund-within-paid', index: 0 },
            },
          }),
        },
      },
      // The body is checked by the domain's parser (every error with its event index), not by ajv.
      validatorCompiler: () => () => true,
    },
    async (request, reply) => {
      const envelopes = envelopesOf(request.body, maxBatch);
      const principal = principalOf(request);
      const outcome = await options.commands.append(envelopes, {
        actor: actorOf(principal),
        requestId: request.id,
        // A partner key appends its own actions only (SPEC §6); a key without a partner, none.
        ...(principal.role === 'partner' ? { asPartner: principal.partnerId ?? '' } : {}),
      });
      if (outcome.kind !== 'appended') {
        const body = failure(outcome);
        noteForLog(request, { problem: body.type, index: body.index, rule: body.rule }, 'events refused');
        return sendProblem(reply, body);
      }
      // On the request's one line ("request completed"), not a line of its own.
      noteForLog(request, {
        appended: outcome.appended,
        duplicates: outcome.duplicates,
        lastPosition: outcome.lastPosition,
      });
      if (outcome.appended === 0) {
        // A full repeat answers as the original did (when its events were all new then): the distinct
        // events of the request as appended, an event listed twice as a duplicate, the last position.
        return reply.code(200).send({
          appended: envelopes.length - outcome.listedAgain,
          lastPosition: outcome.lastPosition,
          ...(outcome.listedAgain > 0 ? { duplicates: outcome.listedAgain } : {}),
        });
      }
      return reply.code(201).send({
        appended: outcome.appended,
        lastPosition: outcome.lastPosition,
        ...(outcome.duplicates > 0 ? { duplicates: outcome.duplicates } : {}),
      });
    },
  );
};
