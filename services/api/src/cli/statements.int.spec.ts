import { useTestDatabase } from '@reckon/database/vitest';
import { event, type Harness, openHarness } from '@reckon/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandHandler } from '../application/command-handler.js';
import { cliContext } from '../testing/cli.js';
import { orderPlaced } from '../testing/events.js';
import { statementsCommand } from './statements.js';

const at = (day: string) => `${day}T10:00:00+08:00`;

describe('reckon statements rebuild|publish|show', () => {
  const db = useTestDatabase('cli_statements');
  let h: Harness;
  const run = async (...args: string[]) => {
    const ctx = cliContext(db.url, h.store);
    const code = await statementsCommand(args, ctx);
    return { code, out: ctx.stdout.text(), err: ctx.stderr.text() };
  };
  const october = ['--partner', 'PA', '--period', '2026-10'];

  beforeAll(async () => {
    h = await openHarness(db.url);
    // Through the command side, as the service appends them (the publish command checks the log's streams).
    const commands = new CommandHandler(h.store);
    const outcome = await commands.append(
      [
        event('PartnerRegistered', at('2026-09-01'), {
          partnerId: 'PA',
          name: 'Alpha',
          tier: 'solution_provider',
          level: 'gold',
          timeZone: 'Asia/Shanghai',
          currency: 'CNY',
        }),
        event('CustomerAssociated', at('2026-09-02'), {
          customerId: 'CA1',
          customerName: 'Acme Ltd',
          partnerId: 'PA',
          associationType: 'referral',
        }),
        event('IncentiveRulesPublished', at('2026-09-30'), {
          version: '2026.10',
          effectiveFrom: '2026-10',
          rules: [
            { id: 'base', rate: '0.02' },
            { id: 'ecs', match: { productType: 'ecs' }, rate: '0.05' },
          ],
        }),
        // On 2026-10-05, the builders' date.
        orderPlaced('OA1', 'CA1', '4000', { productType: 'ecs' }),
        orderPlaced('OA2', 'CA1', '2000', { productType: 'rds' }),
        event('BillingPeriodClosed', at('2026-11-01'), { period: '2026-10' }),
        event('IncentiveRulesPublished', at('2026-11-02'), {
          version: '2026.11',
          effectiveFrom: '2026-11',
          rules: [
            { id: 'base', rate: '0.03' },
            { id: 'ecs', match: { productType: 'ecs' }, rate: '0.06' },
          ],
        }),
      ],
      { actor: { kind: 'test' } },
    );
    expect(outcome.kind).toBe('appended');
  });
  afterAll(async () => h?.close());

  it('rebuilds a closed statement under another rule set, publishes the draft with its TrueUp, shows it', async () => {
    // 2026.10: OA1 4000 × 0.05 = 200.00, OA2 2000 × 0.02 = 40.00; 2026.11: 240.00 and 60.00.
    const rebuilt = await run('rebuild', ...october, '--rules', '2026.11');
    expect(rebuilt.err).toBe('');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.out).toContain('draft revision 2 of PA 2026-10 under rules 2026.11 (current revision 1)');
    expect(rebuilt.out).toMatch(/changed\s+OrderPlaced\s+OA1\s+200\.00\s+240\.00\s+40\.00/);
    expect(rebuilt.out).toMatch(/changed\s+OrderPlaced\s+OA2\s+40\.00\s+60\.00\s+20\.00/);
    expect(rebuilt.out).toContain('total before 240.00  after 300.00  difference 60.00  (2 lines differ)');

    const published = await run('publish', ...october, '--revision', '2');
    expect(published.err).toBe('');
    expect(published.code).toBe(0);
    expect(published.out).toMatch(
      /^published revision 2 of PA 2026-10 at log position \d+; TrueUp 60\.00 booked in 2026-11\n$/,
    );

    const log: { type: string; data: unknown }[] = [];
    for await (const batch of h.store.readAll()) log.push(...batch);
    expect(log.at(-1)).toMatchObject({
      type: 'StatementRevisionPublished',
      data: {
        partnerId: 'PA',
        period: '2026-10',
        revision: 2,
        rulesVersion: '2026.11',
        totalBefore: '240.00',
        totalAfter: '300.00',
      },
    });

    const shown = await run('show', ...october);
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('PA 2026-10 revision 2 (confirmed) rules 2026.11');
    expect(shown.out).toMatch(/total 300\.00 {2}checksum [0-9a-f]{64}\n$/);
    const november = await run('show', '--partner', 'PA', '--period', '2026-11');
    expect(november.out).toMatch(/TrueUp\s+2026-10\/r2\s+2026-10\s+60\.00\s+1\s+60\.00/);
  });

  it('refuses with exit code 1 (a published revision, unknown rules) and 2 (usage)', async () => {
    const again = await run('publish', ...october, '--revision', '2');
    expect(again.code).toBe(1);
    expect(again.err).toContain('revision 2 is confirmed, not a draft');
    const unknown = await run('rebuild', ...october, '--rules', '9.9');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('rule-set version 9.9 is not published (published: 2026.10, 2026.11)');
    expect((await run('publish', ...october)).code).toBe(2);
    expect((await run('rebuild', '--partner', 'PA', '--period', '2026-13', '--rules', '1')).code).toBe(2);
  });
});
