import { Decimal } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { AssociationBook, associationsDdl } from '../context/associations.js';
import { RowCache } from '../context/row-cache.js';
import { ProjectionError } from '../errors.js';
import { actorOf, type KnownEvent } from '../events.js';
import type { ProjectionContext, ProjectionDefinition, ProjectionHandler } from '../projection.js';
import { type Column, upsertRows, widenAmounts } from '../sql.js';
import { millis } from '../time.js';

export const BALANCES_SCHEMA = 'rm_balances';

interface PartnerContext {
  partnerId: string;
  tier: string;
  currency: string;
}

/** An order's cash and voucher parts still refundable (refunds take cash first, SPEC §3). */
interface OrderContext {
  orderId: string;
  customerId: string;
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

interface FundsDelta {
  currency: string;
  allocated: Decimal;
  reclaimed: Decimal;
  spent: Decimal;
  returned: Decimal;
  lastPosition: number;
}

interface QuotaDelta {
  currency: string;
  granted: Decimal;
  issued: Decimal;
  reclaimed: Decimal;
  returned: Decimal;
  lastPosition: number;
}

const ZERO = new Decimal(0);
const dec = (v: unknown): Decimal => new Decimal(v as string);
const left = (q: Quota): Decimal => q.granted.minus(q.issued).minus(q.reclaimed).plus(q.returned);

const FUNDS_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'currency', type: 'text', onConflict: 'keep' },
  { name: 'allocated', type: 'numeric', onConflict: 'add' },
  { name: 'reclaimed', type: 'numeric', onConflict: 'add' },
  { name: 'spent', type: 'numeric', onConflict: 'add' },
  { name: 'returned', type: 'numeric', onConflict: 'add' },
  { name: 'available', type: 'numeric', onConflict: 'add' },
  { name: 'last_position', type: 'bigint' },
];

const QUOTA_BALANCE_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'currency', type: 'text', onConflict: 'keep' },
  { name: 'granted', type: 'numeric', onConflict: 'add' },
  { name: 'issued', type: 'numeric', onConflict: 'add' },
  { name: 'reclaimed', type: 'numeric', onConflict: 'add' },
  { name: 'returned', type: 'numeric', onConflict: 'add' },
  { name: 'available', type: 'numeric', onConflict: 'add' },
  { name: 'last_position', type: 'bigint' },
];

const OPERATION_COLUMNS: Column[] = [
  { name: 'position', type: 'bigint' },
  { name: 'quota_id', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'recorded_at', type: 'timestamptz' },
  { name: 'customer_id', type: 'text' },
  { name: 'customer_name', type: 'text' },
  { name: 'voucher_id', type: 'text' },
  { name: 'amount', type: 'numeric' },
  { name: 'quota_left_after', type: 'numeric' },
  { name: 'actor', type: 'text' },
  { name: 'event_id', type: 'text' },
];

class BalancesHandler implements ProjectionHandler {
  private readonly associations: AssociationBook;
  private readonly partners: RowCache<PartnerContext>;
  private readonly orders: RowCache<OrderContext>;
  private readonly quotas: RowCache<Quota>;
  private readonly vouchers: RowCache<Voucher>;

