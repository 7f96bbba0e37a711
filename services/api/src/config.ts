import path from 'node:path';
import { DEFAULT_BILLING_TZ, isValidTimeZone } from '@reckon/domain';
import { type ApiKey, parseApiKeys } from './auth/keys.js';

/** Everything the service and the CLI read from the environment, parsed once and checked. */
export interface Config {
  port: number;
  host: string;
  /** `DATABASE_URL`; when undefined an embedded PostgreSQL runs in `dataDir`. */
  databaseUrl: string | undefined;
  /**
   * `EVENTSTORE_URL` (e.g. `kurrentdb://host:2113?tls=false`): keep the event log in KurrentDB
   * (EventStoreDB's successor; 26.1+ for every command); the read models stay in PostgreSQL
   * (`databaseUrl` or the embedded one). Unset: the log is in PostgreSQL too.
   */
  eventStoreUrl: string | undefined;
  /** `RECKON_DATA_DIR`, absolute: the embedded cluster and the generated API key file live here. */
  dataDir: string;
  /** `RECKON_BILLING_TZ`: the zone whose calendar months are billing periods. */
  billingTimeZone: string;
  /** `RECKON_API_KEYS`; undefined when unset or empty (then `pnpm start` generates an admin key). */
  apiKeys: ApiKey[] | undefined;
  /** `RECKON_BODY_LIMIT` in bytes: larger request bodies get 413. */
  bodyLimit: number;
  /** `RECKON_REQUEST_TIMEOUT_MS`: a request's headers and body must arrive within it (else 408). */
  requestTimeoutMs: number;
  /**
   * `RECKON_RATE_LIMIT_MAX` requests per API key (per client address without a known key) in each
   * `RECKON_RATE_LIMIT_WINDOW_MS`; more: 429. `max` 0 turns the limit off.
   */
  rateLimit: { max: number; windowMs: number };
  /**
   * Load shedding (503 `overloaded`): `RECKON_LOAD_SHED_EVENT_LOOP_DELAY_MS`, the mean event-loop
   * delay over a second above which requests are refused, and `RECKON_LOAD_SHED_HEAP_PERCENT`, the
   * share of V8's heap limit in use above which they are; 0 turns either check off.
   */
  loadShedding: { maxEventLoopDelayMs: number; maxHeapPercent: number };
  logLevel: string;
  /** `RECKON_PROJECTIONS`: where this process runs the projections (default `thread`). */
  projections: ProjectionsMode;
  /**
   * `RECKON_SHARE_APPENDS`: unset or `off`, each process appends alone; `on` (or the address to
   * listen on, for processes on several machines), the processes that set it share their appends
   * through one log leader on 127.0.0.1 (or that address). See docs/event-store.md.
   */
  shareAppends: { host: string } | undefined;
}

/**
 * Where the service's projections run: on a worker thread of their own at a lower CPU priority
 * (`thread`), on the thread that answers requests (`in-process`), or not in this process (`none`:
 * `pnpm start:projector` workers do it).
 */
export type ProjectionsMode = 'thread' | 'in-process' | 'none';
export const PROJECTIONS_MODES: readonly ProjectionsMode[] = ['thread', 'in-process', 'none'];

/**
 * Default of `RECKON_BODY_LIMIT`: 8 MiB, so that a batch of the 10,000 events a request may hold fits
 * at up to about 800 bytes an event (a generated order or charge is 350–450).
 */
export const DEFAULT_BODY_LIMIT = 8 * 1024 * 1024;

/** Default of `RECKON_REQUEST_TIMEOUT_MS`: an 8 MiB body (the default limit) needs about 7 Mbit/s. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/**
 * Defaults of the rate limit: 3,000 requests per 10 s per key, 300/s sustained, far above what one
 * well-behaved client sends (batches of events count once), low enough that a runaway loop is
 * stopped before it starves the others.
 */
export const DEFAULT_RATE_LIMIT = { max: 3000, windowMs: 10_000 } as const;

/** Defaults of load shedding: a second of event-loop delay, or 90 % of the heap limit in use. */
export const DEFAULT_LOAD_SHEDDING = { maxEventLoopDelayMs: 1000, maxHeapPercent: 90 } as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got ${JSON.stringify(raw)}`);
  }
  return Number(raw);
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const billingTimeZone = env.RECKON_BILLING_TZ?.trim() || DEFAULT_BILLING_TZ;
  if (!isValidTimeZone(billingTimeZone)) {
    throw new ConfigError(`RECKON_BILLING_TZ is not an IANA time zone: ${JSON.stringify(billingTimeZone)}`);
  }
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // pg reads anything else as a host name ("notaurl" became the host "base"): say so here.
    throw new ConfigError(
      `DATABASE_URL must be a PostgreSQL URL like postgres://user@host:5432/reckon, got ${JSON.stringify(databaseUrl.slice(0, 60))}`,
    );
  }
  const rawKeys = env.RECKON_API_KEYS?.trim();
  let apiKeys: ApiKey[] | undefined;
  if (rawKeys) {
    try {
      apiKeys = parseApiKeys(rawKeys);
    } catch (error) {
      throw new ConfigError(`RECKON_API_KEYS: ${(error as Error).message}`);
    }
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    eventStoreUrl: env.EVENTSTORE_URL?.trim() || undefined,
    dataDir: path.resolve(env.RECKON_DATA_DIR?.trim() || '.reckon'),
    billingTimeZone,
    apiKeys,
    bodyLimit: integer(env, 'RECKON_BODY_LIMIT', DEFAULT_BODY_LIMIT, 1024, 1024 * 1024 * 1024),
    requestTimeoutMs: integer(env, 'RECKON_REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 1000, 3_600_000),
    rateLimit: {
      max: integer(env, 'RECKON_RATE_LIMIT_MAX', DEFAULT_RATE_LIMIT.max, 0, 1_000_000_000),
      windowMs: integer(env, 'RECKON_RATE_LIMIT_WINDOW_MS', DEFAULT_RATE_LIMIT.windowMs, 100, 86_400_000),
    },
    loadShedding: {
      maxEventLoopDelayMs: integer(
        env,
        'RECKON_LOAD_SHED_EVENT_LOOP_DELAY_MS',
        DEFAULT_LOAD_SHEDDING.maxEventLoopDelayMs,
        0,
        3_600_000,
      ),
      maxHeapPercent: integer(env, 'RECKON_LOAD_SHED_HEAP_PERCENT', DEFAULT_LOAD_SHEDDING.maxHeapPercent, 0, 100),
    },
    logLevel,
    projections: projectionsMode(env),
    shareAppends: shareAppends(env),
  };
}

function shareAppends(env: NodeJS.ProcessEnv): { host: string } | undefined {
  const raw = env.RECKON_SHARE_APPENDS?.trim() || 'off';
  if (raw === 'off') return undefined;
  if (raw === 'on') return { host: '127.0.0.1' };
  if (!/^[0-9A-Za-z.:-]+$/.test(raw)) {
    throw new ConfigError(`RECKON_SHARE_APPENDS must be off, on or a host address, got ${JSON.stringify(raw)}`);
  }
  return { host: raw };
}

function projectionsMode(env: NodeJS.ProcessEnv): ProjectionsMode {
  const raw = env.RECKON_PROJECTIONS?.trim() || 'thread';
  const mode = PROJECTIONS_MODES.find((candidate) => candidate === raw);
  if (!mode) {
    throw new ConfigError(
      `RECKON_PROJECTIONS must be one of ${PROJECTIONS_MODES.join(', ')}, got ${JSON.stringify(raw)}`,
    );
  }
  return mode;
}
