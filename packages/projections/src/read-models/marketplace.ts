/**
 * Marketplace revenue split (SPEC §6, 云商店 商品分账): each transaction with its commission and
 * partner share (the domain's `marketplaceSplit`), booked by period like every figure (§4), and its
 * billing and supervision status; and per seller × booking period, the sums the summary answers.
 */
import { Decimal, marketplaceSplit, ZERO } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { ClosedPeriods, closedPeriods } from '../context/closed-periods.js';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import { amount, position, text, time } from '../model/columns.js';
import { defineProjection, type EventOf, type Facts } from '../model/projection.js';
import { table } from '../model/table.js';
import { PeriodLocator } from '../time.js';
import type { Changes } from '../write/changes.js';

export const MARKETPLACE_SCHEMA = 'rm_marketplace';

/** `none` for a transaction that was never under supervision. */
export const SUPERVISION_STATUSES = ['supervised', 'released', 'none'] as const;
export const BILLING_STATUSES = ['unbilled', 'billed'] as const;

export const marketplaceTables = {
  marketplace_transactions: table(
    'marketplace_transactions',
    {
      transaction_id: text().key(),
      partner_id: text(),
      order_id: text(),
      period: text(),
      corrects_period: text().orNull(),
      occurred_at: time(),
      product_name: text(),
      customer_id: text().orNull(),
      customer_name: text().orNull(),
      kind: text(),
      amount: amount(),
      commission_rate: amount(),
      commission: amount(),
      partner_share: amount(),
      currency: text(),
      refund_of: text().orNull(),
      billing_status: text(),
      supervision_status: text(),
      position: position(),
    },
    { indexes: ['partner_id, period', 'partner_id, order_id'] },
  ),
  marketplace_summary: table(
    'marketplace_summary',
    {
      partner_id: text().key(),
      period: text().key(),
      currency: text().keep(),
      amount: amount().add(),
      commission: amount().add(),
      partner_share: amount().add(),
      /** Partner shares of billed transactions. */
      billed: amount().add(),
      /** Partner shares of unbilled transactions. */
      unbilled: amount().add(),
      /** Partner shares of transactions under supervision (not yet released). */
      supervised: amount().add(),
      last_position: position(),
    },
    { writeOnly: true },
  ),
  closed_periods: closedPeriods,
} as const;

/** What a later status change needs of its transaction. */
interface Booked {
  partnerId: string;
  period: string;
  currency: string;
  partnerShare: Decimal;
}

class MarketplaceFacts implements Facts {
  readonly closed: ClosedPeriods;
  readonly periods: PeriodLocator;
  private readonly booked = new Map<string, Booked>();
  private complete = false;

  constructor(
    private readonly schema: string,
    billingTz: string,
  ) {
    this.closed = new ClosedPeriods(schema);
    this.periods = new PeriodLocator(billingTz);
  }

  async load(client: PoolClient, events: readonly KnownEvent[]): Promise<void> {
    await this.closed.load(client);
    if (this.complete) return;
    const missing = new Set<string>();
    for (const e of events) {
      if (e.type === 'MarketplaceTransactionBilled' || e.type === 'MarketplaceSupervisionReleased') {
        if (!this.booked.has(e.data.transactionId)) missing.add(e.data.transactionId);
      }
    }
    if (missing.size === 0) return;
    const found = await client.query(
      `SELECT transaction_id, partner_id, period, currency, partner_share
         FROM ${this.schema}.marketplace_transactions WHERE transaction_id = ANY($1)`,
      [[...missing]],
    );
    for (const r of found.rows) {
      this.booked.set(r.transaction_id, {
        partnerId: r.partner_id,
        period: r.period,
        currency: r.currency,
        partnerShare: new Decimal(r.partner_share),
      });
    }
  }

  startFromZero(): void {
    this.closed.startComplete();
    this.complete = true;
  }

  evolve(e: KnownEvent): void {
    if (e.type === 'BillingPeriodClosed') this.closed.apply(e);
  }

  remember(transactionId: string, booked: Booked): void {
    this.booked.set(transactionId, booked);
  }

  bookedOf(e: KnownEvent, transactionId: string): Booked {
    const booked = this.booked.get(transactionId);
    if (!booked) {
      throw new ProjectionError(
        `${e.type}: transaction ${transactionId} is not in the log before it`,
        e.globalPosition,
      );
    }
    return booked;
  }

  committed(): void {
    this.closed.committed();
    // Status changes come soon after their transaction: keep a bounded memory, read back the rest.
    if (this.booked.size > 200_000) {
      this.booked.clear();
      this.complete = false;
    }
  }

  reset(): void {
    this.closed.reset();
    this.booked.clear();
    this.complete = false;
  }
}

type Out = Changes<typeof marketplaceTables>;