  constructor(private readonly schema: string) {
    this.associations = new AssociationBook(`${schema}.customer_associations`);
    this.partners = new RowCache<PartnerContext>({
      table: `${schema}.partners`,
      key: ['partner_id'],
      columns: [
        { name: 'partner_id', type: 'text' },
        { name: 'tier', type: 'text' },
        { name: 'currency', type: 'text' },
      ],
      toRow: (p) => [p.partnerId, p.tier, p.currency],
      fromRow: (r) => ({ partnerId: r.partner_id as string, tier: r.tier as string, currency: r.currency as string }),
      keyOf: (p) => [p.partnerId],
      maxEntries: 10_000,
    });
    this.orders = new RowCache<OrderContext>({
      table: `${schema}.orders`,
      key: ['order_id'],
      columns: [
        { name: 'order_id', type: 'text' },
        { name: 'customer_id', type: 'text' },
        { name: 'cash_remaining', type: 'numeric' },
        { name: 'voucher_remaining', type: 'numeric' },
        { name: 'paid_by', type: 'text' },
      ],
      toRow: (o) => [o.orderId, o.customerId, o.cashRemaining.toFixed(), o.voucherRemaining.toFixed(), o.paidBy],
      fromRow: (r) => ({
        orderId: r.order_id as string,
        customerId: r.customer_id as string,
        cashRemaining: dec(r.cash_remaining),
        voucherRemaining: dec(r.voucher_remaining),
        paidBy: (r.paid_by as string | null) ?? null,
      }),
      keyOf: (o) => [o.orderId],
      maxEntries: 25_000,
    });
    this.quotas = new RowCache<Quota>({
      table: `${schema}.voucher_quotas`,
      key: ['quota_id'],
      columns: [
        { name: 'quota_id', type: 'text' },
        { name: 'partner_id', type: 'text' },
        { name: 'grantor_id', type: 'text' },
        { name: 'currency', type: 'text' },
        { name: 'granted', type: 'numeric' },
        { name: 'issued', type: 'numeric' },
        { name: 'reclaimed', type: 'numeric' },
        { name: 'returned', type: 'numeric' },
        { name: 'available', type: 'numeric' },
        { name: 'expires_at', type: 'timestamptz' },
        { name: 'granted_at', type: 'timestamptz' },
        { name: 'last_position', type: 'bigint' },
      ],
      toRow: (q) => [
        q.quotaId,
        q.partnerId,
        q.grantorId,
        q.currency,
        q.granted.toFixed(),
        q.issued.toFixed(),
        q.reclaimed.toFixed(),
        q.returned.toFixed(),
        left(q).toFixed(),
        q.expiresAt,
        q.grantedAt,
        q.lastPosition,
      ],
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
    });
    this.vouchers = new RowCache<Voucher>({
      table: `${schema}.vouchers`,
      key: ['voucher_id'],
      columns: [
        { name: 'voucher_id', type: 'text' },
        { name: 'quota_id', type: 'text' },
        { name: 'customer_id', type: 'text' },
        { name: 'amount', type: 'numeric' },
        { name: 'used', type: 'numeric' },
        { name: 'issued_at', type: 'timestamptz' },
        { name: 'expires_at', type: 'timestamptz' },
        { name: 'revoked_at', type: 'timestamptz' },
        { name: 'last_position', type: 'bigint' },
      ],
      toRow: (v) => [
        v.voucherId,
        v.quotaId,
        v.customerId,
        v.amount.toFixed(),
        v.used.toFixed(),
        v.issuedAt,
        v.expiresAt,
        v.revokedAt,
        v.lastPosition,
      ],
      fromRow: (r) => ({
        voucherId: r.voucher_id as string,
        quotaId: r.quota_id as string,
        customerId: r.customer_id as string,
        amount: dec(r.amount),
        used: dec(r.used),
        issuedAt: r.issued_at as string,
        expiresAt: r.expires_at as string,
        revokedAt: (r.revoked_at as string | null) ?? null,
        lastPosition: Number(r.last_position),
      }),
      keyOf: (v) => [v.voucherId],
      maxEntries: 25_000,
    });
  }

