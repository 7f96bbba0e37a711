import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** What a log line of a request says about it: route pattern (not only the URL), status, latency. */
function fields(request: FastifyRequest, reply: FastifyReply) {
  return {
    method: request.method,
    route: request.routeOptions.url ?? 'unmatched',
    url: request.url,
    status: reply.statusCode,
    latencyMs: Math.round(reply.elapsedTime * 100) / 100,
  };
}

/**
 * Fastify's per-request log lines, one per request: "incoming request" only at debug, and
 * "request completed" with the request id (`reqId`), route pattern, status and latency in ms.
 * Appends add their log positions in a line of their own (routes/events.ts).
 */
export class RequestLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    request.log.debug({ method: request.method, url: request.url }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ ...fields(request, reply), err: error }, 'request errored');
    else reply.log.info(fields(request, reply), 'request completed');
  }
}
