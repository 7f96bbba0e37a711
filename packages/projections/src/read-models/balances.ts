import {
  cashFirst,
  cashPartOf,
  Decimal,
  type FundsFigures,
  fundsAvailableOf,
  payingReseller,
  type QuotaFigures,
  quotaLeftOf,
  voucherReturnedOnRevoke,
} from '@reckon/domain';
import type { PoolClient } from 'pg';
import {
  AssociationBook,
  type AssociationHistories,
  associationsDdl,
  customerAssociations,
  segmentRow,
} from '../context/associations.js';
import { customersConcerned } from '../context/batch-keys.js';
import { ClosedPeriods, closedPeriods } from '../context/closed-periods.js';
import { cachedTable, ENTITY_CACHE_ENTRIES, RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import { actorOf, type KnownEvent } from '../events.js';
import { amount, json, position, text, time } from '../model/columns.js';
import { defineProjection, type EventOf, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import { widenAmounts } from '../sql.js';
import { isoFromStored, millis, PeriodLocator } from '../time.js';
import type { Changes } from '../write/changes.js';

export const BALANCES_SCHEMA = 'rm_balances';

export const balancesTables = {
  reseller_funds: table('reseller_funds', {
    partner_id: text().key(),
    currency: text().keep(),
    allocated: amount(),
    reclaimed: amount(),
    spent: amount(),
    returned: amount(),
    available: amount(),
    last_position: position(),
  }),
  /**
   * The ledger of a reseller's funds: one row per event that moves them (SPEC §6), with what is
   * available after it. Replaying a reseller's rows from the oldest gives its `available`.
   */
  fund_operations: table(
    'fund_operations',
    {
      position: position().key(),
      kind: text().key(),
      occurred_at: time(),
      reseller_id: text(),
      distributor_id: text().orNull(),
      currency: text(),
      amount: amount(),
      available_after: amount(),
      source_type: text(),
      source_id: text(),
    },
    { indexes: ['reseller_id, position DESC', 'distributor_id, position DESC'], appended: true },
  ),
  voucher_quota_balances: table('voucher_quota_balances', {
    partner_id: text().key(),
    currency: text().keep(),
    granted: amount().add(),
    issued: amount().add(),
    reclaimed: amount().add(),
    returned: amount().add(),
    available: amount().add(),
    last_position: position(),
  }),
  voucher_quotas: table(
    'voucher_quotas',
    {
      quota_id: text().key(),
      partner_id: text(),
      grantor_id: text(),
      currency: text(),
      granted: amount(),
      issued: amount(),
      reclaimed: amount(),
      returned: amount(),
      available: amount(),
      expires_at: time().orNull(),
      granted_at: time(),
      last_position: position(),
    },
    { indexes: ['partner_id'] },
  ),
  vouchers: table(
    'vouchers',
    {
      voucher_id: text().key(),
      quota_id: text(),
      customer_id: text(),
      amount: amount(),
      used: amount(),
      issued_at: time(),
      expires_at: time(),
      revoked_at: time().orNull(),
      last_position: position(),
    },
    { indexes: ['quota_id', 'customer_id'] },
  ),
  voucher_quota_operations: table(
    'voucher_quota_operations',
    {
      position: position().key(),
      quota_id: text(),
      kind: text(),
      occurred_at: time(),
      recorded_at: time(),
      customer_id: text().orNull(),
      customer_name: text().orNull(),
      voucher_id: text().orNull(),
      amount: amount(),
      quota_left_after: amount(),
      actor: text().orNull(),
      event_id: text(),
    },
    { indexes: ['quota_id, position DESC'], appended: true },
  ),
  /** Business discounts of customers (商务折扣): a grant's terms, and its revocation. */
  discounts: table(
    'discounts',
    {
      discount_id: text().key(),
      customer_id: text(),
      product_types: json(),
      valid_from: time(),
      valid_to: time().orNull(),
      revoked_from: time().orNull(),
      granted_at: time(),
      last_position: position(),
    },
    { indexes: ['customer_id'] },
  ),
  /** A discount's rates: the grant's (effective from validFrom), then each DiscountChanged, by position. */
  discount_rates: table(
    'discount_rates',
    {
      discount_id: text().key(),
      position: position().key(),
      /** As given (a decimal string from 0 to 1). */
      rate: text(),
      effective_from: time(),
    },
    { appended: true },
  ),
  partners: table('partners', {
    partner_id: text().key(),
    tier: text(),
    currency: text(),
    parent_id: text().orNull(),
  }),
  orders: table('orders', {
    order_id: text().key(),
    customer_id: text(),
    currency: text(),
    cash_remaining: amount(),
    voucher_remaining: amount(),
    /** The reseller whose funds paid the order (`payingReseller` at its time), if any. */
    paid_by: text().orNull(),
  }),
  customer_associations: customerAssociations,
  /**
   * Where each refund or rebate came from (SPEC §6): one row per OrderRefunded and per negative
   * SpecChanged, its amount split cash first like the order's funds, booked in the period and to the
   * partner consumption books it to (and, booked late, naming the closed period it corrects).
   */
  refund_sources: table(
    'refund_sources',
    {
      position: position().key(),
      source_type: text(),
      source_id: text(),
      occurred_at: time(),
      partner_id: text().orNull(),
      customer_id: text(),
      order_id: text(),
      currency: text(),
      resource_ids: json(),
      reason: text().orNull(),
      amount: amount(),
      cash_part: amount(),
      voucher_part: amount(),
      period: text(),
      /** The closed period the event belongs to by its time, when it was booked late (else NULL). */
      corrects_period: text().orNull(),
    },
    { indexes: ['partner_id, position DESC', 'partner_id, order_id, position DESC'], appended: true },
  ),
  closed_periods: closedPeriods,
} as const;

interface PartnerContext {
  partnerId: string;
  tier: string;
  currency: string;
  /** The distributor of a reseller. */
  parentId: string | null;
}

/** A reseller's funds as they stand (the figures of `reseller_funds`). */
interface Funds extends FundsFigures {
  partnerId: string;
}

/** An order's cash and voucher parts still refundable (refunds take cash first, SPEC §3). */
interface OrderContext {
  orderId: string;
  customerId: string;
  currency: string;
  cashRemaining: Decimal;
  voucherRemaining: Decimal;
  /** The reseller whose funds paid the order (resale mode at the order's time): it also pays the
   * order's upgrades and gets back the cash part of its refunds and rebates (docs/events.md). */
  paidBy: string | null;
}

interface Quota {
  quotaId: string;
  partnerId: string;
  grantorId: string;
  currency: string;
  granted: Decimal;
  issued: Decimal;
  reclaimed: Decimal;
  returned: Decimal;
  expiresAt: string | null;
  grantedAt: string;
  lastPosition: number;
}

interface Voucher {
  voucherId: string;
  quotaId: string;
  customerId: string;
  amount: Decimal;
  used: Decimal;
  issuedAt: string;
  expiresAt: string;
  revokedAt: string | null;
  lastPosition: number;
}

const ZERO = new Decimal(0);
const dec = (v: unknown): Decimal => new Decimal(v as string);
const left = (q: Quota): Decimal => quotaLeftOf(q);

/**
 * What the balances folds read and move forward: partners' tiers and currencies, who customers
 * were associated with when, and the state of orders, quotas and vouchers (loaded per batch from
 * the projection's own tables; a fold updates the order, quota or voucher it writes).
 */
class BalancesFacts implements Facts {
  readonly associations: AssociationBook;
  readonly partners: RowCache<PartnerContext>;
  readonly funds: RowCache<Funds>;
  readonly orders: RowCache<OrderContext>;
  readonly quotas: RowCache<Quota>;
  readonly vouchers: RowCache<Voucher>;
  readonly closed: ClosedPeriods;
  readonly periods: PeriodLocator;

  constructor(schema: string, billingTz: string, shared?: AssociationHistories) {
    this.associations = new AssociationBook(schema, shared);
    this.closed = new ClosedPeriods(schema);
    this.periods = new PeriodLocator(billingTz);
    this.partners = new RowCache<PartnerContext>(
      cachedTable(schema, balancesTables.partners, {
        fromRow: (r) => ({
          partnerId: r.partner_id as string,
          tier: r.tier as string,
          currency: r.currency as string,
          parentId: (r.parent_id as string | null) ?? null,
        }),
        keyOf: (p) => [p.partnerId],
        maxEntries: 10_000,
      }),
    );
    this.funds = new RowCache<Funds>(
      cachedTable(schema, balancesTables.reseller_funds, {
        fromRow: (r) => ({
          partnerId: r.partner_id as string,
          allocated: dec(r.allocated),
          reclaimed: dec(r.reclaimed),
          spent: dec(r.spent),
          returned: dec(r.returned),
        }),
        keyOf: (f) => [f.partnerId],
        maxEntries: 10_000,
      }),
    );
    this.orders = new RowCache<OrderContext>(
      cachedTable(schema, balancesTables.orders, {
        fromRow: (r) => ({
          orderId: r.order_id as string,
          customerId: r.customer_id as string,
          currency: r.currency as string,
          cashRemaining: dec(r.cash_remaining),
          voucherRemaining: dec(r.voucher_remaining),
          paidBy: (r.paid_by as string | null) ?? null,
        }),
        keyOf: (o) => [o.orderId],
        maxEntries: ENTITY_CACHE_ENTRIES,
      }),
    );
    this.quotas = new RowCache<Quota>(
      cachedTable(schema, balancesTables.voucher_quotas, {
        fromRow: (r) => ({
          quotaId: r.quota_id as string,
          partnerId: r.partner_id as string,
          grantorId: r.grantor_id as string,
          currency: r.currency as string,
          granted: dec(r.granted),
          issued: dec(r.issued),
          reclaimed: dec(r.reclaimed),
          returned: dec(r.returned),
          expiresAt: (r.expires_at as string | null) ?? null,
          grantedAt: r.granted_at as string,
          lastPosition: Number(r.last_position),
        }),
        keyOf: (q) => [q.quotaId],
        maxEntries: 10_000,
      }),
    );
    this.vouchers = new RowCache<Voucher>(
      cachedTable(schema, balancesTables.vouchers, {
        fromRow: (r) => ({
          voucherId: r.voucher_id as string,
          quotaId: r.quota_id as string,
          customerId: r.customer_id as string,
          amount: dec(r.amount),
          used: dec(r.used),
          issuedAt: r.issued_at as string,
          // ISO, as the event wrote it: a revocation compares it with the domain's rule.
          expiresAt: isoFromStored(r.expires_at as string),
          revokedAt: (r.revoked_at as string | null) ?? null,
          lastPosition: Number(r.last_position),
        }),
        keyOf: (v) => [v.voucherId],
        maxEntries: ENTITY_CACHE_ENTRIES,
      }),
    );
  }

  async load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    // Round 1: the ids the batch names directly.
    const orderIds: string[][] = [];
    const voucherIds: string[][] = [];
    const quotaIds: string[][] = [];
    const partnerIds: string[][] = [];
    for (const e of events) {
      switch (e.type) {
        case 'OrderRefunded':
        case 'SpecChanged':
          orderIds.push([e.data.orderId]);
          break;
        case 'OrderPlaced':
          if (e.data.voucherId) voucherIds.push([e.data.voucherId]);
          break;
        case 'VoucherRevoked':
          voucherIds.push([e.data.voucherId]);
          break;
        case 'VoucherIssued':
        case 'VoucherQuotaReclaimed':
          quotaIds.push([e.data.quotaId]);
          break;
        case 'FundsAllocated':
        case 'FundsReclaimed':
          partnerIds.push([e.data.resellerId]);
          break;
      }
    }
    await this.closed.load(client);
    await this.orders.load(client, orderIds);
    await this.vouchers.load(client, voucherIds);
    // Round 2: what those lead to (a voucher's quota, an order's customer, customers' partners).
    for (const [voucherId] of voucherIds) {
      const voucher = this.vouchers.get([voucherId!]);
      if (voucher) quotaIds.push([voucher.quotaId]);
    }
    await this.quotas.load(client, quotaIds);
    const customerIds = customersConcerned(events, (orderId) => this.orders.get([orderId])?.customerId);
    for (const e of events) {
      // A revocation names its voucher only; the voucher names the customer.
      if (e.type !== 'VoucherRevoked') continue;
      const voucher = this.vouchers.get([e.data.voucherId]);
      if (voucher) customerIds.add(voucher.customerId);
    }
    await this.associations.load(client, customerIds);
    for (const id of customerIds) {
      for (const s of this.associations.history(id)?.segments ?? []) partnerIds.push([s.partnerId]);
    }
    for (const [quotaId] of quotaIds) {
      const quota = this.quotas.get([quotaId!]);
      if (quota) partnerIds.push([quota.partnerId]);
    }
    // The partners the batch names (a quota's holder; a customer's partner associated within the
    // batch, who may pay for an order later in it).
    for (const e of events) {
      if ('partnerId' in e.data && typeof e.data.partnerId === 'string') partnerIds.push([e.data.partnerId]);
    }
    for (const [orderId] of orderIds) {
      const paidBy = this.orders.get([orderId!])?.paidBy;
      if (paidBy) partnerIds.push([paidBy]);
    }
    await this.partners.load(client, partnerIds);
    // The funds of every partner that may pay or be paid in the batch.
    await this.funds.load(client, partnerIds);
  }

  startFromZero(): void {
    this.associations.startComplete();
    this.closed.startComplete();
    this.partners.startComplete();
    this.funds.startComplete();
    this.orders.startComplete();
    this.quotas.startComplete();
    this.vouchers.startComplete();
  }

  evolve(e: KnownEvent): void {
    switch (e.type) {
      case 'PartnerRegistered':
        this.partners.put({
          partnerId: e.data.partnerId,
          tier: e.data.tier,
          currency: e.data.currency,
          parentId: e.data.parentId ?? null,
        });
        return;
      case 'CustomerAssociated':
      case 'AssociationTypeSwitched':
      case 'CustomerDisassociated':
        this.associations.apply(e);
        return;
      case 'BillingPeriodClosed':
        this.closed.apply(e);
        return;
    }
  }

  partnerOf(e: KnownEvent, partnerId: string): PartnerContext {
    const partner = this.partners.get([partnerId]);
    if (!partner)
      throw new ProjectionError(`${e.type}: partner ${partnerId} is not in the log before it`, e.globalPosition);
    return partner;
  }

  orderOf(e: KnownEvent, orderId: string): OrderContext {
    const order = this.orders.get([orderId]);
    if (!order) throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
    return order;
  }

  quotaOf(e: KnownEvent, quotaId: string): Quota {
    const quota = this.quotas.get([quotaId]);
    if (!quota)
      throw new ProjectionError(`${e.type}: voucher quota ${quotaId} is not in the log before it`, e.globalPosition);
    return quota;
  }

  voucherOf(e: KnownEvent, voucherId: string): Voucher {
    const voucher = this.vouchers.get([voucherId]);
    if (!voucher)
      throw new ProjectionError(`${e.type}: voucher ${voucherId} is not in the log before it`, e.globalPosition);
    return voucher;
  }

  /** The reseller whose funds pay for a customer's order at the event's time (the domain's rule). */
  payer(e: KnownEvent, customerId: string): string | null {
    return payingReseller(
      this.associations.at(customerId, millis(e.occurredAt)),
      (partnerId) => this.partnerOf(e, partnerId).tier,
    );
  }

  committed(): void {
    this.associations.committed();
    this.closed.committed();
    this.partners.committed();
    this.funds.committed();
    this.orders.committed();
    this.quotas.committed();
    this.vouchers.committed();
  }

  reset(): void {
    this.associations.reset();
    this.closed.reset();
    this.partners.reset();
    this.funds.reset();
    this.orders.reset();
    this.quotas.reset();
    this.vouchers.reset();
  }
}

type Out = Changes<typeof balancesTables>;

/**
 * Adds `value` to one figure of a reseller's funds (`available` by the domain's `fundsAvailableOf`)
 * and records the move in its ledger, `fund_operations`, with what is available after it.
 */
function addFunds(
  e: KnownEvent,
  facts: BalancesFacts,
  out: Out,
  partnerId: string,
  /** The figure it adds to, and the kind of the ledger row. */
  kind: keyof FundsFigures,
  value: Decimal,
  source: { type: string; id: string; distributorId?: string },
): void {
  const partner = facts.partnerOf(e, partnerId);
  const funds = facts.funds.get([partnerId]) ?? {
    partnerId,
    allocated: ZERO,
    reclaimed: ZERO,
    spent: ZERO,
    returned: ZERO,
  };
  funds[kind] = funds[kind].plus(value);
  facts.funds.put(funds);
  const available = fundsAvailableOf(funds);
  out.reseller_funds.upsert({
    partner_id: partnerId,
    currency: partner.currency,
    allocated: funds.allocated,
    reclaimed: funds.reclaimed,
    spent: funds.spent,
    returned: funds.returned,
    available,
    last_position: e.globalPosition,
  });
  out.fund_operations.insert({
    position: e.globalPosition,
    kind,
    occurred_at: e.occurredAt,
    reseller_id: partnerId,
    distributor_id: source.distributorId ?? partner.parentId,
    currency: partner.currency,
    amount: value,
    available_after: available,
    source_type: source.type,
    source_id: source.id,
  });
}

/** Adds to a partner's voucher quota balance (`available` by the domain's `quotaLeftOf`). */
function addQuota(e: KnownEvent, facts: BalancesFacts, out: Out, partnerId: string, d: Partial<QuotaFigures>): void {
  const q = { granted: ZERO, issued: ZERO, reclaimed: ZERO, returned: ZERO, ...d };
  out.voucher_quota_balances.upsert({
    partner_id: partnerId,
    currency: facts.partnerOf(e, partnerId).currency,
    ...q,
    available: quotaLeftOf(q),
    last_position: e.globalPosition,
  });
}

/**
 * The order's row: inserted when it is placed (the command side refuses an order id it has seen,
 * so no row can hold it yet), merged on its key when a later event changes it.
 */
function writeOrder(out: Out, o: OrderContext, placed = false): void {
  const row = {
    order_id: o.orderId,
    customer_id: o.customerId,
    currency: o.currency,
    cash_remaining: o.cashRemaining,
    voucher_remaining: o.voucherRemaining,
    paid_by: o.paidBy,
  };
  if (placed) out.orders.insert(row);
  else out.orders.upsert(row);
}

function writeQuota(out: Out, q: Quota): void {
  out.voucher_quotas.upsert({
    quota_id: q.quotaId,
    partner_id: q.partnerId,
    grantor_id: q.grantorId,
    currency: q.currency,
    granted: q.granted,
    issued: q.issued,
    reclaimed: q.reclaimed,
    returned: q.returned,
    available: left(q),
    expires_at: q.expiresAt,
    granted_at: q.grantedAt,
    last_position: q.lastPosition,
  });
}

function writeVoucher(out: Out, v: Voucher): void {
  out.vouchers.upsert({
    voucher_id: v.voucherId,
    quota_id: v.quotaId,
    customer_id: v.customerId,
    amount: v.amount,
    used: v.used,
    issued_at: v.issuedAt,
    expires_at: v.expiresAt,
    revoked_at: v.revokedAt,
    last_position: v.lastPosition,
  });
}

/** The operation record of a quota event, with what the quota has left after it. */
function record(
  e: KnownEvent,
  facts: BalancesFacts,
  out: Out,
  quota: Quota,
  kind: string,
  value: Decimal,
  voucher?: Voucher,
) {
  out.voucher_quota_operations.insert({
    position: e.globalPosition,
    quota_id: quota.quotaId,
    kind,
    occurred_at: e.occurredAt,
    recorded_at: e.recordedAt,
    customer_id: voucher?.customerId ?? null,
    customer_name: voucher ? (facts.associations.nameOf(voucher.customerId) ?? null) : null,
    voucher_id: voucher?.voucherId ?? null,
    amount: value,
    quota_left_after: left(quota),
    actor: actorOf(e),
    event_id: e.eventId,
  });
}

/** A refund or rebate: out of the order's cash part first (the domain's `cashFirst`), the cash back to its payer. */
function giveBack(
  e: EventOf<'OrderRefunded' | 'SpecChanged'>,
  facts: BalancesFacts,
  out: Out,
  order: OrderContext,
  value: Decimal,
  source: { type: string; id: string },
): void {
  const cash = cashFirst(value, order.cashRemaining);
  order.cashRemaining = order.cashRemaining.minus(cash);
  order.voucherRemaining = Decimal.max(order.voucherRemaining.minus(value.minus(cash)), ZERO);
  writeOrder(out, order);
  if (order.paidBy && !cash.isZero()) addFunds(e, facts, out, order.paidBy, 'returned', cash, source);
  // Booked like consumption books it: the period by the closed periods, the partner at occurredAt.
  const booking = facts.periods.booking(e.occurredAt, facts.closed.set);
  out.refund_sources.insert({
    position: e.globalPosition,
    source_type: e.type,
    source_id: e.type === 'OrderRefunded' ? e.data.refundId : e.data.changeId,
    occurred_at: e.occurredAt,
    partner_id: facts.associations.at(order.customerId, millis(e.occurredAt))?.partnerId ?? null,
    customer_id: order.customerId,
    order_id: order.orderId,
    currency: order.currency,
    resource_ids: JSON.stringify(e.type === 'OrderRefunded' ? e.data.resourceIds : [e.data.resourceId]),
    // A spec change names no reason (docs/events.md).
    reason: e.type === 'OrderRefunded' ? e.data.reason : null,
    amount: value,
    cash_part: cash,
    voucher_part: value.minus(cash),
    period: booking.period,
    corrects_period: booking.correctsPeriod ?? null,
  });
}

function foldAssociation(
  e: EventOf<'CustomerAssociated' | 'AssociationTypeSwitched' | 'CustomerDisassociated'>,
  facts: BalancesFacts,
  out: Out,
): void {
  for (const s of facts.associations.touched) out.customer_associations.upsert(segmentRow(e.data.customerId, s));
}

/** Reseller funds and their ledger, voucher quotas, vouchers and their operation records, customers' discounts (SPEC §3, §4, §6). */
export const balancesProjection = defineProjection({
  name: 'balances',
  schema: BALANCES_SCHEMA,
  // 4: the funds ledger (fund_operations), partners' parents, discounts and their rates; 5: where
  // refunds and rebates came from (refund_sources) and the closed periods that book them; 6: a
  // voucher revoked after it expired returns nothing to its quota; 7: refund_sources.corrects_period
  // (a refund booked late names the closed period it belongs to); tables recreated and the log replayed.
  version: 7,
  tables: balancesTables,
  facts: (context) => new BalancesFacts(context.schema, context.billingTz, context.associations),
  on: {
    PartnerRegistered: (e, _facts, out) =>
      out.partners.upsert({
        partner_id: e.data.partnerId,
        tier: e.data.tier,
        currency: e.data.currency,
        parent_id: e.data.parentId ?? null,
      }),
    CustomerAssociated: foldAssociation,
    AssociationTypeSwitched: foldAssociation,
    CustomerDisassociated: foldAssociation,
    FundsAllocated: (e, facts, out) =>
      addFunds(e, facts, out, e.data.resellerId, 'allocated', dec(e.data.amount), {
        type: 'allocation',
        id: e.data.allocationId,
        distributorId: e.data.distributorId,
      }),
    FundsReclaimed: (e, facts, out) =>
      addFunds(e, facts, out, e.data.resellerId, 'reclaimed', dec(e.data.amount), {
        type: 'reclaim',
        id: e.data.reclaimId,
        distributorId: e.data.distributorId,
      }),
    OrderPlaced: (e, facts, out) => {
      const d = e.data;
      const voucherAmount = new Decimal(d.voucherAmount ?? 0);
      const cash = cashPartOf(new Decimal(d.amount), voucherAmount);
      const reseller = facts.payer(e, d.customerId);
      const order: OrderContext = {
        orderId: d.orderId,
        customerId: d.customerId,
        currency: d.currency,
        cashRemaining: cash,
        voucherRemaining: voucherAmount,
        paidBy: reseller,
      };
      facts.orders.put(order);
      writeOrder(out, order, true);
      if (d.voucherId && !voucherAmount.isZero()) {
        const voucher = facts.voucherOf(e, d.voucherId);
        voucher.used = voucher.used.plus(voucherAmount);
        voucher.lastPosition = e.globalPosition;
        writeVoucher(out, voucher);
      }
      if (reseller && !cash.isZero())
        addFunds(e, facts, out, reseller, 'spent', cash, { type: 'order', id: d.orderId });
    },
    SpecChanged: (e, facts, out) => {
      const order = facts.orderOf(e, e.data.orderId);
      const value = new Decimal(e.data.amount);
      const source = { type: 'spec_change', id: e.data.changeId };
      if (!value.isPositive()) return giveBack(e, facts, out, order, value.abs(), source);
      order.cashRemaining = order.cashRemaining.plus(value);
      writeOrder(out, order);
      if (order.paidBy) addFunds(e, facts, out, order.paidBy, 'spent', value, source);
    },
    OrderRefunded: (e, facts, out) =>
      giveBack(e, facts, out, facts.orderOf(e, e.data.orderId), dec(e.data.amount), {
        type: 'refund',
        id: e.data.refundId,
      }),
    VoucherQuotaGranted: (e, facts, out) => {
      const d = e.data;
      const quota: Quota = {
        quotaId: d.quotaId,
        partnerId: d.partnerId,
        grantorId: d.grantorId,
        currency: d.currency,
        granted: new Decimal(d.amount),
        issued: ZERO,
        reclaimed: ZERO,
        returned: ZERO,
        expiresAt: d.expiresAt ?? null,
        grantedAt: e.occurredAt,
        lastPosition: e.globalPosition,
      };
      facts.quotas.put(quota);
      writeQuota(out, quota);
      addQuota(e, facts, out, d.partnerId, { granted: quota.granted });
      record(e, facts, out, quota, 'granted', quota.granted);
    },
    VoucherIssued: (e, facts, out) => {
      const d = e.data;
      const quota = facts.quotaOf(e, d.quotaId);
      const value = new Decimal(d.amount);
      quota.issued = quota.issued.plus(value);
      quota.lastPosition = e.globalPosition;
      writeQuota(out, quota);
      const voucher: Voucher = {
        voucherId: d.voucherId,
        quotaId: d.quotaId,
        customerId: d.customerId,
        amount: value,
        used: ZERO,
        issuedAt: e.occurredAt,
        expiresAt: d.expiresAt,
        revokedAt: null,
        lastPosition: e.globalPosition,
      };
      facts.vouchers.put(voucher);
      writeVoucher(out, voucher);
      addQuota(e, facts, out, quota.partnerId, { issued: value });
      record(e, facts, out, quota, 'issued', value, voucher);
    },
    VoucherQuotaReclaimed: (e, facts, out) => {
      const quota = facts.quotaOf(e, e.data.quotaId);
      const value = new Decimal(e.data.amount);
      quota.reclaimed = quota.reclaimed.plus(value);
      quota.lastPosition = e.globalPosition;
      writeQuota(out, quota);
      addQuota(e, facts, out, quota.partnerId, { reclaimed: value });
      record(e, facts, out, quota, 'reclaimed', value);
    },
    VoucherRevoked: (e, facts, out) => {
      const voucher = facts.voucherOf(e, e.data.voucherId);
      const quota = facts.quotaOf(e, voucher.quotaId);
      // Its unused value goes back to the quota, unless it expired first.
      const unused = voucherReturnedOnRevoke(voucher, e.occurredAt);
      voucher.revokedAt = e.occurredAt;
      voucher.lastPosition = e.globalPosition;
      writeVoucher(out, voucher);
      quota.returned = quota.returned.plus(unused);
      quota.lastPosition = e.globalPosition;
      writeQuota(out, quota);
      addQuota(e, facts, out, quota.partnerId, { returned: unused });
      record(e, facts, out, quota, 'revoked', unused, voucher);
    },
    PartnerProgramEnrolled: 'ignore',
    PartnerProgramWithdrawn: 'ignore',
    PartnerProfileChanged: 'ignore',
    DiscountGranted: (e, _facts, out) => {
      const d = e.data;
      out.discounts.upsert({
        discount_id: d.discountId,
        customer_id: d.customerId,
        product_types: JSON.stringify(d.productTypes ?? []),
        valid_from: d.validFrom,
        valid_to: d.validTo ?? null,
        revoked_from: null,
        granted_at: e.occurredAt,
        last_position: e.globalPosition,
      });
      out.discount_rates.insert({
        discount_id: d.discountId,
        position: e.globalPosition,
        rate: d.rate,
        effective_from: d.validFrom,
      });
    },
    DiscountChanged: (e, _facts, out) => {
      out.discount_rates.insert({
        discount_id: e.data.discountId,
        position: e.globalPosition,
        rate: e.data.rate,
        effective_from: e.data.effectiveFrom,
      });
      out.discounts.patch({ discount_id: e.data.discountId }, { last_position: e.globalPosition });
    },
    DiscountRevoked: (e, _facts, out) =>
      out.discounts.patch(
        { discount_id: e.data.discountId },
        { revoked_from: e.data.effectiveFrom, last_position: e.globalPosition },
      ),
    OnDemandCharged: 'ignore',
    AutoRenewSet: 'ignore',
    AdjustmentPosted: 'ignore',
    BillingPeriodClosed: (e, _facts, out) =>
      out.closed_periods.upsert({ period: e.data.period, closed_at: e.occurredAt, position: e.globalPosition }),
    IncentiveRulesPublished: 'ignore',
    StatementRevisionPublished: 'ignore',
    ProductTypeRegistered: 'ignore',
    UsageTypeRegistered: 'ignore',
    MeasureUnitRegistered: 'ignore',
    MarketplaceTransactionRecorded: 'ignore',
    MarketplaceTransactionBilled: 'ignore',
    MarketplaceSupervisionReleased: 'ignore',
  },
  // Databases made before the tables were declared: upgraded in place.
  upgrades: [
    {
      version: 1,
      name: 'funds, voucher quotas, vouchers, operation records',
      sql: (s) => `
        CREATE TABLE ${s}.reseller_funds (
          partner_id text PRIMARY KEY,
          currency text NOT NULL,
          allocated numeric(30,8) NOT NULL,
          reclaimed numeric(30,8) NOT NULL,
          spent numeric(30,8) NOT NULL,
          returned numeric(30,8) NOT NULL,
          available numeric(30,8) NOT NULL,
          last_position bigint NOT NULL
        );
        CREATE TABLE ${s}.voucher_quota_balances (
          partner_id text PRIMARY KEY,
          currency text NOT NULL,
          granted numeric(30,8) NOT NULL,
          issued numeric(30,8) NOT NULL,
          reclaimed numeric(30,8) NOT NULL,
          returned numeric(30,8) NOT NULL,
          available numeric(30,8) NOT NULL,
          last_position bigint NOT NULL
        );
        CREATE TABLE ${s}.voucher_quotas (
          quota_id text PRIMARY KEY,
          partner_id text NOT NULL,
          grantor_id text NOT NULL,
          currency text NOT NULL,
          granted numeric(30,8) NOT NULL,
          issued numeric(30,8) NOT NULL,
          reclaimed numeric(30,8) NOT NULL,
          returned numeric(30,8) NOT NULL,
          available numeric(30,8) NOT NULL,
          expires_at timestamptz,
          granted_at timestamptz NOT NULL,
          last_position bigint NOT NULL
        );
        CREATE INDEX ON ${s}.voucher_quotas (partner_id);
        CREATE TABLE ${s}.vouchers (
          voucher_id text PRIMARY KEY,
          quota_id text NOT NULL,
          customer_id text NOT NULL,
          amount numeric(30,8) NOT NULL,
          used numeric(30,8) NOT NULL,
          issued_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL,
          revoked_at timestamptz,
          last_position bigint NOT NULL
        );
        CREATE INDEX ON ${s}.vouchers (quota_id);
        CREATE INDEX ON ${s}.vouchers (customer_id);
        CREATE TABLE ${s}.voucher_quota_operations (
          position bigint PRIMARY KEY,
          quota_id text NOT NULL,
          kind text NOT NULL,
          occurred_at timestamptz NOT NULL,
          recorded_at timestamptz NOT NULL,
          customer_id text,
          customer_name text,
          voucher_id text,
          amount numeric(30,8) NOT NULL,
          quota_left_after numeric(30,8) NOT NULL,
          actor text,
          event_id text NOT NULL
        );
        CREATE INDEX ON ${s}.voucher_quota_operations (quota_id, position DESC);
        CREATE TABLE ${s}.partners (
          partner_id text PRIMARY KEY,
          tier text NOT NULL,
          currency text NOT NULL
        );
        CREATE TABLE ${s}.orders (
          order_id text PRIMARY KEY,
          customer_id text NOT NULL,
          cash_remaining numeric(30,8) NOT NULL,
          voucher_remaining numeric(30,8) NOT NULL
        );
        ${associationsDdl(`${s}.customer_associations`)}`,
    },
    {
      version: 2,
      name: 'orders remember the reseller whose funds paid them',
      // Existing rows get NULL; `reckon rebuild balances` fills them from the log.
      sql: (s) => `ALTER TABLE ${s}.orders ADD COLUMN paid_by text;`,
    },
    {
      version: 3,
      name: 'amounts hold sums of 30 integer digits',
      sql: (s) =>
        widenAmounts(s, {
          reseller_funds: ['allocated', 'reclaimed', 'spent', 'returned', 'available'],
          voucher_quota_balances: ['granted', 'issued', 'reclaimed', 'returned', 'available'],
          voucher_quotas: ['granted', 'issued', 'reclaimed', 'returned', 'available'],
          vouchers: ['amount', 'used'],
          voucher_quota_operations: ['amount', 'quota_left_after'],
          orders: ['cash_remaining', 'voucher_remaining'],
        }),
    },
  ],
});
