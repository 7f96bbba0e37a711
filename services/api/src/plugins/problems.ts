import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { isDatabaseUnavailable } from '@reckon/database';
import { UnsupportedOperationError } from '@reckon/event-store';
import { InvalidCursorError } from '@reckon/projections';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifySchemaValidationError,
} from 'fastify';
import { noteForLog } from './log-note.js';

/**
 * RFC 9457 problem details: every error response of the service is one of these, sent as
 * `application/problem+json`. Extra members (`index`, `rule`, `errors`, `eventId`) say where and why.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [member: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The problem kinds the service reports; `type` is `urn:reckon:problem:<kind>`. */
export const PROBLEMS = {
  'invalid-request': { status: 400, title: 'Invalid request' },
  'invalid-event': { status: 400, title: 'Invalid event' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'request-timeout': { status: 408, title: 'Request timeout' },
  'event-id-conflict': { status: 409, title: 'Event id already used with other content' },
  'concurrent-modification': { status: 409, title: 'Concurrent modification, retry' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'invariant-violated': { status: 422, title: 'Invariant violated' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'headers-too-large': { status: 431, title: 'Request header fields too large' },
  internal: { status: 500, title: 'Internal error' },
  'not-supported': { status: 501, title: 'Not supported by this event store' },
  'not-ready': { status: 503, title: 'Not ready' },
  overloaded: { status: 503, title: 'Service overloaded' },
  'database-unavailable': { status: 503, title: 'Database unavailable' },
} as const;

/** `Retry-After` (seconds) of a 503: the projections or the database are expected back about this soon. */
export const RETRY_AFTER_SECONDS = 1;

export type ProblemKind = keyof typeof PROBLEMS;

export function problem(kind: ProblemKind, detail: string, members: Record<string, unknown> = {}): Problem {
  const { status, title } = PROBLEMS[kind];
  return { type: `urn:reckon:problem:${kind}`, title, status, detail, ...members };
}

/** Thrown by route handlers and hooks; the error handler turns it into its problem response. */
export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  return reply.code(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

/** ` (got "…")`: the value a problem quotes, cut short; nothing for a value not sent. */
export function gotText(data: unknown): string {
  const shown = typeof data === 'string' && data.length > 60 ? `${data.slice(0, 60)}…` : data;
  return data === undefined ? '' : ` (got ${JSON.stringify(shown)?.slice(0, 80)})`;
}

/** A schema error as ajv reports it with `verbose` (the schema and the value that failed). */
type ValidationError = FastifySchemaValidationError & { parentSchema?: { description?: string }; data?: unknown };

/**
 * What a value must be, in the words of its schema: a wrong form names the form expected ("must be
 * a period "YYYY-MM" like "2026-10"", from the description) instead of ajv's raw pattern, and says
 * what was sent.
 */
function readable(item: ValidationError): string {
  const got = gotText(item.data);
  const description = item.parentSchema?.description;
  if (['pattern', 'format', 'anyOf', 'oneOf'].includes(item.keyword) && description)
    return `must be ${description}${got}`;
  if (item.keyword === 'enum' && Array.isArray(item.params.allowedValues)) {
    return `must be one of ${item.params.allowedValues.map((value) => JSON.stringify(value)).join(', ')}${got}`;
  }
  if (item.keyword === 'type' || item.keyword === 'minimum' || item.keyword === 'maximum') {
    return `${item.message ?? 'is invalid'}${got}`;
  }
  return item.message ?? 'is invalid';
}

/**
 * A value that fits none of a described union (`"2026.11"` or `3`) is said once, in the union's
 * words, not once per alternative ("must NOT have fewer than 1 characters; must be integer; must be
 * a published rule-set version").
 */
function describedUnions(items: readonly ValidationError[]): ValidationError[] {
  const described = new Set(
    items
      .filter((item) => ['anyOf', 'oneOf'].includes(item.keyword) && item.parentSchema?.description)
      .map((item) => item.instancePath),
  );
  return items.filter(
    (item) =>
      !described.has(item.instancePath) ||
      (['anyOf', 'oneOf'].includes(item.keyword) && item.parentSchema?.description),
  );
}

/** The detail of a body sent with a content type other than JSON's: what was sent, and what is wanted. */
export function mediaTypeDetail(contentType: string | undefined): string {
  const sent = contentType?.trim();
  const shown = sent && sent.length > 100 ? `${sent.slice(0, 100)}…` : sent;
  const got = shown ? `the Content-Type is ${JSON.stringify(shown)}, not application/json` : 'no Content-Type was sent';
  return `the body must be JSON, sent with Content-Type: application/json (${got})`;
}

/** Fastify's own errors (body parsing, limits, schema validation), mapped to problems. */
function fromFastifyError(error: FastifyError, request: FastifyRequest): Problem | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem('payload-too-large', error.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // SPEC §5 lists 400 for a malformed command; a body that is not JSON is one.
      return problem('invalid-request', mediaTypeDetail(request.headers['content-type']));
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem('invalid-request', 'the body is empty; expected a JSON event or {"events": [...]}');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return problem('invalid-request', error.message);
  }
  if (error.validation) {
    const where = (error as { validationContext?: string }).validationContext ?? '';
    const errors = describedUnions(error.validation as ValidationError[]).map((item) => ({
      path: item.instancePath || '/',
      message: readable(item),
    }));
    return problem(
      'invalid-request',
      errors.map((e) => `${where}${e.path === '/' ? '' : e.path} ${e.message}`).join('; '),
      {
        errors,
      },
    );
  }
  if (error instanceof UnsupportedOperationError) {
    // A KurrentDB log older than 26.1 cannot write some plans touching several streams atomically
    // (before 25.1: none); the adapter refuses them before writing anything (docs/scaling.md).
    return problem('not-supported', error.message);
  }
  if (error instanceof InvalidCursorError) {
    // Every paged list decodes its cursor with the read models' codec; one mapping here serves them all
    // (a cursor not issued by the list, or issued for other filters).
    return problem('invalid-request', error.message);
  }
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return problem('invalid-request', `malformed JSON: ${error.message}`);
  }
  const status = error.statusCode;
  if (status && status >= 400 && status < 500) {
    const kind = (Object.keys(PROBLEMS) as ProblemKind[]).find((k) => PROBLEMS[k].status === status);
    const body = problem(kind ?? 'invalid-request', error.message);
    return { ...body, status, ...(kind ? {} : { title: 'Client error' }) };
  }
  return undefined;
}

/**
 * Answers a request Node refused before any route saw it (Fastify's `clientErrorHandler`): not
 * received within the request timeout (408), headers too large (431), not HTTP (400). The socket is
 * then closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const body =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? problem('request-timeout', 'the request (headers and body) was not received in time')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? problem('headers-too-large', 'the request headers are too large')
        : problem('invalid-request', 'malformed HTTP request');
  const json = JSON.stringify(body);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${body.status} ${STATUS_CODES[body.status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    );
  }
  socket.destroy(error);
}

/**
 * Logs a request answered with an error, by whose fault: a client error (4xx) at info, in the
 * request's one line ("request refused", written when the answer is sent) without a stack (its
 * detail, the error's code); a 5xx the service answers on purpose (a
 * `ProblemError`: projections behind `minPosition`, load shed) at warn, also without a stack, since
 * the code knows why; any other 5xx is a failure, logged at error with the error and its stack.
 */
export function logRefusal(
  request: FastifyRequest,
  error: Error & { code?: string },
  answer: Problem,
  msg?: string,
): void {
  const what = { status: answer.status, problem: answer.type, detail: answer.detail };
  if (answer.status < 500) {
    // The request's one line says it (noteForLog), when the answer is sent.
    noteForLog(request, { ...what, ...(error.code ? { code: error.code } : {}) }, msg ?? 'request refused');
  } else if (error instanceof ProblemError) request.log.warn(what, msg ?? 'request not served');
  else request.log.error({ err: error, status: answer.status, problem: answer.type }, msg ?? 'request failed');
}

/** A route path (`/v1/partners/:id/balance`, `/docs/*`) as a pattern of concrete paths. */
function pathPattern(url: string): RegExp {
  const segments = url.split('/').map((segment) => {
    if (segment === '*') return '.*';
    if (segment.startsWith(':')) return '[^/]+';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}$`);
}

/** What a GET no route serves may answer instead of a 404 problem (the web partner centre's page). */
export interface NotFoundPage {
  handler?: (request: FastifyRequest, reply: FastifyReply) => FastifyReply | undefined;
}

/**
 * Installs the error and not-found handlers on the root instance (not encapsulated). `page.handler`,
 * once set, is asked first about a path no route serves at all (plugins/web.ts).
 */
export function installProblemHandlers(app: FastifyInstance, page: NotFoundPage = {}): void {
  // Every route, to tell a path no route serves (404) from a method that path does not take (405).
  const routes: { method: string; path: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const path = pathPattern(route.url);
    for (const method of [route.method].flat()) routes.push({ method, path });
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) {
      // A 4xx thrown on purpose is the client's business: its "request completed" line says the status.
      // A 503 on purpose (not ready, overloaded) is worth a warning line naming why.
      if (error.problem.status >= 500) logRefusal(request, error, error.problem);
      return sendProblem(reply, error.problem);
    }
    if (isDatabaseUnavailable(error)) {
      // PostgreSQL restarting or our connections cut: nothing was half done (appends are atomic),
      // so the same request may be sent again; the pools reconnect by themselves.
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      const body = problem('database-unavailable', 'the database cannot be reached right now; retry');
      logRefusal(request, error, body, 'database unavailable');
      return sendProblem(reply, body);
    }
    const body = fromFastifyError(error, request) ?? problem('internal', `internal error (request ${request.id})`);
    logRefusal(request, error, body);
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const allowed = [...new Set(routes.filter((route) => route.path.test(path)).map((route) => route.method))];
    if (allowed.length === 0) {
      return (
        page.handler?.(request, reply) ?? sendProblem(reply, problem('not-found', `no route ${request.method} ${path}`))
      );
    }
    reply.header('allow', allowed.join(', '));
    return sendProblem(
      reply,
      problem('method-not-allowed', `${path} does not take ${request.method}; it takes ${allowed.join(', ')}`),
    );
  });
}

/** JSON schema of a problem body, for the OpenAPI document. */
export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details (application/problem+json)',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    index: { type: 'integer', description: 'index of the offending event in the batch (0 for a single event)' },
    rule: { type: 'string', description: 'the invariant broken (422)' },
    eventId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, path: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
} as const;

/** A problem response in a route schema: documented as application/problem+json. */
export const problemResponse = {
  description: 'problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
} as const;
