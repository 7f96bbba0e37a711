import { Readable } from 'node:stream';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../application/command-handler';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events';
import { importEvents } from './import';

const ndjson = (lines: string[]) => Readable.from([`${lines.join('\n')}\n`]);
const actor = { actor: { kind: 'cli', user: 'tester', command: 'import' }, requestId: 'import-test' };

describe('importEvents (NDJSON through the command handler)', () => {
  const db = useTestDatabase('api_import');
  let store: PostgresEventStore;
  let commands: CommandHandler;
  beforeAll(async () => {
    store = await PostgresEventStore.connect(db.url);
    commands = new CommandHandler(store);
  });
  afterAll(async () => store?.close());

  it('appends valid lines, skips repeats and reports refused lines by number without stopping', async () => {
    const partner = partnerRegistered('P-IM');
    const lines = [
      JSON.stringify(partner),
      JSON.stringify(customerAssociated('C-IM', 'P-IM')),
      '{"eventId": broken',
      '',
      JSON.stringify({ ...orderPlaced('O-IM', 'C-IM', '10'), occurredAt: 'yesterday' }),
      JSON.stringify(orderPlaced('O-IM', 'C-IM', '80.00')),
      JSON.stringify(orderRefunded('R-IM1', 'O-IM', '100.00')),
      JSON.stringify(partner),
      JSON.stringify(orderRefunded('R-IM2', 'O-IM', '30.00')),
    ];
    const progress: number[] = [];
    const summary = await importEvents(commands, ndjson(lines), actor, {
      batchSize: 3,
      onProgress: (done) => progress.push(done),
    });
    expect(summary).toMatchObject({ lines: 8, accepted: 4, duplicates: 1, aborted: false });
    expect(summary.refused.map((r) => r.line)).toEqual([3, 5, 7]);
    expect(summary.refused[0]?.reason).toMatch(/malformed JSON/);
    expect(summary.refused[1]?.reason).toMatch(/occurredAt/);
    expect(summary.refused[2]?.reason).toMatch(/refund-within-paid/);
    expect(progress.at(-1)).toBe(8);
    const order = await store.readStream('order-O-IM');
    expect(order.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderRefunded']);
    expect(order[0]?.metadata.actor).toEqual({ kind: 'cli', user: 'tester', command: 'import' });
  });

  it('keeps appending around several refused lines of one batch, as line-by-line appends would', async () => {
    const lines = [partnerRegistered('P-MB'), customerAssociated('C-MB', 'P-MB'), orderPlaced('O-MB', 'C-MB', '10')];
    for (let i = 0; i < 12; i++) lines.push(orderRefunded(`R-MB${i}`, 'O-MB', i % 3 === 0 ? '4' : '0.5'));
    const summary = await importEvents(commands, ndjson(lines.map((e) => JSON.stringify(e))), actor, {
      batchSize: 100,
    });
    // Lines 4–9 refund 4 + 0.5 + 0.5 + 4 + 0.5 + 0.5 = 10, all that was paid; lines 10–15 cannot fit.
    expect(summary.refused.map((r) => r.line)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(summary.accepted).toBe(lines.length - 6);
    const refunds = (await store.readStream('order-O-MB')).filter((e) => e.type === 'OrderRefunded');
    expect(refunds).toHaveLength(6);
  });

  it('with atomic, appends nothing when any line is refused, and everything otherwise', async () => {
    const head = await store.headPosition();
    const good = [partnerRegistered('P-AT'), customerAssociated('C-AT', 'P-AT'), orderPlaced('O-AT', 'C-AT', '5')];
    const bad = orderRefunded('R-AT', 'O-AT', '6');
    const refused = await importEvents(commands, ndjson([...good, bad].map((e) => JSON.stringify(e))), actor, {
      atomic: true,
      batchSize: 2,
    });
    expect(refused).toMatchObject({ accepted: 0, aborted: true, refused: [{ line: 4 }] });
    expect(await store.headPosition()).toBe(head);

    const accepted = await importEvents(commands, ndjson(good.map((e) => JSON.stringify(e))), actor, { atomic: true });
    expect(accepted).toMatchObject({ lines: 3, accepted: 3, refused: [], aborted: false });
    expect(await store.headPosition()).toBe(head + 3);
  });
});
