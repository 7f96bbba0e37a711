/**
 * Small requests arriving together are decided and appended as one group (`groupRequestsUpTo`):
 * each must get the answer it would get alone, in arrival order: appended with its own positions,
 * refused with its own rule and index, an idempotent repeat, an id conflict; and a twin of an
 * earlier request of the same group is a repeat of it.
 */
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events.js';
import { type AppendOutcome, CommandHandler } from './command-handler.js';

const context = { actor: { kind: 'cli', user: 'tester' } };

describe('CommandHandler: concurrent small requests in groups', () => {
  const db = useTestDatabase('api_command_groups');
  let store: PostgresEventStore;
  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('answers each request of a group as if it came alone, in arrival order', async () => {
    const handler = new CommandHandler(store);
    const seeded = await handler.append(
      [partnerRegistered('P-G'), customerAssociated('C-G', 'P-G'), orderPlaced('O-G', 'C-G', '100')],
      context,
    );
    expect(seeded).toMatchObject({ kind: 'appended', appended: 3 });
    const stored = orderRefunded('R-G0', 'O-G', '10');
    expect(await handler.append([stored], context)).toMatchObject({ kind: 'appended' });

    // The first request goes alone; the ones sent while it is decided form the next group.
    const lone = handler.append([orderRefunded('R-G1', 'O-G', '5')], context);
    const twin = orderRefunded('R-G2', 'O-G', '20');
    const requests: unknown[][] = [
      [twin], // appended
      [orderRefunded('R-G3', 'O-G', '50')], // appended: 10 + 5 + 20 + 50 = 85 of 100
      [orderRefunded('R-G4', 'O-G', '16')], // refused: 15 left
      [orderPlaced('O-G2', 'C-G', '7'), orderRefunded('R-G5', 'O-G2', '8')], // refused at index 1
      [stored], // an idempotent repeat
      [{ ...stored, data: { ...(stored.data as object), amount: '11' } }], // same id, other content
      [twin], // a twin of the first request of the group: a repeat of it
      [orderRefunded('R-G6', 'O-G', '15')], // appended: exactly what is left
      [orderPlaced('O-G3', 'C-G', '30')], // appended
    ];
    const append = store.appendToStreams.bind(store);
    let appends = 0;
    store.appendToStreams = (...args) => {
      appends += 1;
      return append(...args);
    };
    const outcomes = await Promise.all(requests.map((events) => handler.append(events, context)));
    expect(await lone).toMatchObject({ kind: 'appended', appended: 1 });
    store.appendToStreams = append;
    // The lone request's append and the group's one: the four appended requests share it.
    expect(appends).toBe(2);
    const [a, b, refused, refusedAt1, repeat, conflict, twinAgain, c, d] = outcomes as AppendOutcome[];
    expect(a).toMatchObject({ kind: 'appended', appended: 1, duplicates: 0 });
    expect(b).toMatchObject({ kind: 'appended', appended: 1 });
    expect(refused).toMatchObject({ kind: 'refused', rule: 'refund-within-paid', index: 0 });
    expect(refusedAt1).toMatchObject({ kind: 'refused', rule: 'refund-within-paid', index: 1 });
    expect(repeat).toMatchObject({ kind: 'appended', appended: 0, duplicates: 1 });
    expect(conflict).toMatchObject({ kind: 'conflict', index: 0, eventId: stored.eventId });
    expect(twinAgain).toMatchObject({ kind: 'appended', appended: 0, duplicates: 1 });
    expect(c).toMatchObject({ kind: 'appended', appended: 1 });
    expect(d).toMatchObject({ kind: 'appended', appended: 1 });

    // Each answer names the position of its own event; a repeat names the original's.
    const byId = await store.readEventsById([stored.eventId, twin.eventId]);
    const positionOf = (outcome: AppendOutcome | undefined) =>
      outcome?.kind === 'appended' ? outcome.lastPosition : Number.NaN;
    expect(positionOf(a)).toBe(byId.get(twin.eventId)?.globalPosition);
    expect(positionOf(twinAgain)).toBe(byId.get(twin.eventId)?.globalPosition);
    expect(positionOf(repeat)).toBe(byId.get(stored.eventId)?.globalPosition);
    const appended = [a, b, c, d].map(positionOf);
    expect(new Set(appended).size).toBe(4);
    for (const position of appended) {
      const [event] = await collect(store, position);
      expect(event?.globalPosition).toBe(position);
    }

    // The log holds each refund once, and the order's refunds total what was paid.
    const orderStream = await store.readStream('order-O-G');
    const refunds = orderStream.filter((event) => event.type === 'OrderRefunded');
    expect(refunds.map((event) => (event.data as { refundId: string }).refundId).sort()).toEqual([
      'R-G0',
      'R-G1',
      'R-G2',
      'R-G3',
      'R-G6',
    ]);
  });

  it('decides the next requests while a group is appended; one on a stream that group writes is decided after it', async () => {
    const handler = new CommandHandler(store);
    await handler.append(
      [
        partnerRegistered('P-H'),
        customerAssociated('C-H', 'P-H'),
        customerAssociated('C-H2', 'P-H'),
        customerAssociated('C-H3', 'P-H'),
        orderPlaced('O-H', 'C-H', '100'),
      ],
      context,
    );
    const append = store.appendToStreams.bind(store);
    const calls: string[][] = [];
    let open!: () => void;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    store.appendToStreams = async (requests, options) => {
      calls.push(requests.map((request) => request.streamId));
      if (calls.length === 2) await gate; // the group's append waits
      return append(requests, options);
    };
    try {
      // The first goes alone; the two sent meanwhile form a group, whose append is held.
      const first = handler.append([orderRefunded('R-H1', 'O-H', '60')], context);
      const grouped = [
        handler.append([orderRefunded('R-H2', 'O-H', '30')], context),
        handler.append([orderPlaced('O-H2', 'C-H2', '5')], context),
      ];
      await until(() => calls.length === 2);
      // While that append is held, the next requests are decided: one on other streams is appended
      // at once; one on the order the group refunds waits for the group, and is decided on its result.
      const other = handler.append([orderPlaced('O-H3', 'C-H3', '7')], context);
      const sameOrder = handler.append([orderRefunded('R-H3', 'O-H', '20')], context); // 60 + 30 + 20 > 100
      await until(() => calls.length === 3);
      expect(calls[2], 'appended while the group before it is held').toContain('order-O-H3');
      open();
      expect(await first).toMatchObject({ kind: 'appended', appended: 1 });
      for (const outcome of await Promise.all(grouped))
        expect(outcome).toMatchObject({ kind: 'appended', appended: 1 });
      expect(await other).toMatchObject({ kind: 'appended', appended: 1 });
      expect(await sameOrder).toMatchObject({ kind: 'refused', rule: 'refund-within-paid', index: 0 });
    } finally {
      open();
      store.appendToStreams = append;
    }
    const refunds = (await store.readStream('order-O-H')).filter((event) => event.type === 'OrderRefunded');
    expect(refunds.map((event) => (event.data as { refundId: string }).refundId)).toEqual(['R-H1', 'R-H2']);
  });
});

async function collect(store: PostgresEventStore, position: number) {
  for await (const batch of store.readAll({ fromPosition: position - 1, batchSize: 1 })) return batch;
  return [];
}

async function until(condition: () => boolean, ms = 5000): Promise<void> {
  for (const deadline = Date.now() + ms; !condition(); ) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
