import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { createPool } from '@reckon/database';
import { useTestDatabase } from '@reckon/database/vitest';
import { DuplicateEventIdError, type StoredEvent, WrongExpectedVersionError } from '@reckon/event-store';
import { newEvent } from '@reckon/event-store/contract';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { PostgresEventStore, type PostgresEventStoreOptions } from '../postgresEventStore.js';

const event = (data: Record<string, string> = {}) => newEvent('Probe', data);

/**
 * Stores that share appends (`shareAppends`): one leads and appends the others' calls in its own
 * transactions. Each case runs on a database of its own, so that it elects its own leader.
 */
describe('PostgresEventStore with shareAppends', () => {
  const databases = [
    useTestDatabase('event_store_leader_a'),
    useTestDatabase('event_store_leader_b'),
    useTestDatabase('event_store_leader_c'),
    useTestDatabase('event_store_leader_d'),
  ];
  const open: PostgresEventStore[] = [];
  const connect = async (url: string, options: PostgresEventStoreOptions = {}) => {
    const store = await PostgresEventStore.connect(url, { shareAppends: true, ...options });
    open.push(store);
    return store;
  };
  afterAll(async () => {
    await Promise.all(open.map((store) => store.close()));
  });

  it("one store leads; another's calls are appended in the leader's transactions, with the same results and errors", async () => {
    let leaderTransactions = 0;
    const leader = await connect(databases[0]!.url, {
      beforeCommit: async () => {
        leaderTransactions += 1;
      },
    });
    const follower = await connect(databases[0]!.url);
    expect([leader.appendRole, follower.appendRole]).toEqual(['leader', 'follower']);

    const streamId = `order-${randomUUID()}`;
    const first = [event({ n: '1' }), event({ n: '2' })];
    const result = await follower.appendToStream(streamId, first, { expectedVersion: 'no_stream' });
    expect(result).toMatchObject({ appended: 2, duplicates: 0, streamVersions: { [streamId]: 2 } });
    expect(leaderTransactions).toBe(1);
    const stored = await follower.readStream(streamId);
    expect(stored.map((e) => e.eventId)).toEqual(first.map((e) => e.eventId));
    expect(result.lastPosition).toBe(stored[1]!.globalPosition);

    // A repeat is answered as the original was; errors arrive as the port's own classes.
    expect(await follower.appendToStream(streamId, first, { expectedVersion: 'no_stream' })).toMatchObject({
      appended: 0,
      duplicates: 2,
      lastPosition: result.lastPosition,
    });
    const stale = follower.appendToStream(streamId, [event()], { expectedVersion: 1 });
    await expect(stale).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await expect(stale).rejects.toMatchObject({ streamId, expected: 1, actual: 2 });
    const clash = follower.appendToStream(streamId, [{ ...first[0]!, data: { n: 'other' } }]);
    await expect(clash).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(clash).rejects.toMatchObject({ eventId: first[0]!.eventId, storedIn: streamId });
    await expect(
      follower.appendToStreams([
        { streamId, events: [event()] },
        { streamId, events: [event()] },
      ]),
    ).rejects.toThrow(TypeError);

    // Concurrent calls of both stores leave together: fewer transactions than calls.
    const before = leaderTransactions;
    const [leaderBefore, followerBefore] = [leader.appendStats(), follower.appendStats()];
    const many = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        (n % 2 ? follower : leader).appendToStream(`many-${n}-${randomUUID()}`, [event()]),
      ),
    );
    expect(many.every((r) => r.appended === 1)).toBe(true);
    expect(leaderTransactions - before).toBeLessThan(40);
    // The stores count it so (exported at /metrics): the leader sent all 40 in as many transactions
    // as the hook saw; the follower sent its 20 to the leader and none to the database.
    const [leaderAfter, followerAfter] = [leader.appendStats(), follower.appendStats()];
    expect(leaderAfter.calls - leaderBefore.calls).toBe(40);
    expect(leaderAfter.transactions - leaderBefore.transactions).toBe(leaderTransactions - before);
    expect(leaderAfter.forwarded).toBe(0);
    expect(followerAfter.forwarded - followerBefore.forwarded).toBe(20);
    expect(followerAfter.calls).toBe(followerBefore.calls);
    expect(follower.appendRole).toBe('follower');
  });

  it('a follower whose leader goes away loses no call, appends alone, then takes the lead', async () => {
    const url = databases[1]!.url;
    const leader = await PostgresEventStore.connect(url, { shareAppends: true });
    const told: string[] = [];
    const follower = await connect(url, { onAppendRole: (role, address) => told.push(`${role} ${address ?? '-'}`) });
    expect(follower.appendRole).toBe('follower');
    const streamId = `funds-${randomUUID()}`;
    const events = Array.from({ length: 60 }, (_, n) => event({ n: String(n) }));
    // Calls in flight while the leader closes: answered by it, or appended again by the follower.
    const calls = events.map((e) => follower.appendToStream(streamId, [e]));
    await leader.close();
    const results = await Promise.all(calls);
    expect(results.every((r) => r.appended + r.duplicates === 1)).toBe(true);
    const stored = await follower.readStream(streamId);
    expect(stored.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(stored.map((e) => e.streamPosition)).toEqual(events.map((_, n) => n + 1));

    expect((await follower.appendToStream(streamId, [event()])).appended).toBe(1);
    await expect.poll(() => follower.appendRole, { timeout: 10_000, interval: 50 }).toBe('leader');
    expect(told).toEqual([
      expect.stringMatching(/^follower 127\.0\.0\.1:\d+$/),
      'alone -',
      expect.stringMatching(/^leader 127\.0\.0\.1:\d+$/),
    ]);
    const newcomer = await connect(url);
    expect(newcomer.appendRole).toBe('follower');
    expect((await newcomer.appendToStream(streamId, [event()])).appended).toBe(1);
  });

  it('a connection to the leader that does not begin with its token is dropped and appends nothing', async () => {
    const url = databases[2]!.url;
    const leader = await connect(url);
    expect(leader.appendRole).toBe('leader');
    const pool = createPool(url, { max: 1 });
    const { address } = (await pool.query<{ address: string }>('SELECT address FROM event_store_leader')).rows[0]!;
    await pool.end();
    const head = await leader.headPosition();
    const at = address.lastIndexOf(':');
    const socket = net.connect({ host: address.slice(0, at), port: Number(address.slice(at + 1)) });
    const closed = new Promise<string>((resolve) => {
      let answer = '';
      socket.on('data', (chunk) => {
        answer += chunk.toString();
      });
      socket.on('close', () => resolve(answer));
      socket.on('error', () => {});
    });
    const call = { id: 1, requests: [{ streamId: 'intruder', events: [event()] }] };
    socket.write(`not-the-token\n${JSON.stringify(call)}\n`);
    expect(await closed).toBe('');
    expect(await leader.headPosition()).toBe(head);
    expect(await leader.streamVersion('intruder')).toBe(0);
  });

  it('four stores sharing appends to shared streams: a subscriber sees every event once, each stream in order', async () => {
    const url = databases[3]!.url;
    const stores = [await connect(url), await connect(url), await connect(url), await connect(url)];
    expect(stores.map((s) => s.appendRole).sort()).toEqual(['follower', 'follower', 'follower', 'leader']);
    const streams = Array.from({ length: 6 }, (_, n) => `shared-${n}`);
    const received: StoredEvent[] = [];
    const subscription = stores[0]!.subscribeToAll({
      fromPosition: 0,
      handler: async (batch) => {
        received.push(...batch);
      },
    });
    const written: string[] = [];
    const writer = async (w: number) => {
      const store = stores[w % stores.length]!;
      for (let n = 0; n < 150; n++) {
        const streamId = streams[(w * 7 + n) % streams.length]!;
        const batch = Array.from({ length: 1 + (n % 3) }, () => event({ w: String(w) }));
        for (;;) {
          try {
            const version = await store.streamVersion(streamId);
            await store.appendToStream(streamId, batch, { expectedVersion: version });
            break;
          } catch (error) {
            if (!(error instanceof WrongExpectedVersionError)) throw error;
          }
        }
        written.push(...batch.map((e) => e.eventId));
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => writer(w)));
    await vi.waitFor(() => expect(received.length).toBeGreaterThanOrEqual(written.length), { timeout: 10_000 });
    await subscription.stop();

    expect(received.map((e) => e.eventId).sort()).toEqual([...written].sort());
    expect(received.map((e) => e.globalPosition)).toEqual(received.map((_, n) => n + 1));
    const lastSeen = new Map<string, number>();
    for (const e of received) {
      expect(e.streamPosition).toBe((lastSeen.get(e.streamId) ?? 0) + 1);
      lastSeen.set(e.streamId, e.streamPosition);
    }
  }, 60_000);
});
