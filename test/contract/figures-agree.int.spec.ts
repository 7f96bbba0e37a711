import { useTestDatabase } from '@reckon/database/vitest';
import {
  type AggregateState,
  type CustomerState,
  customerAssociationAt,
  Decimal,
  type DiscountState,
  type DomainEvent,
  discountAt,
  type FundsState,
  fundsAvailable,
  type OrderState,
  orderRefundableParts,
  type PartnerState,
  payingReseller,
  planBatch,
  type QuotaState,
  quotaLeft,
  type StreamSnapshot,
  streamIds,
} from '@reckon/domain';
import { generateEvents } from '@reckon/generator';
import { type Harness, openHarness } from '@reckon/projections/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The command side and the read side give the same figures. A generated history (valid and
 * realistic: resellers paying from funds, vouchers, refunds, rebates, switches) is decided event by
 * event by the domain's planner in memory, as the service does, and appended and projected as is.
 * Then every figure the two sides both hold must agree: a reseller's funds and their `available`
 * (and the funds ledger replays to it), a quota's `available`, what is left to refund of each order
 * by part, who paid for it, and each discount's rates and the rate in force.
 */
const EVENTS = 6_000;

function decideAll(events: readonly DomainEvent[]): Map<string, StreamSnapshot> {
  const snapshots = new Map<string, StreamSnapshot>();
  for (const [index, event] of events.entries()) {
    for (;;) {
      const plan = planBatch([event], (id) => snapshots.get(id));
      if (plan.kind === 'need') {
        for (const id of plan.streamIds)
          if (!snapshots.has(id)) snapshots.set(id, { streamId: id, version: 0, state: undefined });
        continue;
      }
      if (plan.kind === 'refused')
        throw new Error(`event ${index} (${event.type}) refused: ${plan.rule} ${plan.detail}`);
      if (plan.kind === 'forbidden') throw new Error(`event ${index} (${event.type}) forbidden: ${plan.detail}`);
      for (const s of plan.snapshots) snapshots.set(s.streamId, s);
      break;
    }
  }
  return snapshots;
}

const of = <K extends AggregateState['kind']>(snapshots: Map<string, StreamSnapshot>, kind: K) =>
  [...snapshots.values()]
    .map((s) => s.state)
    .filter((s): s is Extract<AggregateState, { kind: K }> => s?.kind === kind);
const text = (d: Decimal) => d.toFixed(8);

