import { useTestDatabase } from '@reckon/database/vitest';
import { appendSyntheticLog, type Harness, openHarness } from '@reckon/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliContext } from '../testing/cli.js';
import { rebuildCommand } from './rebuild.js';
import { verifyCommand } from './verify.js';

describe('reckon rebuild and reckon verify', () => {
  const db = useTestDatabase('cli_rebuild_verify');
  let h: Harness;
  const context = () => cliContext(db.url, h.store);

  beforeAll(async () => {
    h = await openHarness(db.url);
    await appendSyntheticLog(h.store, 3000, 1000, 21);
    await h.project();
  });
  afterAll(async () => h?.close());

  it('verify exits 0 when a replay matches, 1 with the first differences when it does not', async () => {
    const clean = context();
    expect(await verifyCommand(['all'], clean)).toBe(0);
    expect(clean.stdout.text()).toMatch(/^verify: identical: .* at position \d+/);

    await h.pool.query(`UPDATE rm_consumption.consumption_summary SET net = net + 1
                         WHERE ctid = (SELECT ctid FROM rm_consumption.consumption_summary LIMIT 1)`);
    const dirty = context();
    expect(await verifyCommand(['all', '--max-differences', '5'], dirty)).toBe(1);
    // Only the projection that differs is named, and the changed row once, with the column that changed.
    expect(dirty.stdout.text()).toMatch(/^verify: DIFFERENCES in consumption \(verified: directory, consumption, /m);
    expect(dirty.stdout.text()).toMatch(
      /^ {2}consumption\.consumption_summary \[.*\]: net "-?\d+\.\d+" in the read model, "-?\d+\.\d+" replayed$/m,
    );
    expect(dirty.stdout.text()).not.toContain('only in');
    expect(dirty.stdout.text()).toContain(
      'verify: rebuild the consumption projection from the log: pnpm reckon rebuild consumption\n',
    );
    // A row only one side has is printed whole.
    await h.pool.query(`DELETE FROM rm_consumption.consumption_summary
                         WHERE ctid = (SELECT ctid FROM rm_consumption.consumption_summary LIMIT 1)`);
    const missing = context();
    expect(await verifyCommand(['consumption'], missing)).toBe(1);
    expect(missing.stdout.text()).toMatch(/^ {2}consumption\.consumption_summary: only in a replay of the log: \{/m);
  });

  it('rebuild replaces a damaged read model with a fresh one, and verify is clean again', async () => {
    const run = context();
    expect(await rebuildCommand(['consumption', '--batch-size', '500'], run)).toBe(0);
    expect(run.stdout.text()).toMatch(/^rebuilt consumption: \d+ events in .* swapped in at position \d+/);
    expect(run.stderr.text()).toMatch(/rebuild consumption: \d+\/\d+ events, \d+ events\/s, eta \d+ s/);
    // After the replay it says what it is doing, then how long each phase took.
    expect(run.stderr.text()).toContain('replay done: making the new tables durable and building their indexes');
    expect(run.stderr.text()).toContain('swapping the new tables in');
    expect(run.stdout.text()).toMatch(/replay [\d.]+ s, tables made durable and indexed [\d.]+ s, swap [\d.]+ s/);
    const after = context();
    expect(await verifyCommand([], after)).toBe(0);
  });

  it('refuses unknown projections and bad options with exit code 2', async () => {
    const bad = context();
    expect(await rebuildCommand(['nonsense'], bad)).toBe(2);
    expect(bad.stderr.text()).toBe(
      'reckon rebuild: expected a projection: all, directory, consumption, balances, subscriptions, catalogue, on_demand, incentives, marketplace (got "nonsense")\n' +
        "(run 'pnpm reckon rebuild --help' for usage)\n",
    );
    expect(await rebuildCommand([], context())).toBe(2);
    expect(await verifyCommand(['all', '--max-differences', '0'], context())).toBe(2);
  });
});
