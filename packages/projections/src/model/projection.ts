import type { EventType } from '@reckon/domain';
import type { PoolClient } from 'pg';
import type { KnownEvent } from '../events.js';
import type { ProjectionContext, ProjectionDefinition, ProjectionHandler, ProjectionMigration } from '../projection.js';
import { type Changes, emptyChanges } from '../write/changes.js';
import { flushTable } from '../write/flush.js';
import { appendJournal, journalDdl, settleSql } from '../write/journal.js';
import { keptLogged, type Table, tableDdl } from './table.js';

/** A known event of one type. */
export type EventOf<K extends EventType> = Extract<KnownEvent, { type: K }>;

/**
 * What a projection knows beyond the event in hand while it folds (who a customer was associated
 * with when, an order's customer, the closed periods…): loaded for a batch before it is folded
 * (`load`, the only I/O), moved forward by each event before the folds read it (`evolve`).
 */
export interface Facts {
  load(client: PoolClient, events: readonly KnownEvent[]): Promise<void>;
  evolve(event: KnownEvent): void;
  /**
   * The tables are empty (the projection starts from position 0, e.g. a rebuild): whatever is not
   * in memory is not in the tables either, so `load` reads nothing until something is evicted.
   */
  startFromZero(): void;
  /** The batch committed: trim what is kept in memory. */
  committed(): void;
  /** The batch failed or the tables changed underneath: forget everything. */
  reset(): void;
}

/** A pure fold: from the event and the facts as of it, the row changes it makes. */
export type Fold<K extends EventType, F, Ts extends Readonly<Record<string, Table>>> = (
  event: EventOf<K>,
  facts: F,
  out: Changes<Ts>,
) => void;

/**
 * What a projection does with every event type of the catalogue: a fold, or `'ignore'`. A Record
 * over the domain's `EventType`: a new event type fails to compile until every projection says.
 */
export type Handlers<F, Ts extends Readonly<Record<string, Table>>> = {
  readonly [K in EventType]: Fold<K, F, Ts> | 'ignore';
};

export interface ProjectionDeclaration<Ts extends Readonly<Record<string, Table>>, F extends Facts> {
  name: string;
  /** The live PostgreSQL schema (a stable contract, docs/read-models.md). */
  schema: string;
  /**
   * The version of the tables. A database at an older one is upgraded by `upgrades` where one
   * is given for that version (in place, keeping the rows); else its tables are dropped, created
   * from the definition, and the projection replays the log from position 0.
   */
  version: number;
  /** In-place upgrades of databases made by earlier versions (their version 1 creates the tables). */
  upgrades?: readonly ProjectionMigration[];
  tables: Ts;
  facts(context: ProjectionContext): F;
  on: Handlers<F, Ts>;
}

export interface DeclaredProjection<Ts extends Readonly<Record<string, Table>> = Readonly<Record<string, Table>>>
  extends ProjectionDefinition {
  readonly declared: { tables: Ts; version: number };
}

/** The tables of a projection as DDL (the checkpoint table aside). */
export function projectionDdl(
  schema: string,
  tables: Readonly<Record<string, Table>>,
  options: { unlogged?: boolean; indexes?: boolean } = {},
): string {
  return Object.values(tables)
    .map((t) => tableDdl(schema, t, options))
    .join('\n');
}

/** `verify`'s table list (ProjectionDefinition.tables) from declared tables. */
export function tableList(tables: Readonly<Record<string, Table>>): ProjectionDefinition['tables'] {
  return Object.values(tables).map((t) => ({ name: t.name, key: t.key, keptLogged: keptLogged(t) }));
}

/** Drops every table of a projection's schema but its checkpoint, which goes back to position 0. */
function recreateSql(schema: string, tables: Readonly<Record<string, Table>>): string {
  return `DO $$ DECLARE r record; BEGIN
      FOR r IN SELECT tablename FROM pg_tables WHERE schemaname = '${schema}' AND tablename <> 'checkpoint' LOOP
        EXECUTE format('DROP TABLE %I.%I CASCADE', '${schema}', r.tablename);
      END LOOP;
    END $$;
    ${projectionDdl(schema, tables)}
    UPDATE ${schema}.checkpoint SET position = 0, last_recorded_at = NULL, generation = gen_random_uuid()::text,
      updated_at = now();`;
}

class DeclaredHandler<Ts extends Readonly<Record<string, Table>>, F extends Facts> implements ProjectionHandler {
  private readonly facts: F;
  /** The write-only tables journaled until `settle` (a replay from position 0 only). */
  private journaled: readonly Table[] = [];
  private journalsMade = false;
  private batches = 0;

  constructor(
    private readonly declaration: ProjectionDeclaration<Ts, F>,
    private readonly schema: string,
    private readonly context: ProjectionContext,
  ) {
    this.facts = declaration.facts(context);
  }

  start(position: number): void {
    if (position === 0) this.facts.startFromZero();
    // Journals only over tables that start empty; a replay resumed elsewhere writes as usual.
    if (this.context.journal && position === 0 && this.batches === 0) {
      this.journaled = Object.values(this.declaration.tables).filter((t) => t.options.writeOnly);
    }
  }

  async apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    const { facts } = this;
    await facts.load(client, events);
    const out = emptyChanges(this.declaration.tables);
    const on = this.declaration.on as Readonly<Record<string, Fold<EventType, F, Ts> | 'ignore'>>;
    for (const event of events) {
      facts.evolve(event);
      const fold = on[event.type]!;
      if (fold !== 'ignore') fold(event as EventOf<EventType>, facts, out);
    }
    const batch = ++this.batches;
    if (this.journaled.length > 0 && !this.journalsMade) {
      // IF NOT EXISTS: a batch that rolled back may have made them already, or not.
      await client.query(this.journaled.map((t) => journalDdl(this.schema, t)).join(';\n'));
    }
    for (const changes of Object.values(out)) {
      if (this.journaled.includes(changes.table)) await appendJournal(client, this.schema, changes, batch);
      else await flushTable(client, this.schema, changes);
    }
  }

  async settle(client: PoolClient): Promise<void> {
    // No batch committed: no journal, nothing to fold.
    if (this.journalsMade) for (const t of this.journaled) await client.query(settleSql(this.schema, t));
    this.journaled = [];
  }

  committed(): void {
    if (this.journaled.length > 0) this.journalsMade = true;
    this.facts.committed();
  }

  reset(): void {
    this.facts.reset();
  }
}

/**
 * A projection from its declaration: the migrations, `verify`'s table list and the handler the
 * runner drives (facts loaded, events folded into row changes, one batch write) are derived.
 */
export function defineProjection<Ts extends Readonly<Record<string, Table>>, F extends Facts>(
  declaration: ProjectionDeclaration<Ts, F>,
): DeclaredProjection<Ts> {
  const { tables, version } = declaration;
  const upgrades = declaration.upgrades ?? [];
  const last = upgrades.reduce((max, m) => Math.max(max, m.version), 0);
  const migrations: ProjectionMigration[] =
    upgrades.length === 0
      ? [{ version, name: 'tables as declared', sql: (s) => projectionDdl(s, tables) }]
      : version > last
        ? [...upgrades, { version, name: 'tables as declared, replayed', sql: (s) => recreateSql(s, tables) }]
        : [...upgrades];
  return {
    name: declaration.name,
    schema: declaration.schema,
    migrations,
    tables: tableList(tables),
    createTables: (schema) => projectionDdl(schema, tables),
    create: (context) => new DeclaredHandler(declaration, context.schema, context),
    declared: { tables, version },
  };
}