  async apply(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
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
    await this.orders.load(client, orderIds);
    await this.vouchers.load(client, voucherIds);
    // Round 2: what those lead to (a voucher's quota, an order's customer, customers' partners).
    for (const [voucherId] of voucherIds) {
      const voucher = this.vouchers.get([voucherId!]);
      if (voucher) quotaIds.push([voucher.quotaId]);
    }
    await this.quotas.load(client, quotaIds);
    const customerIds = new Set<string>();
    for (const e of events) {
      if ('customerId' in e.data && typeof e.data.customerId === 'string') customerIds.add(e.data.customerId);
      else if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') {
        const order = this.orders.get([e.data.orderId]);
        if (order) customerIds.add(order.customerId);
      } else if (e.type === 'VoucherRevoked') {
        const voucher = this.vouchers.get([e.data.voucherId]);
        if (voucher) customerIds.add(voucher.customerId);
      }
    }
    await this.associations.load(client, customerIds);
    for (const id of customerIds) {
      for (const s of this.associations.history(id)?.segments ?? []) partnerIds.push([s.partnerId]);
    }
    for (const [quotaId] of quotaIds) {
      const quota = this.quotas.get([quotaId!]);
      if (quota) partnerIds.push([quota.partnerId]);
    }
    for (const e of events) if (e.type === 'VoucherQuotaGranted') partnerIds.push([e.data.partnerId]);
    await this.partners.load(client, partnerIds);

    const funds = new Map<string, FundsDelta>();
    const quotaBalances = new Map<string, QuotaDelta>();
    const operations: unknown[][] = [];

    const partnerOf = (e: KnownEvent, partnerId: string): PartnerContext => {
      const partner = this.partners.get([partnerId]);
      if (!partner)
        throw new ProjectionError(`${e.type}: partner ${partnerId} is not in the log before it`, e.globalPosition);
      return partner;
    };
    const fundsOf = (e: KnownEvent, partnerId: string): FundsDelta => {
      let delta = funds.get(partnerId);
      if (!delta) {
        delta = {
          currency: partnerOf(e, partnerId).currency,
          allocated: ZERO,
          reclaimed: ZERO,
          spent: ZERO,
          returned: ZERO,
          lastPosition: 0,
        };
        funds.set(partnerId, delta);
      }
      delta.lastPosition = e.globalPosition;
      return delta;
    };
    const quotaBalanceOf = (e: KnownEvent, partnerId: string): QuotaDelta => {
      let delta = quotaBalances.get(partnerId);
      if (!delta) {
        delta = {
          currency: partnerOf(e, partnerId).currency,
          granted: ZERO,
          issued: ZERO,
          reclaimed: ZERO,
          returned: ZERO,
          lastPosition: 0,
        };
        quotaBalances.set(partnerId, delta);
      }
      delta.lastPosition = e.globalPosition;
      return delta;
    };
    /** The reseller whose funds pay for (or get back) an order event's cash: resale mode only. */
    const payingReseller = (e: KnownEvent, customerId: string): string | undefined => {
      const segment = this.associations.at(customerId, millis(e.occurredAt));
      if (segment?.associationType !== 'resale') return undefined;
      return partnerOf(e, segment.partnerId).tier === 'reseller' ? segment.partnerId : undefined;
    };
    const orderOf = (e: KnownEvent, orderId: string): OrderContext => {
      const order = this.orders.get([orderId]);
      if (!order)
        throw new ProjectionError(`${e.type}: order ${orderId} is not in the log before it`, e.globalPosition);
      return order;
    };
    const quotaOf = (e: KnownEvent, quotaId: string): Quota => {
      const quota = this.quotas.get([quotaId]);
      if (!quota)
        throw new ProjectionError(`${e.type}: voucher quota ${quotaId} is not in the log before it`, e.globalPosition);
      return quota;
    };
    const voucherOf = (e: KnownEvent, voucherId: string): Voucher => {
      const voucher = this.vouchers.get([voucherId]);
      if (!voucher)
        throw new ProjectionError(`${e.type}: voucher ${voucherId} is not in the log before it`, e.globalPosition);
      return voucher;
    };
    /** Refunds and rebates come out of the order's cash part first, then its voucher part. */
    const giveBack = (e: KnownEvent, order: OrderContext, amount: Decimal): void => {
      const cash = Decimal.min(amount, Decimal.max(order.cashRemaining, ZERO));
      order.cashRemaining = order.cashRemaining.minus(cash);
      order.voucherRemaining = Decimal.max(order.voucherRemaining.minus(amount.minus(cash)), ZERO);
      this.orders.touch(order);
      const reseller = order.paidBy;
      if (reseller && !cash.isZero()) {
        const delta = fundsOf(e, reseller);
        delta.returned = delta.returned.plus(cash);
      }
    };
    const record = (e: KnownEvent, quota: Quota, kind: string, amount: Decimal, voucher?: Voucher): void => {
      operations.push([
        e.globalPosition,
        quota.quotaId,
        kind,
        e.occurredAt,
        e.recordedAt,
        voucher?.customerId ?? null,
        voucher ? (this.associations.nameOf(voucher.customerId) ?? null) : null,
        voucher?.voucherId ?? null,
        amount.toFixed(),
        left(quota).toFixed(),
        actorOf(e),
        e.eventId,
      ]);
    };

