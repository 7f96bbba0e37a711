/**
 * SPEC §1 "Bounds" at the HTTP edge: what every request is held to before a route sees it. JSON
 * bodies are read by the domain's strict reader (the one `reckon import` uses per line); path and
 * query values, and strings of bodies that are not events, keep the same string rules as events.
 * Whatever breaks one is a 400 problem naming the field.
 */
import {
  describeJsonTextError,
  isPeriod,
  MAX_JSON_DEPTH,
  PERIOD_PATTERN,
  parseJsonText,
  periodBoundProblem,
  textProblem,
  valueBoundErrors,
} from '@reckon/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { logRefusal, ProblemError, problem, sendProblem } from './problems.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body is events: `parseEvent` checks each (and names its index), so the body walk skips it. */
    eventBody?: boolean;
  }
}

/**
 * Levels a body may nest: an event's 32 inside `{"events": [ … ]}`. Each event is then held to
 * 32 by `parseEvent`; the reader stops deeper text before building anything of it.
 */
export const MAX_BODY_DEPTH = MAX_JSON_DEPTH + 2;

/**
 * UTF-16 units of a path segment the router takes (decoded; Fastify's default, 100, answered 414 to
 * an id of 128 characters): ids are 128 characters, up to 256 units when each is an emoji, and
 * stream names a prefix more. The schemas then hold ids to 128 characters.
 */
export const MAX_PATH_SEGMENT = 320;

function invalid(where: string, path: string, message: string): ProblemError {
  return new ProblemError(problem('invalid-request', `${where}${path}: ${message}`, { errors: [{ path, message }] }));
}

/**
 * A body's Content-Encoding the service does not decode (it reads bodies as sent: gzip and the
 * others are refused by name rather than read as malformed JSON); none and `identity` are taken.
 */
export function unsupportedEncoding(header: string | string[] | undefined): string | undefined {
  const codings = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c.toLowerCase() !== 'identity');
  if (codings.length === 0) return undefined;
  const shown = codings.join(', ');
  return shown.length > 100 ? `${shown.slice(0, 100)}…` : shown;
}

/**
 * Replaces Fastify's JSON parser: invalid UTF-8, a key repeated in one object and nesting beyond
 * MAX_BODY_DEPTH are malformed (Fastify's parser read the first as U+FFFD and the second
 * last-wins); `__proto__` keys stay refused. Fastify's text/plain parser goes too: no route takes
 * text, and a JSON body labelled text/plain is told its content type, not that it is no object.
 */
function installJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    const encoding = unsupportedEncoding(request.headers['content-encoding']);
    if (encoding !== undefined && bytes.length > 0) {
      const detail = `the Content-Encoding ${JSON.stringify(encoding)} is not supported: send the JSON body uncompressed (no Content-Encoding, or identity)`;
      done(new ProblemError(problem('invalid-request', detail)), undefined);
      return;
    }
    if (bytes.length === 0) {
      // A route that takes no body (publish) takes an empty one however it is labelled: clients
      // generated from the OpenAPI document often send Content-Type: application/json anyway.
      const route = request.routeOptions;
      if (!(route.schema as { body?: unknown } | undefined)?.body && !route.config.eventBody) {
        done(null, undefined);
        return;
      }
      const expected = route.config.eventBody ? 'a JSON event or {"events": [...]}' : 'a JSON object';
      done(new ProblemError(problem('invalid-request', `the body is empty; expected ${expected}`)), undefined);
      return;
    }
    const parsed = parseJsonText(bytes, MAX_BODY_DEPTH);
    if (parsed.ok) {
      done(null, parsed.value);
      return;
    }
    const { error } = parsed;
    const members = error.path === '' ? {} : { errors: [error] };
    done(new ProblemError(problem('invalid-request', describeJsonTextError(error), members)), undefined);
  });
}

/** `?a=1&a=2` arrives as an array. */
function valuesOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Integers written as plain decimal digits: ajv's coercion reads "Infinity" and "1e309" as numbers it never bounds. */
const DECIMAL_INTEGER = /^-?\d{1,16}$/;

type ParamSchema = { properties?: Record<string, { type?: unknown; pattern?: unknown }> } | undefined;

/** The parameters of a schema held to more than the string rules: integers in digits, periods in the bounds. */
interface ParamKinds {
  integers: Set<string>;
  periods: Set<string>;
}

function paramKinds(schema: ParamSchema): ParamKinds {
  const kinds: ParamKinds = { integers: new Set(), periods: new Set() };
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    const type = property.type;
    if (type === 'integer' || (Array.isArray(type) && type.includes('integer'))) kinds.integers.add(name);
    if (property.pattern === PERIOD_PATTERN) kinds.periods.add(name);
  }
  return kinds;
}