function recorded(e: EventOf<'MarketplaceTransactionRecorded'>, facts: MarketplaceFacts, out: Out): void {
  const d = e.data;
  const value = new Decimal(d.amount);
  const { commission, partnerShare } = marketplaceSplit(value, new Decimal(d.commissionRate));
  const booking = facts.periods.booking(e.occurredAt, facts.closed.set);
  out.marketplace_transactions.insert({
    transaction_id: d.transactionId,
    partner_id: d.partnerId,
    order_id: d.orderId,
    period: booking.period,
    corrects_period: booking.correctsPeriod ?? null,
    occurred_at: e.occurredAt,
    product_name: d.productName,
    customer_id: d.customerId ?? null,
    customer_name: d.customerName ?? null,
    kind: d.kind,
    amount: value,
    commission_rate: new Decimal(d.commissionRate),
    commission,
    partner_share: partnerShare,
    currency: d.currency,
    refund_of: d.refundOf ?? null,
    billing_status: 'unbilled',
    supervision_status: d.supervised ? 'supervised' : 'none',
    position: e.globalPosition,
  });
  facts.remember(d.transactionId, {
    partnerId: d.partnerId,
    period: booking.period,
    currency: d.currency,
    partnerShare,
  });
  summary(
    out,
    e,
    { partnerId: d.partnerId, period: booking.period, currency: d.currency },
    {
      amount: value,
      commission,
      partner_share: partnerShare,
      unbilled: partnerShare,
      supervised: d.supervised ? partnerShare : ZERO,
    },
  );
}

function summary(
  out: Out,
  e: KnownEvent,
  at: { partnerId: string; period: string; currency: string },
  figures: Partial<Record<'amount' | 'commission' | 'partner_share' | 'billed' | 'unbilled' | 'supervised', Decimal>>,
): void {
  out.marketplace_summary.upsert({
    partner_id: at.partnerId,
    period: at.period,
    currency: at.currency,
    amount: figures.amount ?? ZERO,
    commission: figures.commission ?? ZERO,
    partner_share: figures.partner_share ?? ZERO,
    billed: figures.billed ?? ZERO,
    unbilled: figures.unbilled ?? ZERO,
    supervised: figures.supervised ?? ZERO,
    last_position: e.globalPosition,
  });
}

/** Marketplace transactions and per-seller period sums (SPEC §6). */
export const marketplaceProjection = defineProjection({
  name: 'marketplace',
  schema: MARKETPLACE_SCHEMA,
  version: 1,
  tables: marketplaceTables,
  facts: (context) => new MarketplaceFacts(context.schema, context.billingTz),
  on: {
    MarketplaceTransactionRecorded: recorded,
    MarketplaceTransactionBilled: (e, facts, out) => {
      const booked = facts.bookedOf(e, e.data.transactionId);
      out.marketplace_transactions.patch({ transaction_id: e.data.transactionId }, { billing_status: 'billed' });
      summary(out, e, booked, { billed: booked.partnerShare, unbilled: booked.partnerShare.negated() });
    },
    MarketplaceSupervisionReleased: (e, facts, out) => {
      const booked = facts.bookedOf(e, e.data.transactionId);
      out.marketplace_transactions.patch({ transaction_id: e.data.transactionId }, { supervision_status: 'released' });
      summary(out, e, booked, { supervised: booked.partnerShare.negated() });
    },
    BillingPeriodClosed: (e, _facts, out) =>
      out.closed_periods.upsert({ period: e.data.period, closed_at: e.occurredAt, position: e.globalPosition }),
    PartnerRegistered: 'ignore',
    PartnerProgramEnrolled: 'ignore',
    PartnerProgramWithdrawn: 'ignore',
    CustomerAssociated: 'ignore',
    AssociationTypeSwitched: 'ignore',
    CustomerDisassociated: 'ignore',
    DiscountGranted: 'ignore',
    DiscountChanged: 'ignore',
    DiscountRevoked: 'ignore',
    OrderPlaced: 'ignore',
    OrderRefunded: 'ignore',
    SpecChanged: 'ignore',
    OnDemandCharged: 'ignore',
    AutoRenewSet: 'ignore',
    AdjustmentPosted: 'ignore',
    FundsAllocated: 'ignore',
    FundsReclaimed: 'ignore',
    VoucherQuotaGranted: 'ignore',
    VoucherQuotaReclaimed: 'ignore',
    VoucherIssued: 'ignore',
    VoucherRevoked: 'ignore',
    IncentiveRulesPublished: 'ignore',
    StatementRevisionPublished: 'ignore',
    PartnerProfileChanged: 'ignore',
    ProductTypeRegistered: 'ignore',
    UsageTypeRegistered: 'ignore',
    MeasureUnitRegistered: 'ignore',
  },
});
