import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyRequest {
    /** What the request's one log line adds to its usual fields (noteForLog); null: nothing. */
    logNote: LogNote | null;
  }
}

/** Fields (and a message other than "request completed") for a request's one log line. */
export interface LogNote {
  msg?: string;
  fields: Record<string, unknown>;
}

/**
 * Adds `fields` to the request's one log line, written when the answer is sent (and `msg`, when
 * the line should say more than "request completed"): an append's positions, a refusal's problem.
 * A second line per request was 9 % of the CPU of single-event requests (docs/scaling-history.md).
 */
export function noteForLog(request: FastifyRequest, fields: Record<string, unknown>, msg?: string): void {
  const note = request.logNote;
  if (note) {
    Object.assign(note.fields, fields);
    if (msg !== undefined) note.msg = msg;
  } else request.logNote = msg === undefined ? { fields } : { msg, fields };
}
