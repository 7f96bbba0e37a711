import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { OPERATIONS_ROUTES } from './protection.js';

/** What a log line of a request says about it: route pattern (not only the URL), status, latency. */
function fields(request: FastifyRequest, reply: FastifyReply, route: string) {
  return {
    method: request.method,
    route,
    url: request.url,
    status: reply.statusCode,
    latencyMs: Math.round(reply.elapsedTime * 100) / 100,
  };
}

/**
 * Fastify's per-request log lines, one per request: "incoming request" only at debug, and
 * "request completed" with the request id (`reqId`), route pattern, status, latency in ms and what
 * the route or the error handler noted (noteForLog). Probes and scrapes (/healthz, /readyz,
 * /metrics) answered without an error are logged at debug: at every hit they were most lines.
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? 'unmatched';
    if (error) {
      reply.log.error({ ...fields(request, reply, route), err: error }, 'request errored');
      return;
    }
    const note = request.logNote;
    if (note) {
      reply.log.info({ ...fields(request, reply, route), ...note.fields }, note.msg ?? 'request completed');
    } else if (reply.statusCode < 400 && OPERATIONS_ROUTES.has(route)) {
      reply.log.debug(fields(request, reply, route), 'request completed');
    } else reply.log.info(fields(request, reply, route), 'request completed');
  }
}