    for (const e of events) {
      switch (e.type) {
        case 'PartnerRegistered':
          this.partners.put({ partnerId: e.data.partnerId, tier: e.data.tier, currency: e.data.currency });
          break;
        case 'CustomerAssociated':
        case 'AssociationTypeSwitched':
        case 'CustomerDisassociated':
          this.associations.apply(e);
          break;
        case 'FundsAllocated': {
          const delta = fundsOf(e, e.data.resellerId);
          delta.allocated = delta.allocated.plus(e.data.amount);
          break;
        }
        case 'FundsReclaimed': {
          const delta = fundsOf(e, e.data.resellerId);
          delta.reclaimed = delta.reclaimed.plus(e.data.amount);
          break;
        }
        case 'OrderPlaced': {
          const d = e.data;
          const voucherAmount = new Decimal(d.voucherAmount ?? 0);
          const cash = new Decimal(d.amount).minus(voucherAmount);
          const reseller = payingReseller(e, d.customerId);
          this.orders.put({
            orderId: d.orderId,
            customerId: d.customerId,
            cashRemaining: cash,
            voucherRemaining: voucherAmount,
            paidBy: reseller ?? null,
          });
          if (d.voucherId && !voucherAmount.isZero()) {
            const voucher = voucherOf(e, d.voucherId);
            voucher.used = voucher.used.plus(voucherAmount);
            voucher.lastPosition = e.globalPosition;
            this.vouchers.touch(voucher);
          }
          if (reseller && !cash.isZero()) {
            const delta = fundsOf(e, reseller);
            delta.spent = delta.spent.plus(cash);
          }
          break;
        }
        case 'SpecChanged': {
          const order = orderOf(e, e.data.orderId);
          const amount = new Decimal(e.data.amount);
          if (amount.isPositive()) {
            order.cashRemaining = order.cashRemaining.plus(amount);
            this.orders.touch(order);
            const reseller = order.paidBy;
            if (reseller) {
              const delta = fundsOf(e, reseller);
              delta.spent = delta.spent.plus(amount);
            }
          } else {
            giveBack(e, order, amount.abs());
          }
          break;
        }
        case 'OrderRefunded':
          giveBack(e, orderOf(e, e.data.orderId), new Decimal(e.data.amount));
          break;
        case 'VoucherQuotaGranted': {
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
          this.quotas.put(quota);
          const delta = quotaBalanceOf(e, d.partnerId);
          delta.granted = delta.granted.plus(d.amount);
          record(e, quota, 'granted', quota.granted);
          break;
        }
        case 'VoucherIssued': {
          const d = e.data;
          const quota = quotaOf(e, d.quotaId);
          const amount = new Decimal(d.amount);
          quota.issued = quota.issued.plus(amount);
          quota.lastPosition = e.globalPosition;
          this.quotas.touch(quota);
          const voucher: Voucher = {
            voucherId: d.voucherId,
            quotaId: d.quotaId,
            customerId: d.customerId,
            amount,
            used: ZERO,
            issuedAt: e.occurredAt,
            expiresAt: d.expiresAt,
            revokedAt: null,
            lastPosition: e.globalPosition,
          };
          this.vouchers.put(voucher);
          const delta = quotaBalanceOf(e, quota.partnerId);
          delta.issued = delta.issued.plus(amount);
          record(e, quota, 'issued', amount, voucher);
          break;
        }
        case 'VoucherQuotaReclaimed': {
          const quota = quotaOf(e, e.data.quotaId);
          const amount = new Decimal(e.data.amount);
          quota.reclaimed = quota.reclaimed.plus(amount);
          quota.lastPosition = e.globalPosition;
          this.quotas.touch(quota);
          const delta = quotaBalanceOf(e, quota.partnerId);
          delta.reclaimed = delta.reclaimed.plus(amount);
          record(e, quota, 'reclaimed', amount);
          break;
        }
        case 'VoucherRevoked': {
          const voucher = voucherOf(e, e.data.voucherId);
          const quota = quotaOf(e, voucher.quotaId);
          // Its unused value goes back to the quota.
          const unused = Decimal.max(voucher.amount.minus(voucher.used), ZERO);
          voucher.revokedAt = e.occurredAt;
          voucher.lastPosition = e.globalPosition;
          this.vouchers.touch(voucher);
          quota.returned = quota.returned.plus(unused);
          quota.lastPosition = e.globalPosition;
          this.quotas.touch(quota);
          const delta = quotaBalanceOf(e, quota.partnerId);
          delta.returned = delta.returned.plus(unused);
          record(e, quota, 'revoked', unused, voucher);
          break;
        }
      }
    }

