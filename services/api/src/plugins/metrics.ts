/**
 * GET /metrics (Prometheus text format).
 *
 * - `reckon_http_request_duration_seconds{method,route,status_code}`: latency by route pattern
 *   (`/v1/partners/:id/balance`, never the raw URL, so the label set stays small).
 * - `reckon_events_appended_total`, `reckon_events_refused_total{rule}`: told by the append pipeline.
 * - `reckon_projection_lag_events{projection}`, `reckon_projection_lag_seconds{projection}`: read from
 *   the stored checkpoints on each scrape, so they are right whichever process runs the projections.
 * - `reckon_projection_stalled{projection}`: 1 while the projection is stopped by an event it cannot
 *   fold (recorded with its checkpoint, whichever process runs it), else 0; and
 *   `reckon_projection_stalled_position{projection}`: that event's global position (only while stopped).
 * - `reckon_projection_rebuild_progress_ratio{projection}`: while a rebuild (`reckon rebuild`, any
 *   process) fills `<schema>_next`, its checkpoint over the head of the log; absent otherwise.
 * - `reckon_db_pool_connections{pool}`, `reckon_db_pool_idle_connections{pool}`,
 *   `reckon_db_pool_waiting_requests{pool}`, `reckon_db_pool_max_connections{pool}`: each PostgreSQL
 *   pool of the process (labelled by its application_name: `reckon-event-store`, `reckon-read-side`,
 *   `reckon-readiness`), read on each scrape. Waiting above 0 for long: the pool is too small or a
 *   query too slow.
 * - `reckon_event_store_append_calls_total`, `reckon_event_store_append_transactions_total`,
 *   `reckon_event_store_append_forwarded_total`: how the event store's appends reached PostgreSQL
 *   (on PostgreSQL only): the calls it sent (a log leader's include its followers'), the
 *   transactions they went in (their ratio is how many appends shared a commit), and the calls sent
 *   to the log leader instead.
 * - the default Node.js process metrics (`reckon_process_*`, `reckon_nodejs_*`), among them the
 *   event-loop delay: `reckon_nodejs_eventloop_lag_seconds` (measured at the scrape) and
 *   `reckon_nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds` (perf_hooks'
 *   monitorEventLoopDelay since the previous scrape).
 *
 * The endpoint needs no key (docs/runbooks.md, "Observability"): it holds counts and latencies, no
 * business data, and scrapers rarely carry bearer tokens. Keep the port off the public internet.
 */
import type { Pool, PoolUsage } from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import type { AppendStats } from '@reckon/event-store-postgres';
import {
  nextSchema,
  PROJECTIONS,
  type ProjectionLag,
  projectionLag,
  readCheckpoint,
  rebuildsRunning,
} from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { AppendOutcome } from '../application/command-handler.js';
import type { SnapshotStats } from '../application/stream-snapshots.js';

export const METRICS_PATH = '/metrics';

export interface MetricsOptions {
  /** Where the read models live; without it the projection gauges are not exported. */
  pool?: Pool;
  store: Pick<EventStore, 'headPosition'>;
  /** Subscribe to the append pipeline's outcomes (CommandHandler.observers). */
  observeAppends: (observer: (outcome: AppendOutcome) => void) => void;
  /** Export process metrics too (default true; tests building many apps may turn them off). */
  processMetrics?: boolean;
  /** The process's PostgreSQL pools as they are now (each scrape asks). */
  pools?: () => readonly PoolUsage[];
  /** With shared appends (`RECKON_SHARE_APPENDS`): this process's role now (each scrape asks). */
  appendRole?: () => string;
  /** How the event store's appends reached the database so far (PostgreSQL; each scrape asks). */
  appendStats?: () => AppendStats;
  /** What became of the command side's stored states (each scrape asks; undefined: none kept). */
  snapshotStats?: () => SnapshotStats | undefined;
}

