import { EVENT_TYPES } from '@reckon/domain';
import { describe, expect, it } from 'vitest';
import { amount, position, text } from './columns.js';
import { defineProjection, type Facts, type Handlers } from './projection.js';
import { table } from './table.js';

const tables = {
  totals: table('totals', { customer_id: text().key(), total: amount().add(), last_position: position() }),
  entries: table('entries', { position: position().key(), amount: amount() }, { appended: true }),
} as const;

const noFacts: Facts = {
  load: async () => {},
  evolve: () => {},
  startFromZero: () => {},
  committed: () => {},
  reset: () => {},
};

/** Every event type ignored but OrderPlaced (the map a definition must give). */
const on = Object.fromEntries(EVENT_TYPES.map((t) => [t, 'ignore'])) as Handlers<Facts, typeof tables>;

describe('defineProjection', () => {
  it('must say what it does with every event type of the catalogue (checked by the compiler)', () => {
    const { OrderPlaced: _placed, ...missingOne } = on;
    // @ts-expect-error OrderPlaced is missing: a projection must fold or ignore it.
    const incomplete: Handlers<Facts, typeof tables> = missingOne;
    expect(Object.keys(incomplete)).toHaveLength(EVENT_TYPES.length - 1);
  });

  it('derives the migrations, the verify table list and the DDL from the definition', () => {
    const fresh = defineProjection({ name: 't', schema: 'rm_t', version: 1, tables, facts: () => noFacts, on });
    expect(fresh.migrations.map((m) => m.version)).toEqual([1]);
    expect(fresh.migrations[0]!.sql('s')).toContain(
      'CREATE TABLE s.totals (\n  customer_id text NOT NULL,\n  total numeric(38,8) NOT NULL,\n  last_position bigint NOT NULL,\n  PRIMARY KEY (customer_id)\n);',
    );
    // Appended tables a rebuild fills logged; the others unlogged, made logged at the end.
    expect(fresh.tables).toEqual([
      { name: 'totals', key: ['customer_id'], keptLogged: false },
      { name: 'entries', key: ['position'], keptLogged: true },
    ]);

    // A version above the last in-place upgrade recreates the tables and replays from 0.
    const bumped = defineProjection({
      name: 't',
      schema: 'rm_t',
      version: 3,
      upgrades: [
        { version: 1, name: 'v1', sql: (s) => `CREATE TABLE ${s}.totals (customer_id text PRIMARY KEY);` },
        { version: 2, name: 'v2', sql: (s) => `ALTER TABLE ${s}.totals ADD COLUMN total numeric;` },
      ],
      tables,
      facts: () => noFacts,
      on,
    });
    expect(bumped.migrations.map((m) => m.version)).toEqual([1, 2, 3]);
    const recreate = bumped.migrations[2]!.sql('s');
    expect(recreate).toContain('DROP TABLE %I.%I CASCADE');
    expect(recreate).toContain('CREATE TABLE s.totals');
    expect(recreate).toContain('UPDATE s.checkpoint SET position = 0');
  });
});