    await this.associations.flush(client);
    await this.partners.flush(client);
    await this.orders.flush(client);
    await this.quotas.flush(client);
    await this.vouchers.flush(client);
    await upsertRows(
      client,
      { table: `${this.schema}.reseller_funds`, columns: FUNDS_COLUMNS, key: ['partner_id'] },
      [...funds].map(([partnerId, d]) => [
        partnerId,
        d.currency,
        d.allocated.toFixed(),
        d.reclaimed.toFixed(),
        d.spent.toFixed(),
        d.returned.toFixed(),
        d.allocated.minus(d.reclaimed).minus(d.spent).plus(d.returned).toFixed(),
        d.lastPosition,
      ]),
    );
    await upsertRows(
      client,
      { table: `${this.schema}.voucher_quota_balances`, columns: QUOTA_BALANCE_COLUMNS, key: ['partner_id'] },
      [...quotaBalances].map(([partnerId, d]) => [
        partnerId,
        d.currency,
        d.granted.toFixed(),
        d.issued.toFixed(),
        d.reclaimed.toFixed(),
        d.returned.toFixed(),
        d.granted.minus(d.issued).minus(d.reclaimed).plus(d.returned).toFixed(),
        d.lastPosition,
      ]),
    );
    await upsertRows(
      client,
      { table: `${this.schema}.voucher_quota_operations`, columns: OPERATION_COLUMNS },
      operations,
    );
  }

  committed(): void {
    this.associations.committed();
    this.partners.committed();
    this.orders.committed();
    this.quotas.committed();
    this.vouchers.committed();
  }

  reset(): void {
    this.associations.reset();
    this.partners.reset();
    this.orders.reset();
    this.quotas.reset();
    this.vouchers.reset();
  }
}

/** Reseller funds, voucher quotas and their operation records (SPEC §3, §4). */
export const balancesProjection: ProjectionDefinition = {
  name: 'balances',
  schema: BALANCES_SCHEMA,
  migrations: [
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
  tables: [
    { name: 'reseller_funds', key: ['partner_id'] },
    { name: 'voucher_quota_balances', key: ['partner_id'] },
    { name: 'voucher_quotas', key: ['quota_id'] },
    { name: 'vouchers', key: ['voucher_id'] },
    { name: 'voucher_quota_operations', key: ['position'] },
    { name: 'partners', key: ['partner_id'] },
    { name: 'orders', key: ['order_id'] },
    { name: 'customer_associations', key: ['customer_id', 'seq'] },
  ],
  create: (context: ProjectionContext) => new BalancesHandler(context.schema),
};
