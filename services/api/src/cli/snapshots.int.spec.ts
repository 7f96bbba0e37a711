import { createPool, type Pool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { type DomainEvent, foldStream, streamIds } from '@reckon/domain';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../application/command-handler.js';
import {
  migrateSnapshots,
  PostgresSnapshotStore,
  SNAPSHOTS_TABLE,
  StreamSnapshots,
} from '../application/stream-snapshots.js';
import { cliContext } from '../testing/cli.js';
import { customerAssociated, orderPlaced, partnerRegistered } from '../testing/events.js';
import { snapshotsCommand } from './snapshots.js';

const CUSTOMER = streamIds.customer('C-V');

describe('reckon snapshots verify|clear', () => {
  const db = useTestDatabase('cli_snapshots');
  let store: PostgresEventStore;
  let pool: Pool;
  const run = async (...args: string[]) => {
    const ctx = cliContext(db.url, store);
    const code = await snapshotsCommand(args, ctx);
    return { code, out: ctx.stdout.text(), err: ctx.stderr.text() };
  };

  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    pool = createPool(db.url, { max: 1 });
    await migrateSnapshots(pool);
    const snapshots = new StreamSnapshots(new PostgresSnapshotStore(pool), { every: 2, refreshMs: 0 });
    await snapshots.start();
    const commands = new CommandHandler(store, { snapshots });
    const context = { actor: { kind: 'cli', user: 'tester' } };
    expect(await commands.append([partnerRegistered('P-V'), customerAssociated('C-V', 'P-V')], context)).toMatchObject({
      kind: 'appended',
    });
    for (const id of ['O-V1', 'O-V2', 'O-V3']) {
      expect(await commands.append([orderPlaced(id, 'C-V', '10')], context)).toMatchObject({ kind: 'appended' });
    }
    await snapshots.settled();
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
  });

  it('finds every stored state equal to its stream’s fold', async () => {
    const { code, out } = await run('verify');
    expect(code).toBe(0);
    expect(out).toMatch(/^1 stored states checked: 1 equal their stream's fold, 0 differ, 0 not of this log$/m);
  });

  it('names a state that differs from its stream’s fold (exit 1) and one not of this log (exit 0)', async () => {
    const events = await store.readStream(CUSTOMER);
    const earlier = foldStream(CUSTOMER, events.slice(0, 2) as unknown as DomainEvent[]);
    const { rows } = await pool.query(`SELECT state::text AS state FROM ${SNAPSHOTS_TABLE} WHERE stream_id = $1`, [
      CUSTOMER,
    ]);
    await pool.query(`UPDATE ${SNAPSHOTS_TABLE} SET state = $2 WHERE stream_id = $1`, [
      CUSTOMER,
      JSON.stringify(earlier.state),
    ]);
    const differs = await run('verify');
    expect(differs.code).toBe(1);
    expect(differs.out).toContain(`${CUSTOMER} at version`);
    expect(differs.out).toContain('differs from its stream');
    expect(differs.out).toMatch(/1 stored states checked: 0 equal their stream's fold, 1 differ/);

    await pool.query(`UPDATE ${SNAPSHOTS_TABLE} SET state = $2::json, last_event_id = 'another' WHERE stream_id = $1`, [
      CUSTOMER,
      rows[0].state,
    ]);
    const other = await run('verify');
    expect(other.code).toBe(0);
    expect(other.out).toContain('a log written again');
    expect(other.out).toMatch(/0 differ, 1 not of this log/);
  });

  it('clears them, and refuses what it does not know', async () => {
    const cleared = await run('clear');
    expect(cleared.code).toBe(0);
    expect(cleared.out).toMatch(/^cleared 1 stored states/);
    expect((await run('verify')).out).toMatch(/^0 stored states checked/m);
    expect((await run()).code).toBe(2);
    expect((await run('purge')).err).toContain('expected verify or clear, got purge');
    expect((await run('verify', 'extra')).code).toBe(2);
  });
});
