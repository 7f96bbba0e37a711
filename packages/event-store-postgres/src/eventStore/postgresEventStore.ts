import {
  arrayLiteral,
  type ConnectionErrorHandler,
  createPool,
  migrate,
  type Pool,
  type PoolUsage,
  poolUsage,
  transaction,
} from '@reckon/database';
import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  type EventStore,
  type ExpectedVersion,
  type LinkTo,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type StreamRead,
  type SubscribeOptions,
  type Subscription,
  WrongExpectedVersionError,
} from '@reckon/event-store';
import {
  type AppendPlan,
  allInPlace,
  type KnownState,
  linkKey,
  linksOnlyWithinCall,
  NOTHING_KNOWN,
  planAppend,
  resultOf,
} from './append.js';
import {
  AppendGroups,
  type CallOutcome,
  type GroupItem,
  type GroupResult,
  groupArguments,
  groupOutcomes,
} from './appendGroups.js';
import {
  AppendLeadership,
  type AppendRole,
  type AppendRoleListener,
  LeaderUnavailableError,
} from './leader/appendLeadership.js';
import { MIGRATION_NAMESPACE, migrations } from './schema/migrations.js';
import {
  appendGroupSql,
  type EventRow,
  existingLinksSql,
  headPositionSql,
  readAllBatchSql,
  readEventsByIdSql,
  readStreamSql,
  readStreamsSql,
  streamVersionSql,
  streamVersionsSql,
  toStoredEvent,
} from './schema/read.js';
import { AppendNotifier } from './subscriptions/appendNotifier.js';
import { PostgresSubscription } from './subscriptions/subscription.js';

export interface PostgresEventStoreOptions {
  /** Connections of the store's pool; default 10. */
  poolSize?: number;
  /**
   * Append transactions this store runs at once; calls arriving while they run wait and go together
   * in the next one (one commit for all). Default 1: appends serialise on the log lock anyway, so
   * one transaction at a time makes the groups, and so the throughput, largest.
   */
  appendTransactions?: number;
  /**
   * Share appends with the other stores on this database that set it too, across processes: one of
   * them, the log leader, appends the others' calls with its own, so that they share its commits
   * (see docs/event-store.md, "Across processes"). `host` is the address the leader listens on and
   * the followers reach it at (default 127.0.0.1: processes on one machine). Off by default.
   */
  shareAppends?: boolean | { host: string };
  /** With `shareAppends`: told when this store starts leading, following or appending alone. */
  onAppendRole?: AppendRoleListener;
  /** How often a subscription polls when no notification arrives; default 100 ms. */
  pollIntervalMs?: number;
  /** Told when one of the store's connections is lost (default: a line on stderr). */
  onConnectionError?: ConnectionErrorHandler;
  /**
   * FOR TESTS ONLY. Awaited inside every append transaction after global positions are assigned and
   * before the commit, to widen the window in which concurrent transactions interleave (the stress
   * case of the contract suite). Each append then takes three round trips instead of one and holds
   * the log's serialising lock while it waits: never set it in production.
   */
  beforeCommit?: () => Promise<void>;
}

/**
 * How a store's appends reached the database, since it was opened (the service exports them at
 * /metrics). `calls / transactions` is how many appends share a commit.
 */
export interface AppendStats {
  /** Append calls this store sent to the database: its own and, while it leads, its followers'. */
  calls: number;
  /** The transactions those calls went in (one per group; one per call of a group retried call by call). */
  transactions: number;
  /** Calls this store sent to the log leader (`shareAppends`); one the leader did not answer is then appended here too. */
  forwarded: number;
}

const MAX_POSITION = Number.MAX_SAFE_INTEGER;
/** Batches `readAll` reads ahead of its caller (each on its own pooled connection). */
const READ_AHEAD = 2;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Attempts of one append when it races another over the same event ids, links or rows. */
const MAX_ATTEMPTS = 10;
/** Unique violations an append recovers from by looking again: a concurrent twin committed first. */
const RETRYABLE_CONSTRAINTS = new Set(['event_log_event_id_key', 'event_links_stream_event_key', 'event_streams_pkey']);

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * Log sizes at which a store analyses the log's tables once (when its own append crosses one).
 * PL/pgSQL keeps a generic plan of the append function's statements after five calls, costed on
 * the tables as they were then; on a new log that is a sequential scan of `event_log` for the
 * duplicate check and of `event_streams` for the versions, kept until an ANALYZE makes PostgreSQL
 * plan again. Autovacuum's analyse comes up to a minute later, long enough for an import to append
 * hundreds of thousands of events that way (appends 2–4× slower on a fresh log). Planning every
 * call instead costs 20–30 % on many-stream batches for ever; four analyses early cost nothing after.
 */