/** One gauge per figure of `PoolUsage`, set from every pool on each scrape. */
function poolGauges(registry: Registry, pools: () => readonly PoolUsage[]): void {
  const figures = [
    ['reckon_db_pool_connections', 'total', 'Connections the PostgreSQL pool has open (idle or checked out)'],
    ['reckon_db_pool_idle_connections', 'idle', 'Connections of the PostgreSQL pool open and idle'],
    [
      'reckon_db_pool_waiting_requests',
      'waiting',
      'Requests waiting for a connection of the PostgreSQL pool (every one checked out, at its max)',
    ],
    ['reckon_db_pool_max_connections', 'max', 'Most connections the PostgreSQL pool opens'],
  ] as const;
  for (const [name, figure, help] of figures) {
    new Gauge({
      name,
      help,
      labelNames: ['pool'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const usage of pools()) this.set({ pool: usage.name }, usage[figure]);
      },
    });
  }
}

/** The store's own counts, exported as counters (each scrape sets them to the store's totals). */
function appendCounters(registry: Registry, stats: () => AppendStats): void {
  const figures = [
    [
      'reckon_event_store_append_calls_total',
      'calls',
      "Append calls this process's event store sent to PostgreSQL: its own and, while it is the log leader, its followers'",
    ],
    [
      'reckon_event_store_append_transactions_total',
      'transactions',
      'Transactions those calls went in; calls over transactions is how many appends shared a commit',
    ],
    [
      'reckon_event_store_append_forwarded_total',
      'forwarded',
      'Append calls this process sent to the log leader (RECKON_SHARE_APPENDS) instead of to PostgreSQL',
    ],
  ] as const;
  for (const [name, figure, help] of figures) {
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(stats()[figure]);
      },
    });
  }
}

/**
 * Reads the rebuild scratch schemas (`<schema>_next`, see packages/projections/src/rebuild.ts) of the
 * rebuilds running now: a schema a killed rebuild left behind is no progress.
 */
async function rebuildPositions(pool: Pool): Promise<Map<string, number>> {
  const positions = new Map<string, number>();
  const running = await rebuildsRunning(pool, PROJECTIONS);
  if (running.size === 0) return positions;
  const scratch = PROJECTIONS.filter((definition) => running.has(definition.name)).map((definition) => ({
    definition,
    schema: nextSchema(definition),
  }));
  const client = await pool.connect();
  try {
    // A rebuild swapping its tables in holds exclusive locks: skip it for this scrape rather than wait.
    await client.query("SET lock_timeout = '200ms'");
    for (const { definition, schema } of scratch) {
      try {
        positions.set(definition.name, (await readCheckpoint(client, schema)).position);
      } catch {
        // Being created (the lock is taken first), swapped or dropped right now.
      }
    }
  } finally {
    await client.query('RESET lock_timeout').catch(() => {});
    client.release();
  }
  return positions;
}

