import { Readable } from 'node:stream';
import { useTestDatabase } from '@reckon/database/vitest';
import { PostgresEventStore } from '@reckon/event-store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../application/command-handler.js';
import { customerAssociated, orderPlaced, orderRefunded, partnerRegistered } from '../testing/events.js';
import { importEvents } from './import.js';

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
    // Progress counts the lines read, the blank one too, as the file's line count (the bar's total) does.
    expect(progress.at(-1)).toBe(9);
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

  it('holds each line to the rules of a POST body: strict UTF-8, no repeated key, nesting, the bounds', async () => {
    const head = await store.headPosition();
    const partner = JSON.stringify(partnerRegistered('P-NB', { name: 'NAME' }));
    const [before, after] = partner.split('NAME') as [string, string];
    const spec = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const deep = JSON.stringify(orderPlaced('O-NB', 'C-NB', '1')).replace(
      `"resources":[{"resourceId":"res-O-NB"}]`,
      `"resources":[{"resourceId":"res-O-NB","spec":${spec(3500)}}]`,
    );
    const input = Buffer.concat([
      Buffer.from(`${before}`),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${after}\r\n`),
      Buffer.from(`${partner.replace('"tier"', '"tier":"reseller","tier"')}\n`),
      Buffer.from(`${deep}\n`),
      Buffer.from(`${JSON.stringify(partnerRegistered('P-NB\u0000'))}\n`),
      Buffer.from(`${JSON.stringify({ ...partnerRegistered('P-NB'), occurredAt: '0000-01-01T00:00:00Z' })}\n`),
      Buffer.from(`${before}中文 😀${after}`),
    ]);
    // Chunks that cut lines (and a UTF-8 character) anywhere must not matter.
    const chunks = [input.subarray(0, 7), input.subarray(7, before.length + 1), input.subarray(before.length + 1)];
    const summary = await importEvents(commands, Readable.from(chunks), actor);
    expect(summary.refused).toEqual([
      { line: 1, reason: `malformed JSON: not valid UTF-8 (at byte ${before.length})` },
      { line: 2, reason: 'malformed JSON: /data/tier: is a key repeated in one object' },
      {
        line: 3,
        reason: `malformed JSON: /data/resources/0/spec${'/a'.repeat(28)}: nests too deep: JSON nesting is at most 32 levels`,
      },
      {
        line: 4,
        // partnerRegistered names the partner after its id: both strings hold the NUL.
        reason:
          '/data/partnerId: must not contain a NUL character (U+0000); /data/name: must not contain a NUL character (U+0000)',
      },
      { line: 5, reason: '/occurredAt: must lie in the years 1970–9998 (got "0000-01-01T00:00:00Z")' },
    ]);
    expect(summary).toMatchObject({ lines: 6, accepted: 1 });
    expect(await store.headPosition()).toBe(head + 1);
    const [stored] = await store.readStream('partner-P-NB');
    expect(stored?.data.name).toBe('中文 😀');
  });
});
