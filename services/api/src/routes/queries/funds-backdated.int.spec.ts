import { useTestDatabase } from '@reckon/database/vitest';
import { Decimal } from '@reckon/domain';
import { waitForPosition } from '@reckon/projections';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Envelope, envelope, orderPlaced, partnerRegistered } from '../../testing/events.js';
import { bearer, type KEYS, openQueryTestApp, type QueryTestApp } from '../../testing/harness.js';
import { expectProblem } from '../../testing/problems.js';

const at = (day: string) => `2026-11-${day}T10:00:00+08:00`;

/**
 * Audit money F1: an association change dated before an order but appended after it does not move
 * who paid the order (docs/events.md, the funds rule: "the funds an order drew from are those of
 * the association in force when it was placed"). The order of the 20th is placed first; the switch
 * dated the 19th comes after it; then the order is upgraded or refunded on the 21st. The command
 * side (its answers, what it links into `funds-…`, the available it quotes when refusing a reclaim)
 * and the balances read model name the same payer and the same available funds.
 */
describe('a backdated association change and the funds of the order placed before it', () => {
  const db = useTestDatabase('api_funds_backdated');
  let t: QueryTestApp;
  let position = 0;

  const post = async (events: Envelope[], role: keyof typeof KEYS = 'admin') => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: bearer(role),
      payload: { events },
    });
    if (response.statusCode === 201) position = (response.json() as { lastPosition: number }).lastPosition;
    return response;
  };
  const accepted = async (events: Envelope[], role: keyof typeof KEYS = 'admin') => {
    const response = await post(events, role);
    expect(response.statusCode, response.body).toBe(201);
  };
  const allocate = (resellerId: string, amount: string) =>
    envelope(
      'FundsAllocated',
      { allocationId: `AL-${resellerId}-${amount}`, distributorId: 'P-DIST', resellerId, amount, currency: 'CNY' },
      at('02'),
    );
  const associate = (customerId: string, partnerId: string, associationType: string) =>
    envelope(
      'CustomerAssociated',
      { customerId, customerName: customerId, partnerId, associationType },
      '2026-11-01T09:00:00+08:00',
    );
  const order = (orderId: string, customerId: string) => ({
    ...orderPlaced(orderId, customerId, '100'),
    occurredAt: at('20'),
  });
  /** Dated the day before the order, appended after it. */
  const switched = (customerId: string, partnerId: string, associationType: string) =>
    envelope('AssociationTypeSwitched', { customerId, partnerId, associationType }, at('19'));
  const upgrade = (orderId: string, amount: string) =>
    envelope(
      'SpecChanged',
      {
        changeId: `SC-${orderId}-${amount}`,
        orderId,
        resourceId: `res-${orderId}`,
        fromSpec: 'a',
        toSpec: 'b',
        amount,
      },
      at('21'),
    );
  const refund = (orderId: string, amount: string) =>
    envelope(
      'OrderRefunded',
      { refundId: `RF-${orderId}`, orderId, reason: 'unsubscribe', amount, resourceIds: [] },
      at('21'),
    );

  /** What the command side says is available: the figure it quotes refusing a reclaim of more than there can be. */
  const commandAvailable = async (resellerId: string): Promise<Decimal> => {
    const probe = envelope('FundsReclaimed', {
      reclaimId: `probe-${resellerId}`,
      distributorId: 'P-DIST',
      resellerId,
      amount: '999999999999999',
      currency: 'CNY',
    });
    const problem = expectProblem(await post([probe]), 422);
    expect(problem.rule).toBe('reclaim-within-available');
    const figure = /exceeds the (\S+) available/.exec(String(problem.detail))?.[1];
    if (figure === undefined) throw new Error(`no figure in ${String(problem.detail)}`);
    return new Decimal(figure);
  };
  /** The balances read model's available, once it has folded everything appended so far. */
  const readAvailable = async (resellerId: string): Promise<Decimal> => {
    expect(await waitForPosition(t.read.queries.pool, position, 20_000)).toBe(true);
    const response = await t.app.inject({
      method: 'GET',
      url: `/v1/partners/${resellerId}/balance?minPosition=${position}`,
      headers: bearer('admin'),
    });
    expect(response.statusCode, response.body).toBe(200);
    return new Decimal((response.json() as { funds: { available: string } }).funds.available);
  };
  const bothSay = async (resellerId: string, expected: string) => {
    const command = await commandAvailable(resellerId);
    const read = await readAvailable(resellerId);
    expect([command.toFixed(2), read.toFixed(2)]).toEqual([expected, expected]);
  };
  /** The types and source ids of the events in a reseller's funds stream. */
  const fundsStream = async (resellerId: string): Promise<string[]> => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/v1/streams/funds-${resellerId}/events`,
      headers: bearer('admin'),
    });
    expect(response.statusCode, response.body).toBe(200);
    const items = (response.json() as { items: Array<{ type: string; data: Record<string, unknown> }> }).items;
    return items.map((e) => {
      const d = e.data;
      return `${e.type} ${String(d.allocationId ?? d.reclaimId ?? d.changeId ?? d.refundId ?? d.orderId)}`;
    });
  };

  beforeAll(async () => {
    t = await openQueryTestApp(db.url);
    await accepted([
      partnerRegistered('P-DIST', { tier: 'distributor' }),
      partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' }),
      ...['R-RF', 'R-UP2', 'R-RF2'].map((id) => partnerRegistered(id, { tier: 'reseller', parentId: 'P-DIST' })),
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('placed as resale, switched to referral by the reseller itself: an upgrade is checked against and charged to the reseller that paid', async () => {
    await accepted([associate('C-UP', 'P-RES', 'resale'), allocate('P-RES', '100'), order('O-UP', 'C-UP')]);
    // P-RES's own key dates the switch of its customer back before the order (SPEC §6 allows it).
    await accepted([switched('C-UP', 'P-RES', 'referral')], 'reseller');
    const refused = expectProblem(await post([upgrade('O-UP', '500')]), 422);
    expect(refused).toMatchObject({
      rule: 'funds-available',
      detail: 'upgrade charge 500 exceeds the 0 available in the funds of reseller "P-RES"',
    });
    await bothSay('P-RES', '0.00');
    await accepted([allocate('P-RES', '500'), upgrade('O-UP', '500')]);
    expect(await fundsStream('P-RES')).toEqual([
      'FundsAllocated AL-P-RES-100',
      'OrderPlaced O-UP',
      'FundsAllocated AL-P-RES-500',
      'SpecChanged SC-O-UP-500',
    ]);
    await bothSay('P-RES', '0.00');
  });

  it('placed as resale, switched to referral: a refund returns its cash part to the reseller that paid, and it can be reclaimed', async () => {
    await accepted([associate('C-RF', 'R-RF', 'resale'), allocate('R-RF', '100'), order('O-RF', 'C-RF')]);
    await accepted([switched('C-RF', 'R-RF', 'referral')]);
    await accepted([refund('O-RF', '100')]);
    expect(await fundsStream('R-RF')).toEqual([
      'FundsAllocated AL-R-RF-100',
      'OrderPlaced O-RF',
      'OrderRefunded RF-O-RF',
    ]);
    await bothSay('R-RF', '100.00');
    const reclaim = envelope(
      'FundsReclaimed',
      { reclaimId: 'RC-R-RF', distributorId: 'P-DIST', resellerId: 'R-RF', amount: '100', currency: 'CNY' },
      at('22'),
    );
    await accepted([reclaim]);
    await bothSay('R-RF', '0.00');
  });

  it.each([
    ['an upgrade draws nothing from', 'UP2', (orderId: string) => upgrade(orderId, '500')],
    ['a refund returns nothing to', 'RF2', (orderId: string) => refund(orderId, '100')],
  ])('placed as referral, switched to resale: %s the funds', async (_, id, after) => {
    await accepted([
      associate(`C-${id}`, `R-${id}`, 'referral'),
      allocate(`R-${id}`, '100'),
      order(`O-${id}`, `C-${id}`),
    ]);
    await accepted([switched(`C-${id}`, `R-${id}`, 'resale')]);
    await accepted([after(`O-${id}`)]);
    expect(await fundsStream(`R-${id}`)).toEqual([`FundsAllocated AL-R-${id}-100`]);
    await bothSay(`R-${id}`, '100.00');
  });
});
