import type { Pool, PoolClient } from 'pg';
import type { AssociationHistories } from './context/associations.js';
import type { KnownEvent } from './events.js';

export interface ProjectionContext {
  /** The PostgreSQL schema the projection writes into (its live schema, or a scratch copy). */
  schema: string;
  /** IANA zone of billing periods (`RECKON_BILLING_TZ`). */
  billingTz: string;
  /**
   * The tables start empty and nothing but this projection reads them until `settle` (a rebuild's
   * or verify's replay into a scratch schema): write-only tables may be journaled (write/journal.ts),
   * and incentives holds a live statement's lines in memory until it stops being live.
   */
  journal?: boolean;
  /**
   * The customers' association histories, shared by the projections a replay builds together from
   * position 0 (one copy in memory instead of one per projection that books by partner).
   */
  associations?: AssociationHistories;
  /**
   * A queued replay's pool (ProjectionApplier, `commitQueued`): context a cache lacks may be read
   * through it instead of the batch's connection, where the read would wait behind the writes of
   * the batch still in flight. It sees committed rows only, which is enough: a `RowCache` keeps
   * every row the batch in flight wrote, so a row it lacks was written by a committed batch.
   */
  committedReads?: Queryable;
}

/** What runs a read: a pool or one of its clients. */
export type Queryable = Pick<PoolClient | Pool, 'query'>;

/** The in-memory side of one projection: folds batches into its tables, keeps bounded caches. */
export interface ProjectionHandler {
  /**
   * Folds a batch (known events, in log order, right after the checkpoint) into the tables, inside
   * the caller's transaction. Throws `ProjectionError` for what it cannot place.
   */
  apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void>;
  /**
   * A handler that returns from `apply` with writes still queued on the client (a replay's, so that
   * its next batch folds meanwhile): resolves once they are done, throws the first that failed.
   */
  written?(): Promise<void>;
  /** The checkpoint was read (first batch, or after `reset`): the next batch follows `position`. */
  start?(position: number): void;
  /**
   * Makes the tables whole before anyone reads them (folds the journals of a replay, in the
   * caller's transaction); later batches are written straight into the tables.
   */
  settle?(client: PoolClient): Promise<void>;
  /** The batch's transaction committed: what was written is now the truth; trim caches. */
  committed(): void;
  /** The batch failed or the tables changed underneath: forget every cached row. */
  reset(): void;
}

export interface ProjectionMigration {
  version: number;
  name: string;
  /** DDL run with the projection's schema as `schema` (its live schema or a scratch copy). */
  sql(schema: string): string;
}

export interface ProjectionDefinition {
  /** Name used by `reckon rebuild <name>`, in logs and in lag reports. */
  name: string;
  /** The live PostgreSQL schema that holds its tables (a stable contract, see docs/read-models.md). */
  schema: string;
  migrations: readonly ProjectionMigration[];
  /**
   * Tables that `reckon verify` compares, each with the columns of its key (its sort order), and
   * whether a rebuild keeps it logged while its replay fills it (`keptLogged` in model/table.ts: a
   * table the replay mostly appends to; the others are filled unlogged and made logged at the end).
   */
  tables: readonly { name: string; key: readonly string[]; keptLogged?: boolean }[];
  /**
   * The DDL of the current tables (a declared projection derives it from its definition): a
   * rebuild's or verify's scratch copy is created from it rather than by replaying the migrations.
   */
  createTables?(schema: string): string;
  create(context: ProjectionContext): ProjectionHandler;
}