const kindsBySchema = new WeakMap<object, ParamKinds>();
const NO_KINDS: ParamKinds = { integers: new Set(), periods: new Set() };

/** What a route's params or querystring schema says of its parameters (cached per schema). */
function kindsOf(schema: ParamSchema): ParamKinds {
  if (!schema) return NO_KINDS;
  let kinds = kindsBySchema.get(schema);
  if (!kinds) {
    kinds = paramKinds(schema);
    kindsBySchema.set(schema, kinds);
  }
  return kinds;
}

/**
 * Path and query values: the string rules of events, integers in digits, and periods among the
 * months an event can fall in (a period past them has no events: it is a mistake, not an empty
 * month); a 400 names the parameter.
 */
function checkParameters(where: 'params' | 'querystring', values: unknown, schema: ParamSchema): void {
  if (values === null || typeof values !== 'object') return;
  const { integers, periods } = kindsOf(schema);
  for (const [name, value] of Object.entries(values)) {
    // SPEC §6: an unknown query parameter is a 400, not ignored (a misspelt filter answered everything).
    if (where === 'querystring' && schema?.properties && !Object.hasOwn(schema.properties, name)) {
      const known = Object.keys(schema.properties).join(', ');
      throw invalid(`${where}/`, name, `is not a parameter here; it takes ${known}`);
    }
    for (const item of valuesOf(value)) {
      if (typeof item !== 'string') continue;
      const problemText = textProblem(item);
      if (problemText) throw invalid(`${where}/`, name, problemText);
      if (integers.has(name) && !DECIMAL_INTEGER.test(item)) {
        throw invalid(
          `${where}/`,
          name,
          `must be an integer in decimal digits (got ${JSON.stringify(item.slice(0, 40))})`,
        );
      }
      if (periods.has(name) && isPeriod(item)) {
        const bound = periodBoundProblem(item);
        if (bound) throw invalid(`${where}/`, name, `${bound} (got ${JSON.stringify(item)})`);
      }
    }
  }
}

/**
 * Before schema validation (and after the key check): path and query values, and the body of
 * every route that does not take events, keep the string rules of SPEC §1. Installed on the root,
 * so no route can miss it.
 */
function installParameterChecks(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const undecodable = undecodableQueryParameter(request.url);
    if (undecodable !== undefined) {
      throw invalid('querystring', `/${undecodable}`, 'is not valid percent-encoded UTF-8');
    }
    const route = request.routeOptions; // built anew at each read
    const schema = route.schema as { params?: ParamSchema; querystring?: ParamSchema } | undefined;
    checkParameters('params', request.params, schema?.params);
    checkParameters('querystring', request.query, schema?.querystring);
    if (request.body !== undefined && !route.config.eventBody) {
      const [first] = valueBoundErrors(request.body);
      if (first) throw invalid('body', first.path, first.message);
    }
  });
}

/**
 * The name of the first query parameter whose name or value is not valid percent-encoded UTF-8
 * (`%ED%A0%80`, a lone `%`). Fastify's parser keeps such a value undecoded, so `%00%ED%A0%80` would
 * reach a filter as the text "%00%ED%A0%80" instead of being refused for its NUL.
 */
function undecodableQueryParameter(url: string): string | undefined {
  const start = url.indexOf('?');
  if (start < 0 || !url.includes('%', start)) return undefined;
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    try {
      decodeURIComponent(pair);
    } catch {
      return name.slice(0, 64);
    }
  }
  return undefined;
}

export function installInputBounds(app: FastifyInstance): void {
  installJsonBodyParser(app);
  installParameterChecks(app);
}

/**
 * Errors Fastify raises before any route or hook runs (a path that does not decode as UTF-8, a
 * path segment over the router's limit): answered as problems like every other 400.
 */
export function frameworkErrors(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  if (error.code !== 'FST_ERR_BAD_URL' && error.code !== 'FST_ERR_MAX_PARAM_LENGTH') {
    const body = problem('internal', `internal error (request ${request.id})`);
    logRefusal(request, error, body);
    void sendProblem(reply, body);
    return;
  }
  const detail =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `a path segment is longer than ${MAX_PATH_SEGMENT} characters, too long to be an id`
      : 'the path is not valid percent-encoded UTF-8';
  const body = problem('invalid-request', detail);
  logRefusal(request, error, body);
  void sendProblem(reply, body);
}
