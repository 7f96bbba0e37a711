/**
 * The command handler alone (no HTTP, no projections) under many single-event writers, with and
 * without grouping of concurrent small requests, alternated in one run so the two see the same load:
 * `node --conditions=@reckon/source --import tsx test/bench/commands-singles.ts [clients] [seconds] [rounds]`.
 */
import { createTestDatabase } from '@reckon/database';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { CommandHandler } from '../../services/api/src/application/command-handler.js';
import { customerAssociated, orderPlaced, partnerRegistered } from '../../services/api/src/testing/events.js';
import { percentile } from './harness.js';

const clients = Number(process.argv[2] ?? 64);
const seconds = Number(process.argv[3] ?? 4);
const rounds = Number(process.argv[4] ?? 2);
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const context = { actor: { kind: 'cli', user: 'bench' } };

for (let round = 0; round < rounds; round++) {
  for (const groupRequestsUpTo of [0, 64]) {
    const database = await createTestDatabase(adminUrl, 'cmdsingles');
    const store = await PostgresEventStore.connect(database.url);
    try {
      const handler = new CommandHandler(store, { groupRequestsUpTo });
      const customers = Array.from({ length: clients }, (_, c) => customerAssociated(`c${c}`, 'p'));
      await handler.append([partnerRegistered('p'), ...customers], context);
      const latencies: number[] = [];
      const started = performance.now();
      const until = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          for (let n = 0; performance.now() < until; n++) {
            const at = performance.now();
            const outcome = await handler.append([orderPlaced(`o${c}-${n}`, `c${c}`, '10.00')], context);
            if (outcome.kind !== 'appended') throw new Error(JSON.stringify(outcome));
            latencies.push(performance.now() - at);
          }
        }),
      );
      const eps = Math.round((latencies.length * 1000) / (performance.now() - started));
      console.log(
        `groupRequestsUpTo ${groupRequestsUpTo}: ${eps} events/s, p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
      );
    } finally {
      await store.close();
      await database.drop();
    }
  }
}
