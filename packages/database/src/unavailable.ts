/**
 * Whether `error` says the database cannot be reached right now (refused, reset, terminated, shutting
 * down or starting up) rather than that the statement was wrong: such a request may simply be tried
 * again later (HTTP 503 with Retry-After), and a projection pauses instead of stopping.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let seen = 0, current = error; current && seen < 5; seen++) {
    if (typeof current !== 'object') return false;
    const { code, message, errors, cause } = current as {
      code?: unknown;
      message?: unknown;
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || code.startsWith('08'))) {
      return true;
    }
    if (typeof message === 'string' && CLIENT_MESSAGES.some((known) => message.startsWith(known))) return true;
    // Node reports a refused connection to a name with several addresses as an AggregateError.
    if (Array.isArray(errors) && errors.length > 0 && errors.every(isDatabaseUnavailable)) return true;
    current = cause;
  }
  return false;
}

/** Node's socket errors on connecting or on a connection that dies. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server going away or not taking connections (class 08, connection exception, is
 * matched by prefix): admin_shutdown (a terminated backend, a fast shutdown), crash_shutdown,
 * cannot_connect_now (starting up, shutting down), too_many_connections.
 */
const SERVER_CODES = new Set(['57P01', '57P02', '57P03', '53300']);

/** What node-postgres says, without a code, about a connection that ended or never came. */
const CLIENT_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];