export function createMetrics(options: MetricsOptions): Registry {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'reckon_' });

  new Histogram({
    name: 'reckon_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const appended = new Counter({
    name: 'reckon_events_appended_total',
    help: 'Events appended to the log (idempotent repeats not counted)',
    registers: [registry],
  });
  const refused = new Counter({
    name: 'reckon_events_refused_total',
    help: 'Append requests refused by a business invariant, by rule',
    labelNames: ['rule'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'reckon_append_failures_total',
    help: 'Append requests that failed otherwise: invalid (schema), conflict (eventId reused), busy (retries exhausted)',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  options.observeAppends((outcome) => {
    if (outcome.kind === 'appended') appended.inc(outcome.appended);
    else if (outcome.kind === 'refused') refused.inc({ rule: outcome.rule });
    else rejected.inc({ kind: outcome.kind });
  });

  if (options.pools) poolGauges(registry, options.pools);
  const { appendRole } = options;
  if (appendRole) {
    new Gauge({
      name: 'reckon_event_store_append_role',
      help: 'Shared appends (RECKON_SHARE_APPENDS): 1 for where this process appends now: leader, follower (through the leader) or alone',
      labelNames: ['role'] as const,
      registers: [registry],
      collect() {
        this.reset();
        this.set({ role: appendRole() }, 1);
      },
    });
  }

  if (options.appendStats) appendCounters(registry, options.appendStats);
  const { snapshotStats } = options;
  if (snapshotStats) {
    new Counter({
      name: 'reckon_command_snapshots_total',
      help: 'Stored states of long streams (command_snapshots): saved, used (a stream read from one on), discarded (not of this log), failed (a save or read)',
      labelNames: ['outcome'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const stats = snapshotStats();
        if (stats) for (const [outcome, count] of Object.entries(stats)) this.inc({ outcome }, count);
      },
    });
  }

  const { pool, store } = options;
  if (pool) {
    // One lag read per scrape feeds both gauges (a scrape collects them concurrently).
    let pending: Promise<ProjectionLag[]> | undefined;
    const lagOnce = () => {
      pending ??= projectionLag(pool, store).finally(() => {
        pending = undefined;
      });
      return pending;
    };
    new Gauge({
      name: 'reckon_projection_lag_events',
      help: 'Events between the head of the log and the projection checkpoint',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        for (const lag of await lagOnce()) this.set({ projection: lag.projection }, lag.eventsBehind);
      },
    });
    new Gauge({
      name: 'reckon_projection_lag_seconds',
      help: 'Seconds since the recordedAt of the last event the projection processed (0 when caught up)',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        for (const lag of await lagOnce()) {
          // Caught up means no lag, however long ago the last event was written.
          const seconds = lag.eventsBehind === 0 ? 0 : (lag.secondsSinceLastEvent ?? 0);
          this.set({ projection: lag.projection }, seconds);
        }
      },
    });
    new Gauge({
      name: 'reckon_projection_stalled',
      help: 'Whether the projection is stopped by an event it cannot fold (1) or running (0); docs/runbooks.md',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        for (const lag of await lagOnce()) this.set({ projection: lag.projection }, lag.stall ? 1 : 0);
      },
    });
    new Gauge({
      name: 'reckon_projection_stalled_position',
      help: 'Global position of the event a stopped projection fails on (present only while it is stopped)',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const lag of await lagOnce()) if (lag.stall) this.set({ projection: lag.projection }, lag.stall.position);
      },
    });
    new Gauge({
      name: 'reckon_projection_rebuild_progress_ratio',
      help: 'Progress of a running rebuild of the projection (its scratch checkpoint over the log head), 0..1',
      labelNames: ['projection'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        const positions = await rebuildPositions(pool);
        if (positions.size === 0) return;
        const head = await store.headPosition();
        for (const [projection, position] of positions) {
          this.set({ projection }, head === 0 ? 1 : Math.min(1, position / head));
        }
      },
    });
  }
  return registry;
}

/** Times every request into the histogram (route pattern, not URL) and serves GET /metrics. */
export async function installMetrics(app: FastifyInstance, options: MetricsOptions): Promise<Registry> {
  const registry = createMetrics(options);
  const histogram = registry.getSingleMetric('reckon_http_request_duration_seconds') as Histogram<
    'method' | 'route' | 'status_code'
  >;
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get(
    METRICS_PATH,
    {
      config: { public: true },
      schema: {
        summary: 'Prometheus metrics',
        description:
          'Text exposition format 0.0.4: HTTP latency by route, events appended and refused by rule, projection lag ' +
          'in events and seconds, stopped projections, rebuild progress, database pool connections (open, idle, ' +
          'waiting, max), process metrics with the event-loop delay.',
        tags: ['operations'],
        operationId: 'metrics',
        response: {
          200: {
            description: 'Prometheus text format',
            content: {
              'text/plain': {
                schema: { type: 'string' },
                example:
                  '# HELP reckon_events_appended_total Events appended to the log (idempotent repeats not counted)\n' +
                  '# TYPE reckon_events_appended_total counter\nreckon_events_appended_total 1200\n',
              },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    },
  );
  return registry;
}