export const ANALYSE_AT_POSITIONS = [2_000, 20_000, 200_000, 2_000_000] as const;

/** The event store port over PostgreSQL (see docs/event-store.md for the schema and guarantees). */
export class PostgresEventStore implements EventStore {
  private readonly notifier: AppendNotifier;
  private readonly subscriptions = new Set<PostgresSubscription>();
  private readonly groups: AppendGroups;
  private readonly leadership: AppendLeadership | undefined;
  private closed = false;
  private forwarded = 0;
  /** Index in ANALYSE_AT_POSITIONS of the next size to analyse at (-1: not known yet). */
  private nextAnalysis = -1;
  private analysis: Promise<void> | undefined;

  private constructor(
    private readonly pool: Pool,
    url: string,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.notifier = new AppendNotifier(url, options.onConnectionError);
    this.groups = new AppendGroups((items) => this.runGroup(items), options.appendTransactions ?? 1);
    const share = options.shareAppends;
    if (share) {
      const host = share === true ? '127.0.0.1' : share.host;
      this.leadership = new AppendLeadership(
        url,
        host,
        (requests, appendOptions) => this.appendHere(requests, appendOptions),
        options.onConnectionError,
        options.onAppendRole,
      );
    }
  }

  /** Opens a pool on `url`, applies the schema migrations not applied yet, and returns the store. */
  static async connect(url: string, options: PostgresEventStoreOptions = {}): Promise<PostgresEventStore> {
    const pool = createPool(url, {
      max: options.poolSize ?? 10,
      applicationName: 'reckon-event-store',
      onConnectionError: options.onConnectionError,
    });
    try {
      await migrate(pool, MIGRATION_NAMESPACE, migrations);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const store = new PostgresEventStore(pool, url, options);
    // The first election is awaited so that the first appends already go to the leader; if it
    // fails, appends go direct and the election is tried again later.
    await store.leadership?.elect().catch(() => {});
    return store;
  }

  /** How this store's appends reached the database so far (see AppendStats). */
  appendStats(): AppendStats {
    return { ...this.groups.counts, forwarded: this.forwarded };
  }

  /** With `shareAppends`: whether this store leads, follows a leader, or appends alone just now. */
  get appendRole(): AppendRole {
    return this.leadership?.role ?? 'alone';
  }

  appendToStream(
    streamId: string,
    events: ReadonlyArray<NewEvent | LinkTo>,
    options: { expectedVersion?: ExpectedVersion } = {},
  ): Promise<AppendResult> {
    return this.appendToStreams([{ streamId, events, expectedVersion: options.expectedVersion ?? 'any' }]);
  }

  async appendToStreams(requests: readonly AppendRequest[], options: AppendOptions = {}): Promise<AppendResult> {
    const leader = this.leadership?.route();
    if (leader) {
      try {
        this.forwarded += 1;
        return await leader.forward(requests, options);
      } catch (error) {
        // Not reached, or gone before answering (the call may or may not be in): appended here,
        // where its event ids make a second copy a duplicate.
        if (!(error instanceof LeaderUnavailableError)) throw error;
      }
    }
    return this.appendHere(requests, options);
  }

  /** Appends through this store's own groups (a leader's followers' calls come here too). */
  private async appendHere(requests: readonly AppendRequest[], options: AppendOptions): Promise<AppendResult> {
    if (requests.length === 0) return { appended: 0, duplicates: 0, lastPosition: 0, streamVersions: {} };
    // Common case, no links or links only to events of this call (every command's append): plan
    // without a lookup; the database reports stored ids if there are any, and a link to an event not
    // yet stored cannot be in place already. Links to stored events need the lookup first.
    let checkInDatabase = linksOnlyWithinCall(requests);
    for (let attempt = 1; ; attempt++) {
      let plan: AppendPlan;
      if (checkInDatabase) {
        plan = planAppend(requests, NOTHING_KNOWN, options.order);
      } else {
        const known = await this.knownState(requests);
        plan = planAppend(requests, known, options.order);
        if (allInPlace(plan)) {
          // An idempotent repeat: succeeds without version checks.
          return resultOf(
            plan,
            0,
            plan.streamIds.map((id) => known.versions.get(id) ?? 0),
          );
        }
      }
      let outcome: CallOutcome;
      try {
        outcome = await this.groups.submit({ plan, checkDuplicates: checkInDatabase });
      } catch (error) {
        const { code, constraint } = error as PgError;
        const raced = (code === '23505' && RETRYABLE_CONSTRAINTS.has(constraint ?? '')) || code === '40P01';
        if (!raced || attempt >= MAX_ATTEMPTS) throw error;
        checkInDatabase = false;
        continue;
      }
      switch (outcome.status) {
        case 'appended':
          this.analyseAsTheLogGrows(outcome.last);
          return resultOf(plan, outcome.last, outcome.versions);
        case 'wrong_version':
          throw new WrongExpectedVersionError(
            plan.streamIds[outcome.request]!,
            plan.expected[outcome.request]!,
            outcome.actual,
          );
        case 'duplicates':
          checkInDatabase = false;
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const result = await this.pool.query<EventRow>(readStreamSql, [
      streamId,
      options.fromVersion ?? 1,
      options.maxCount ?? null,
    ]);
    return result.rows.map(toStoredEvent);
  }

  async readStreams(reads: readonly StreamRead[]): Promise<Map<string, StoredEvent[]>> {
    const found = new Map<string, StoredEvent[]>();
    for (const read of reads) found.set(read.streamId, []);
    if (found.size === 0) return found;
    const from = new Map(reads.map((read) => [read.streamId, Math.max(1, read.fromVersion ?? 1)]));
    const result = await this.pool.query<EventRow & { wanted: string }>({
      name: 'event_store_read_streams',
      text: readStreamsSql,
      values: [arrayLiteral([...from.keys()]), arrayLiteral([...from.values()])],
    });
    for (const row of result.rows) found.get(row.wanted)!.push(toStoredEvent(row));
    return found;
  }

  async streamVersion(streamId: string): Promise<number> {
    const result = await this.pool.query<{ version: string }>(streamVersionSql, [streamId]);
    return Number(result.rows[0]?.version ?? 0);
  }

  async readEventsById(eventIds: readonly string[]): Promise<Map<string, StoredEvent>> {
    const ids = eventIds.filter((id) => UUID.test(id));
    if (ids.length === 0) return new Map();
    const result = await this.pool.query<EventRow>(readEventsByIdSql, [arrayLiteral(ids)]);
    return new Map(result.rows.map((row) => [row.event_id, toStoredEvent(row)]));
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<StoredEvent[]> {
    const batchSize = options.batchSize ?? 1000;
    const until = options.toPosition ?? MAX_POSITION;
    // Positions are gapless, so batch k is the window (from + k·n, from + (k+1)·n]: the next windows
    // are read ahead on other connections while the caller handles this one. A short batch is the end.
    let nextFrom = options.fromPosition ?? 0;
    const ahead: Array<Promise<StoredEvent[]>> = [];
    const fill = () => {
      while (ahead.length < READ_AHEAD && nextFrom < until) {
        const batch = this.readBatch(nextFrom, batchSize, until);
        // Awaited in order below; a read ahead that fails while an earlier one is awaited must not
        // be an unhandled rejection (it ended the process when a connection was cut).
        batch.catch(() => {});
        ahead.push(batch);
        nextFrom += batchSize;
      }
    };
    try {
      fill();
      while (ahead.length > 0) {
        const batch = await ahead.shift()!;
        if (batch.length === 0) return;
        if (batch.length < batchSize) {
          yield batch;
          return;
        }
        fill();
        yield batch;
      }
    } finally {
      ahead.length = 0;
    }
  }

  async headPosition(): Promise<number> {
    const result = await this.pool.query<{ position: string }>(headPositionSql);
    return Number(result.rows[0]?.position ?? 0);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('event store is closed');
    const subscription = new PostgresSubscription(
      {
        notifier: this.notifier,
        readBatch: (position, limit) => this.readBatch(position, limit, MAX_POSITION),
        pollIntervalMs: this.options.pollIntervalMs ?? 100,
      },
      options,
      (stopped) => this.subscriptions.delete(stopped),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The connections of the store's pool (`reckon-event-store`), for the service's metrics. */
  poolUsage(): PoolUsage {
    return poolUsage(this.pool);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.leadership?.close();
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.notifier.close();
    await this.analysis;
    await this.pool.end();
  }

  /** Analyses the log's tables, in the background, when an append of this store crosses ANALYSE_AT_POSITIONS. */
  private analyseAsTheLogGrows(head: number): void {
    const above = ANALYSE_AT_POSITIONS.findIndex((size) => head < size);
    const next = above < 0 ? ANALYSE_AT_POSITIONS.length : above; // the first size still ahead
    if (this.nextAnalysis < 0) {
      // This store's first append: sizes the log had passed before are not this store's to analyse.
      this.nextAnalysis = next;
      return;
    }
    if (next <= this.nextAnalysis || this.analysis || this.closed) return;
    this.nextAnalysis = next;
    this.analysis = this.pool
      .query('ANALYZE event_log, event_streams, event_links')
      .then(
        () => undefined,
        () => undefined, // statistics only: autovacuum analyses later anyway
      )
      .finally(() => {
        this.analysis = undefined;
      });
  }

  private async readBatch(after: number, limit: number, until: number): Promise<StoredEvent[]> {
    const result = await this.pool.query<EventRow>({
      name: 'event_store_read_all',
      text: readAllBatchSql,
      values: [after, until, limit],
    });
    return result.rows.map(toStoredEvent);
  }

  /** Stored events and links an append names, and the versions of its streams. */
  private async knownState(
    requests: readonly AppendRequest[],
  ): Promise<KnownState & { versions: Map<string, number> }> {
    const ids = new Set<string>();
    const linkStreams: string[] = [];
    const linkTargets: string[] = [];
    for (const request of requests) {
      for (const entry of request.events) {
        if (!('linkTo' in entry)) {
          ids.add(entry.eventId);
        } else if (UUID.test(entry.linkTo)) {
          ids.add(entry.linkTo);
          linkStreams.push(request.streamId);
          linkTargets.push(entry.linkTo);
        }
      }
    }
    const [stored, links, versions] = await Promise.all([
      this.readEventsById([...ids]),
      linkTargets.length === 0
        ? Promise.resolve({ rows: [] as Array<{ stream_id: string; event_id: string }> })
        : this.pool.query<{ stream_id: string; event_id: string }>(existingLinksSql, [
            arrayLiteral(linkStreams),
            arrayLiteral(linkTargets),
          ]),
      this.pool.query<{ stream_id: string; version: string }>(streamVersionsSql, [
        arrayLiteral(requests.map((r) => r.streamId)),
      ]),
    ]);
    return {
      stored,
      links: new Set(links.rows.map((row) => linkKey(row.stream_id, row.event_id))),
      versions: new Map(versions.rows.map((row) => [row.stream_id, Number(row.version)])),
    };
  }

  /** One group of append calls: a single statement, or a transaction around the test hook. */
  private async runGroup(items: readonly GroupItem[]): Promise<CallOutcome[]> {
    const { values, slotBase } = groupArguments(items);
    const query = { name: 'event_store_append_group', text: appendGroupSql, values };
    const hook = this.options.beforeCommit;
    if (!hook) {
      const result = await this.pool.query<{ result: GroupResult }>(query);
      return groupOutcomes(items, slotBase, result.rows[0]!.result);
    }
    return await transaction(this.pool, async (client) => {
      const result = await client.query<{ result: GroupResult }>(query);
      const outcomes = groupOutcomes(items, slotBase, result.rows[0]!.result);
      if (outcomes.some((outcome) => outcome.status === 'appended')) await hook();
      return outcomes;
    });
  }
}