describe('figures of the command side and the read side agree on a generated history', () => {
  const db = useTestDatabase('figures_agree');
  let h: Harness;
  let snapshots: Map<string, StreamSnapshot>;

  beforeAll(async () => {
    const events = Array.from(generateEvents({ events: EVENTS, seed: 'figures-agree', months: 4 }));
    snapshots = decideAll(events);
    // Projected in two runs: the second starts with nothing in memory, so the folds read what they
    // need (funds, orders, quotas…) from the tables the first one wrote.
    const half = Math.floor(events.length / 2000) * 1000;
    h = await openHarness(db.url);
    for (let i = 0; i < events.length; i += 1000) {
      if (i === half) {
        await h.project();
        await h.close();
        h = await openHarness(db.url);
      }
      await h.append(events.slice(i, i + 1000).map((e) => ({ ...e, version: e.version ?? 1 })) as never);
    }
    await h.project();
  }, 120_000);
  afterAll(async () => h?.close());

  it('reseller funds: allocated, reclaimed, spent, returned and available', async () => {
    const funds = of(snapshots, 'funds') as FundsState[];
    expect(funds.length).toBeGreaterThan(0);
    const rows = await h.pool.query(
      `SELECT partner_id, allocated, reclaimed, spent, returned, available FROM rm_balances.reseller_funds`,
    );
    const read = new Map(rows.rows.map((r) => [r.partner_id as string, r]));
    const nonZero = funds.filter((f) => !fundsAvailable(f).isZero() || f.spent !== '0');
    expect(nonZero.length).toBeGreaterThan(0);
    for (const f of funds) {
      const r = read.get(f.resellerId);
      const command = [f.allocated, f.reclaimed, f.spent, f.returned].map((x) => text(new Decimal(x)));
      const readSide = r ? [r.allocated, r.reclaimed, r.spent, r.returned].map((x) => text(new Decimal(x))) : [];
      expect({ reseller: f.resellerId, figures: readSide, available: r && text(new Decimal(r.available)) }).toEqual({
        reseller: f.resellerId,
        figures: command,
        available: text(fundsAvailable(f)),
      });
    }
  });

  it('the funds ledger replays, row by row, to each reseller’s available funds', async () => {
    const funds = of(snapshots, 'funds') as FundsState[];
    const rows = await h.pool.query(
      `SELECT reseller_id, kind, amount, available_after FROM rm_balances.fund_operations ORDER BY position, kind`,
    );
    const replayed = new Map<string, Decimal>();
    const kinds = new Set<string>();
    for (const r of rows.rows) {
      kinds.add(r.kind);
      const sign = r.kind === 'allocated' || r.kind === 'returned' ? 1 : -1;
      const after = (replayed.get(r.reseller_id) ?? new Decimal(0)).plus(new Decimal(r.amount).times(sign));
      replayed.set(r.reseller_id, after);
      expect(text(after)).toBe(text(new Decimal(r.available_after)));
    }
    expect([...kinds].sort()).toEqual(['allocated', 'reclaimed', 'returned', 'spent']);
    for (const f of funds) {
      expect([f.resellerId, text(replayed.get(f.resellerId) ?? new Decimal(0))]).toEqual([
        f.resellerId,
        text(fundsAvailable(f)),
      ]);
    }
  });

  it('discounts: terms, every rate in order, and the rate in force at any instant', async () => {
    const discounts = of(snapshots, 'discount') as DiscountState[];
    expect(discounts.some((d) => d.rates.length > 1)).toBe(true);
    const rows = await h.pool.query(
      `SELECT d.discount_id, d.customer_id, d.product_types, d.valid_from, d.valid_to, d.revoked_from,
              coalesce(json_agg(json_build_object('rate', r.rate, 'at', r.effective_from) ORDER BY r.position), '[]') AS rates
         FROM rm_balances.discounts d LEFT JOIN rm_balances.discount_rates r USING (discount_id) GROUP BY d.discount_id`,
    );
    const read = new Map(rows.rows.map((r) => [r.discount_id as string, r]));
    const ms = (t: string | Date | null) => (t === null ? null : new Date(t).getTime());
    // The rate in force (the reason of "none" names the instants in their own spelling).
    const rateAt = (state: DiscountState, at: string) => {
      const x = discountAt(state, at);
      return x.inEffect ? x.rate : null;
    };
    let inForce = 0;
    for (const d of discounts) {
      const r = read.get(d.discountId);
      expect(r, d.discountId).toBeDefined();
      const state: DiscountState = {
        kind: 'discount',
        discountId: d.discountId,
        customerId: r.customer_id,
        productTypes: r.product_types,
        validFrom: r.valid_from.toISOString(),
        validTo: r.valid_to?.toISOString() ?? null,
        revokedFrom: r.revoked_from?.toISOString() ?? null,
        rates: (r.rates as { rate: string; at: string }[]).map((x) => ({ rate: x.rate, effectiveFrom: x.at })),
      };
      expect([
        state.customerId,
        state.productTypes,
        ms(state.validFrom),
        ms(state.validTo),
        ms(state.revokedFrom),
      ]).toEqual([d.customerId, d.productTypes, ms(d.validFrom), ms(d.validTo), ms(d.revokedFrom)]);
      expect(state.rates.map((x) => [x.rate, ms(x.effectiveFrom)])).toEqual(
        d.rates.map((x) => [x.rate, ms(x.effectiveFrom)]),
      );
      for (const x of [...d.rates.map((x) => x.effectiveFrom), d.revokedFrom, d.validTo, '2026-06-01T00:00:00Z']) {
        if (x === null) continue;
        expect([x, rateAt(state, x)]).toEqual([x, rateAt(d, x)]);
        if (rateAt(d, x) !== null) inForce += 1;
      }
    }
    expect(inForce).toBeGreaterThan(0);
  });

  it('voucher quotas: available', async () => {
    const quotas = of(snapshots, 'quota') as QuotaState[];
    expect(quotas.length).toBeGreaterThan(0);
    const rows = await h.pool.query(`SELECT quota_id, available FROM rm_balances.voucher_quotas`);
    const read = new Map(rows.rows.map((r) => [r.quota_id as string, text(new Decimal(r.available))]));
    for (const q of quotas) expect([q.quotaId, read.get(q.quotaId)]).toEqual([q.quotaId, text(quotaLeft(q))]);
  });

  it('orders: what is left to refund by part (cash first), and the reseller that paid', async () => {
    const orders = of(snapshots, 'order') as OrderState[];
    expect(orders.some((o) => o.refundedCash !== '0' || o.refundedVoucher !== '0')).toBe(true);
    const rows = await h.pool.query(
      `SELECT order_id, cash_remaining, voucher_remaining, paid_by FROM rm_balances.orders`,
    );
    const read = new Map(rows.rows.map((r) => [r.order_id as string, r]));
    const state = <S extends AggregateState>(id: string) => snapshots.get(id)?.state as S | undefined;
    let paidByReseller = 0;
    for (const o of orders) {
      const left = orderRefundableParts(o);
      const customer = state<CustomerState>(streamIds.customer(o.customerId))!;
      const payer = payingReseller(
        customerAssociationAt(customer, o.occurredAt),
        (id) => state<PartnerState>(streamIds.partner(id))!.tier,
      );
      if (payer !== null) paidByReseller += 1;
      const r = read.get(o.orderId);
      expect({
        order: o.orderId,
        cash: r && text(new Decimal(r.cash_remaining)),
        voucher: r && text(new Decimal(r.voucher_remaining)),
        paidBy: r?.paid_by,
      }).toEqual({ order: o.orderId, cash: text(left.cash), voucher: text(left.voucher), paidBy: payer });
    }
    expect(paidByReseller).toBeGreaterThan(0);
  });
});
