/**
 * Projection specifications that read given / when / then (after Emmett's projection specs):
 *
 * ```ts
 * const spec = useProjectionSpecs('incentives');
 * it('adds the tier bonus once the net reaches minNet', () =>
 *   spec
 *     .given(partner('P1', 'silver'), associate('C1', 'P1', 'resale'), rules, order('O1', …))
 *     .when(order('O2', …))
 *     .thenAnswer(async (h) => expect(await getStatement(h.pool, …)).toMatchObject(…)));
 *
 * spec.given(…).when(…).thenRows('rm_incentives.partner_period_net', { columns: ['partner_id', 'net'] }, [['P1', '1000.00000000']]);
 * ```
 *
 * Each spec runs alone in a fresh database, a copy of a template the file migrates once (event
 * store, every projection, and whatever `setup` adds), so nothing one spec appends is seen by
 * another. Every `given(…)` is one append (one stream) followed by running every projection to the
 * head of the log; `when(…)` is the last such step, so what the spec is about arrives in a batch
 * of its own, after the state the givens built (a tier shift, a freeze at close, a rebuild
 * happen to stored rows, as they do live); `givenDone` is a step that is not an event (a statement
 * rebuild). `thenAnswer` checks an answer (any read through the harness) or `thenRows` the rows of
 * a table. (Not `then`: a builder with a `then` would be taken for a promise by `await`.)
 */
import { randomBytes } from 'node:crypto';
import { connectClient, createTestDatabase, dropDatabase, type TestDatabase, withDatabase } from '@reckon/database';
import { testServerUrl } from '@reckon/database/vitest';
import type { NewEvent } from '@reckon/event-store';
import pg from 'pg';
import { afterAll, beforeAll, expect } from 'vitest';
import { type Harness, openHarness } from './harness.js';

export interface ProjectionSpecOptions {
  /** Business time zone of the projections (the harness default: Asia/Shanghai). */
  billingTz?: string;
  /** More to create in the template, e.g. the statement drafts' table. */
  setup?: (h: Harness) => Promise<void>;
}

/** A table's rows as `thenRows` compares them: chosen columns, values as PostgreSQL prints them. */
export interface RowsQuery {
  /** Columns to compare (in this order); they are selected as text (`numeric` 30.00000000 as is). */
  columns: readonly string[];
  /** A condition on the rows (SQL), e.g. `partner_id = 'P1'`. */
  where?: string;
  /** Order of the rows (SQL); the columns in order by default. */
  orderBy?: string;
}

/** A step of a spec that is not an event: a command of the read side (a statement rebuild, …). */
export type SpecAction = (h: Harness) => Promise<void>;

export class SpecBuilder {
  private readonly steps: (NewEvent[] | SpecAction)[] = [];

  constructor(private readonly open: () => Promise<{ h: Harness; done: () => Promise<void> }>) {}

  /** Events that happened before: appended together (one stream), then projected to the head. */
  given(...events: NewEvent[]): SpecBuilder {
    this.steps.push(events);
    return this;
  }

  /** Something done before that is not an event (e.g. rebuilding a statement's draft), after the givens so far. */
  givenDone(action: SpecAction): SpecBuilder {
    this.steps.push(action);
    return this;
  }

  /** The events the spec is about: appended after every given, projected in a batch of their own. */
  when(...events: NewEvent[]): SpecBuilder {
    this.steps.push(events);
    return this;
  }

  /** Runs the steps in a fresh database and checks what `check` reads through the harness. */
  async thenAnswer(check: (h: Harness) => Promise<void>): Promise<void> {
    const { h, done } = await this.open();
    try {
      for (const step of this.steps) {
        if (typeof step === 'function') {
          await step(h);
          continue;
        }
        if (step.length > 0) await h.append(step);
        await h.project();
      }
      await check(h);
    } finally {
      await done();
    }
  }

  /**
   * Runs the steps and checks the rows of `table` (`schema.table`): exactly `rows`, each given as
   * its values of `query.columns` in that order, compared as the text PostgreSQL gives.
   */
  thenRows(table: string, query: RowsQuery, rows: readonly (readonly (string | null)[])[]): Promise<void> {
    return this.thenAnswer(async (h) => {
      expect(await readRows(h, table, query)).toEqual(rows);
    });
  }
}

/** Rows of a table as text values of the chosen columns (for `thenRows` and for reading alone). */
export async function readRows(h: Harness, table: string, query: RowsQuery): Promise<(string | null)[][]> {
  const columns = query.columns.map((c) => pg.escapeIdentifier(c));
  const result = await h.pool.query({
    text: `SELECT ${columns.map((c) => `${c}::text`).join(', ')} FROM ${table}
            ${query.where ? `WHERE ${query.where}` : ''} ORDER BY ${query.orderBy ?? columns.join(', ')}`,
    rowMode: 'array',
  });
  return result.rows as (string | null)[][];
}

/**
 * Gives the calling test file given / when / then projection specs (see the module comment). The
 * template is made in `beforeAll` and dropped in `afterAll`; each spec's database is dropped when
 * its `thenAnswer` returns.
 */
export function useProjectionSpecs(
  label: string,
  options: ProjectionSpecOptions = {},
): { given(...events: NewEvent[]): SpecBuilder } {
  let template: TestDatabase | undefined;
  beforeAll(async () => {
    template = await createTestDatabase(testServerUrl(), `${label}_tpl`);
    const h = await openHarness(template.url, options.billingTz);
    try {
      await options.setup?.(h);
    } finally {
      await h.close();
    }
  });
  afterAll(async () => {
    await template?.drop();
  });

  const open = async () => {
    const admin = testServerUrl();
    if (!template) throw new Error('useProjectionSpecs(): a spec ran before beforeAll');
    const name = `${template.name.slice(0, 40)}_${randomBytes(4).toString('hex')}`;
    const client = await connectClient(admin, { applicationName: 'reckon-spec' });
    try {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template.name)}`);
    } finally {
      await client.end();
    }
    const h = await openHarness(withDatabase(admin, name), options.billingTz);
    return {
      h,
      done: async () => {
        await h.close();
        await dropDatabase(admin, name);
      },
    };
  };
  return { given: (...events: NewEvent[]) => new SpecBuilder(open).given(...events) };
}
