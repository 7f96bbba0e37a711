import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events.js';
import { CommandHandler } from './command-handler.js';

const context = { actor: { kind: 'cli', user: 'tester' } };

/** Counts the stream reads of a real store, to see what the snapshot cache and the guesses save. */
function countReads(store: PostgresEventStore): { readonly count: number } {
  const read = store.readStream.bind(store);
  const counter = { count: 0 };
  store.readStream = (...args) => {
    counter.count++;
    return read(...args);
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
