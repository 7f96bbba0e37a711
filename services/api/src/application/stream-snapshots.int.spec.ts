import { createPool, type Pool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { type DomainEvent, foldStream, STATE_SHAPE, streamIds } from '@reckon/domain';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, envelope, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events.js';
import { CommandHandler } from './command-handler.js';
import { migrateSnapshots, PostgresSnapshotStore, SNAPSHOTS_TABLE, StreamSnapshots } from './stream-snapshots.js';

const context = { actor: { kind: 'cli', user: 'tester' } };
const FUNDS = streamIds.funds('R');
const EVERY = 10;

/** Events each stream's reads returned (a real store, observed: what a stored state spares). */
function countReadEvents(store: PostgresEventStore): Map<string, number> {
  const readMany = store.readStreams.bind(store);
  const counts = new Map<string, number>();
  store.readStreams = async (reads) => {
    const found = await readMany(reads);
    for (const [streamId, events] of found) counts.set(streamId, (counts.get(streamId) ?? 0) + events.length);
    return found;
  };
  return counts;
}

describe('stored stream snapshots', () => {
  const db = useTestDatabase('api_snapshots');
  let store: PostgresEventStore;
  let pool: Pool;
  const started = async (every = EVERY) => {
    const snapshots = new StreamSnapshots(new PostgresSnapshotStore(pool), { every, refreshMs: 0 });
    await snapshots.start();
    return snapshots;
  };
  const wholeFunds = async () => {
    const events = await store.readStream(FUNDS);
    return { events, folded: foldStream(FUNDS, events as unknown as DomainEvent[]) };
  };

  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    pool = createPool(db.url, { max: 2 });
    await migrateSnapshots(pool);
    // A reseller with 1,000 of funds and a resale customer placing 25 orders of 40: funds spent.
    const saving = await started();
    const writer = new CommandHandler(store, { snapshots: saving });
    const setup = [
      partnerRegistered('D', { tier: 'distributor' }),
      partnerRegistered('R', { tier: 'reseller', parentId: 'D' }),
      envelope('FundsAllocated', {
        allocationId: 'A-1',
        distributorId: 'D',
        resellerId: 'R',
        amount: '1000',
        currency: 'CNY',
      }),
      customerAssociated('C', 'R', 'resale'),
    ];
    expect(await writer.append(setup, context)).toMatchObject({ kind: 'appended' });
    for (let i = 1; i <= 25; i++) {
      expect(await writer.append([orderPlaced(`O-${i}`, 'C', '40')], context)).toMatchObject({ kind: 'appended' });
    }
    await saving.settled();
  });
  afterAll(async () => {
    await store?.close();
    await pool?.end();
  });

  it('stores a long stream state as it grows, equal to folding the stream whole', async () => {
    const snapshots = await started();
    const [stored] = await new PostgresSnapshotStore(pool).load([FUNDS]);
    expect(snapshots.has(FUNDS)).toBe(true);
    const { events, folded } = await wholeFunds();
    expect(events.length).toBe(26); // the allocation and 25 orders
    // Stored every 10 events: at the 20th at the latest (saves go after the answers, newest first).
    expect(stored!.version).toBeGreaterThanOrEqual(20);
    const prefix = foldStream(FUNDS, events.slice(0, stored!.version) as unknown as DomainEvent[]);
    expect(stored!.state).toEqual(prefix.state);
    expect(stored!.lastEventId).toBe(events[stored!.version - 1]!.eventId);
    expect(folded.version).toBe(26);
  });

  it('a new process reads a stream from its stored state on and decides as on the whole stream', async () => {
    const [stored] = await new PostgresSnapshotStore(pool).load([FUNDS]);
    const reads = countReadEvents(store);
    const snapshots = await started();
    const cold = new CommandHandler(store, { snapshots });
    // Funds are spent: one cent more is refused …
    expect(await cold.append([orderPlaced('O-over', 'C', '0.01')], context)).toMatchObject({
      kind: 'refused',
      rule: 'funds-available',
    });
    // … and the funds stream was read from the stored state's last event on, not from its start.
    expect(reads.get(FUNDS)).toBe(26 - stored!.version + 1);
    // Both long streams of the command were read from their stored states: the funds and the customer.
    expect(snapshots.stats()).toMatchObject({ used: 2, discarded: 0, failed: 0 });
    // A refund of an order the state holds returns its cash; exactly that much can be spent again.
    expect(await cold.append([orderRefunded('F-1', 'O-3', '40')], context)).toMatchObject({ kind: 'appended' });
    expect(await cold.append([orderPlaced('O-26', 'C', '40.01')], context)).toMatchObject({
      kind: 'refused',
      rule: 'funds-available',
    });
    expect(await cold.append([orderPlaced('O-26', 'C', '40')], context)).toMatchObject({ kind: 'appended' });
    store.readStreams = PostgresEventStore.prototype.readStreams.bind(store);
  });

  it('does not use a state whose last event is not the log’s (a log emptied and written again)', async () => {
    // A state from before the refund and the 26th order, which would allow 40 more, claims to be current.
    const { events } = await wholeFunds();
    const earlier = foldStream(FUNDS, events.slice(0, 20) as unknown as DomainEvent[]);
    await pool.query(
      `UPDATE ${SNAPSHOTS_TABLE} SET version = $2, last_event_id = 'another-log', state = $3 WHERE stream_id = $1`,
      [FUNDS, events.length, JSON.stringify(earlier.state)],
    );
    const snapshots = await started();
    const cold = new CommandHandler(store, { snapshots });
    expect(await cold.append([orderPlaced('O-27', 'C', '40')], context)).toMatchObject({
      kind: 'refused',
      rule: 'funds-available',
    });
    // Forgotten, and replaced by the state folded from the whole stream (long enough to be stored).
    await snapshots.settled();
    const { events: now, folded } = await wholeFunds();
    const [replaced] = await new PostgresSnapshotStore(pool).load([FUNDS]);
    expect(replaced).toMatchObject({ version: now.length, lastEventId: now.at(-1)!.eventId });
    expect(replaced!.state).toEqual(folded.state);
    // The customer's stored state was still good.
    expect(snapshots.stats()).toEqual({ saved: 1, used: 1, discarded: 1, failed: 0 });
  });

  it('learns of the states other processes store when it reads again which there are', async () => {
    await pool.query(`DELETE FROM ${SNAPSHOTS_TABLE} WHERE stream_id = $1`, [FUNDS]);
    const other = await started();
    expect(other.has(FUNDS)).toBe(false);
    const writer = await started(1);
    // A refund and an order of what it returned: the funds stay spent for the cases after this one.
    const appended = await new CommandHandler(store, { snapshots: writer }).append(
      [orderRefunded('F-4', 'O-6', '1'), orderPlaced('O-29', 'C', '1')],
      context,
    );
    expect(appended).toMatchObject({ kind: 'appended' });
    await writer.settled();
    expect(writer.has(FUNDS)).toBe(true);
    expect(other.has(FUNDS)).toBe(false);
    await other.refresh();
    expect(other.has(FUNDS)).toBe(true);
  });

  it('learns that the states were cleared when it reads again: the next read of a stream stores it anew', async () => {
    const snapshots = await started();
    expect(snapshots.has(FUNDS)).toBe(true);
    await pool.query(`DELETE FROM ${SNAPSHOTS_TABLE}`); // what `reckon snapshots clear` does
    await snapshots.refresh();
    expect(snapshots.has(FUNDS)).toBe(false);
    // A cold handler folds the funds stream whole (one cent more is refused) and stores its state.
    const cold = new CommandHandler(store, { snapshots });
    expect(await cold.append([orderPlaced('O-cleared', 'C', '0.01')], context)).toMatchObject({
      kind: 'refused',
      rule: 'funds-available',
    });
    await snapshots.settled();
    const { events, folded } = await wholeFunds();
    const [stored] = await new PostgresSnapshotStore(pool).load([FUNDS]);
    expect(stored).toMatchObject({ version: events.length, lastEventId: events.at(-1)!.eventId });
    expect(stored!.state).toEqual(folded.state);
  });

  it('ignores states of another shape', async () => {
    expect((await new PostgresSnapshotStore(pool, STATE_SHAPE + 1).versions()).size).toBe(0);
    expect(await new PostgresSnapshotStore(pool, STATE_SHAPE + 1).load([FUNDS])).toEqual([]);
    expect((await new PostgresSnapshotStore(pool).versions()).get(FUNDS)).toBeGreaterThan(0);
  });

  it('decides on the whole stream when the stored states cannot be read', async () => {
    const away = createPool(db.url, { max: 1 });
    const errors: unknown[] = [];
    const snapshots = new StreamSnapshots(new PostgresSnapshotStore(away), {
      refreshMs: 0,
      onError: (e) => errors.push(e),
    });
    await snapshots.start();
    expect(snapshots.has(FUNDS)).toBe(true);
    await away.end();
    const cold = new CommandHandler(store, { snapshots });
    expect(await cold.append([orderPlaced('O-28', 'C', '0.01')], context)).toMatchObject({
      kind: 'refused',
      rule: 'funds-available',
    });
    expect(await cold.append([orderRefunded('F-3', 'O-5', '0.01')], context)).toMatchObject({ kind: 'appended' });
    expect(await cold.append([orderPlaced('O-28', 'C', '0.01')], context)).toMatchObject({ kind: 'appended' });
    await snapshots.settled();
    expect(errors.length).toBeGreaterThan(0);
    expect(snapshots.stats().failed).toBe(errors.length);
  });
});
