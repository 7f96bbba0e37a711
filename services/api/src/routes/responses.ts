/**
 * Building blocks of route schemas that are about the HTTP answer rather than its data: examples
 * (shown in the OpenAPI document, checked against their schemas by the contract test) and the
 * problem+json answers of each error status a route gives.
 */
import type { TSchema } from '@sinclair/typebox';
import { type Problem, type ProblemKind, problem } from '../plugins/problems.js';
import { NOT_REACHED } from './examples.js';

/** `schema` with examples of its values (OpenAPI shows the first as the media example). */
export function withExamples<T extends TSchema>(schema: T, ...examples: unknown[]): T {
  return { ...schema, examples };
}

/** A success answer: its schema, what it is (the response's description) and an example. */
export function answer<T extends TSchema>(description: string, schema: T, example: unknown): T {
  return { ...schema, examples: [example], 'x-response-description': description };
}

/** The problem kind a status answers with unless an example says otherwise. */
const KIND_OF_STATUS = {
  400: 'invalid-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'concurrent-modification',
  413: 'payload-too-large',
  422: 'invariant-violated',
  429: 'too-many-requests',
  503: 'not-ready',
} as const satisfies Record<number, ProblemKind>;

type ErrorStatus = keyof typeof KIND_OF_STATUS;

/** An example problem: its detail (of the status's usual kind), or a kind, a detail and members. */
export type ProblemExample = string | { kind: ProblemKind; detail: string; members?: Record<string, unknown> };

/** The example every authenticated route gives for a missing or unknown key. */
const UNAUTHORIZED = 'send an API key as "Authorization: Bearer <key>"';

/** The rate limit and load shedding (plugins/protection.ts) answer every route behind the key check. */
const RATE_LIMITED =
  'more than 3000 requests in 10 s with this API key (or from this address without one); retry in 4 seconds';
const OVERLOADED: ProblemExample = {
  kind: 'overloaded',
  detail: 'the service is overloaded (event-loop delay 1450 ms, the limit 1000 ms); retry in 10 s',
  members: { pressure: 'eventLoopDelay' },
};

/** The documented error answer of one status: application/problem+json with its example. */
function problemAnswer(status: ErrorStatus, example: ProblemExample) {
  const body: Problem =
    typeof example === 'string'
      ? problem(KIND_OF_STATUS[status], example)
      : problem(example.kind, example.detail, example.members);
  return {
    description: body.title,
    content: { 'application/problem+json': { schema: { $ref: 'Problem#' }, example: body } },
  } as const;
}

/**
 * The error answers of a route, one per status with an example (401, 429 and, unless the route has
 * a 503 of its own, 503 overloaded are added: every route behind the key check gives them).
 * Statuses a route does not list still answer problem+json.
 */
export function problemAnswers<S extends ErrorStatus>(
  examples: Record<S, ProblemExample>,
  options: { authenticated?: boolean } = {},
): Record<S | 401 | 429 | 503, ReturnType<typeof problemAnswer>> {
  const answers = {} as Record<S | 401 | 429 | 503, ReturnType<typeof problemAnswer>>;
  const all: Partial<Record<ErrorStatus, ProblemExample>> = { ...examples };
  if (options.authenticated !== false) {
    all[401] ??= UNAUTHORIZED;
    all[429] ??= RATE_LIMITED;
    all[503] ??= OVERLOADED;
  }
  for (const [key, example] of Object.entries(all)) {
    const status = Number(key) as S | 401 | 429 | 503;
    answers[status] = problemAnswer(status, example);
  }
  return answers;
}

/** The problems of a query of one partner's data: a value of the wrong form, scope, an unknown partner, not reached. */
export function partnerQueryProblems(invalid: ProblemExample) {
  return problemAnswers({
    400: invalid,
    403: 'this key may not read partner P9',
    404: 'partner P9 is not known',
    503: NOT_REACHED,
  });
}
