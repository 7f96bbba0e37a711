import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events.js';
import { CommandHandler } from './command-handler.js';

const context = { actor: { kind: 'cli', user: 'tester' } };

/**
 * Counts the stream reads of a real store (streams read, and calls: one `readStreams` of many
 * streams is one call), to see what the snapshot cache, the guesses and the batched reads save.
 */
function countReads(store: PostgresEventStore): { readonly count: number; readonly calls: number } {
  const read = store.readStream.bind(store);
  const readMany = store.readStreams.bind(store);
  const counter = { count: 0, calls: 0 };
  store.readStream = (...args) => {
    counter.count++;
    counter.calls++;
    return read(...args);
  };
  store.readStreams = (reads) => {
    counter.count += reads.length;
    counter.calls++;
    return readMany(reads);
  };
  return counter;
}

describe('CommandHandler: cold caches, guesses and other processes', () => {
  const db = useTestDatabase('api_commands');
  let store: PostgresEventStore;
  let other: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    other = await PostgresEventStore.connect(db.url);
    const seeded = await new CommandHandler(store).append(
      [
        partnerRegistered('P-K'),
        customerAssociated('C-K', 'P-K'),
        orderPlaced('O-K', 'C-K', '100'),
        orderRefunded('R-K1', 'O-K', '60'),
      ],
      context,
    );
    expect(seeded.kind).toBe('appended');
  });
  afterAll(async () => {
    await store?.close();
    await other?.close();
  });

  it('decides on the stored streams when its cache is cold, whatever it first assumed', async () => {
    const cold = new CommandHandler(store);
    expect(await cold.append([orderRefunded('R-K2', 'O-K', '50')], context)).toMatchObject({
      kind: 'refused',
      rule: 'refund-within-paid',
    });
    expect(await cold.append([orderRefunded('R-K3', 'O-K', '40')], context)).toMatchObject({ kind: 'appended' });
    const again = new CommandHandler(store);
    expect(await again.append([partnerRegistered('P-K')], context)).toMatchObject({
      kind: 'refused',
      rule: 'created-id-is-new',
    });
  });

  it('loads the streams of a whole batch in one read per round, each stream once', async () => {
    const seed = new CommandHandler(store);
    const orders = ['1', '2', '3', '4', '5', '6'];
    expect(
      await seed.append(
        [
          partnerRegistered('P-B'),
          ...orders.map((n) => customerAssociated(`C-B${n}`, 'P-B')),
          ...orders.map((n) => orderPlaced(`O-B${n}`, `C-B${n}`, '100')),
        ],
        context,
      ),
    ).toMatchObject({ kind: 'appended' });
    const reads = countReads(store);
    const cold = new CommandHandler(store, { guessNewStreams: false });
    const outcome = await cold.append(
      orders.flatMap((n) => [orderRefunded(`R-B${n}a`, `O-B${n}`, '10'), orderRefunded(`R-B${n}b`, `O-B${n}`, '20')]),
      context,
    );
    expect(outcome).toMatchObject({ kind: 'appended', appended: 12, attempts: 1 });
    // Round 1: the orders and the refund ids the events name; round 2: the orders' customers;
    // round 3: their partner. Each order is read once although two refunds of it are planned.
    expect(reads.calls).toBe(3);
    expect(reads.count).toBe(6 + 12 + 6 + 1);
  });

  it('reads nothing for a batch that only creates streams', async () => {
    const reads = countReads(store);
    const cold = new CommandHandler(store);
    const outcome = await cold.append(
      [partnerRegistered('P-N'), ...['1', '2', '3'].map((n) => customerAssociated(`C-N${n}`, 'P-N'))],
      context,
    );
    expect(outcome).toMatchObject({ kind: 'appended', appended: 4, attempts: 1 });
    expect(reads.count).toBe(0);
  });

  it('keeps no id marker in its cache, and still refuses an id used twice, in one batch or two', async () => {
    const handler = new CommandHandler(store);
    await handler.append(
      [partnerRegistered('P-M'), customerAssociated('C-M', 'P-M'), orderPlaced('O-M', 'C-M', '100')],
      context,
    );
    expect(await handler.append([orderRefunded('R-M1', 'O-M', '10')], context)).toMatchObject({ kind: 'appended' });
    const reads = countReads(store);
    // The refund's stream was not kept: the plan assumes it new, the store says otherwise, and the
    // event is decided again on the stored stream.
    expect(await handler.append([orderRefunded('R-M1', 'O-M', '10')], context)).toMatchObject({
      kind: 'refused',
      rule: 'created-id-is-new',
    });
    expect(reads.count).toBe(1);
    // Within one batch the planner's own state refuses the second use; a refusal reached on a guess
    // is confirmed on the stored streams (one more read, of the marker).
    expect(
      await handler.append([orderRefunded('R-M2', 'O-M', '10'), orderRefunded('R-M2', 'O-M', '5')], context),
    ).toMatchObject({ kind: 'refused', index: 1, rule: 'created-id-is-new' });
    expect(reads.count).toBe(2);
  });

  it('re-reads only what another process appended after a version conflict, and still enforces invariants', async () => {
    const here = new CommandHandler(store);
    const there = new CommandHandler(other);
    await here.append(
      [partnerRegistered('P-X'), customerAssociated('C-X', 'P-X'), orderPlaced('O-X', 'C-X', '10')],
      context,
    );
    // Both processes have the order cached at the same version.
    expect(await there.append([orderRefunded('R-X1', 'O-X', '3')], context)).toMatchObject({ kind: 'appended' });
    expect(await here.append([orderRefunded('R-X2', 'O-X', '3')], context)).toMatchObject({
      kind: 'appended',
      attempts: 2,
    });
    expect(await there.append([orderRefunded('R-X3', 'O-X', '4.01')], context)).toMatchObject({
      kind: 'refused',
      rule: 'refund-within-paid',
    });
    const reads = countReads(other);
    expect(await there.append([orderRefunded('R-X4', 'O-X', '4')], context)).toMatchObject({ kind: 'appended' });
    expect(reads.count).toBe(0);
  });
});
