/**
 * The decisions: for each event type, which streams it reads and writes, and the invariants of
 * SPEC §3 it must satisfy against their states. Pure; the planner (`plan.ts`) supplies the states.
 */
import {
  associationAt,
  discountAt,
  discountCovers,
  fundsAvailable,
  quotaLeft,
  splitRefund,
  voucherUnused,
} from './aggregates/queries';
import type {
  AggregateState,
  CustomerState,
  DiscountState,
  FundsState,
  MarkerState,
  OrderState,
  PartnerState,
  PeriodsState,
  QuotaState,
  RulesState,
  StatementState,
  VoucherState,
} from './aggregates/state';
import { streamIds as S } from './aggregates/streams';
import type { DomainEvent, EventType } from './events/catalogue';
import { formatAmount, parseAmount, roundHalfUpTo } from './money';
import { instantMillis, nextPeriod } from './period';
import { refuse } from './rules';

/** What a decision may do with streams; the planner implements it over snapshots. */
export interface DecisionContext {
  /** Makes sure these streams are loaded (asking the caller for all missing ones at once). */
  prefetch(streamIds: readonly string[]): void;
  /** The state of a stream, recorded as read (its version is checked at append). */
  read<S extends AggregateState>(streamId: string): S | undefined;
  /** Appends the event to its home stream. */
  append(streamId: string, event: DomainEvent): void;
  /** Places the event into another stream as well. */
  link(streamId: string, event: DomainEvent): void;
}

type Decision<K extends EventType> = (e: DomainEvent<K>, ctx: DecisionContext) => void;

const q = (s: string) => JSON.stringify(s);
const show = (s: string) => formatAmount(parseAmount(s));

/** Streams a decision needs from the event's own fields, before it has read anything. */
export function firstReads(e: DomainEvent): string[] {
  switch (e.type) {
    case 'PartnerRegistered':
      return [S.partner(e.data.partnerId), ...(e.data.parentId ? [S.partner(e.data.parentId)] : [])];
    case 'PartnerProgramEnrolled':
    case 'PartnerProgramWithdrawn':
      return [S.partner(e.data.partnerId)];
    case 'CustomerAssociated':
      return [S.customer(e.data.customerId), S.partner(e.data.partnerId)];
    case 'AssociationTypeSwitched':
    case 'CustomerDisassociated':
      return [S.customer(e.data.customerId)];
    case 'DiscountGranted':
      return [S.discount(e.data.discountId), S.customer(e.data.customerId)];
    case 'DiscountChanged':
    case 'DiscountRevoked':
      return [S.discount(e.data.discountId)];
    case 'OrderPlaced':
      return [
        S.order(e.data.orderId),
        S.customer(e.data.customerId),
        ...(e.data.discountId ? [S.discount(e.data.discountId)] : []),
        ...(e.data.voucherId ? [S.voucher(e.data.voucherId)] : []),
        ...(e.data.renewalOf ? [S.order(e.data.renewalOf)] : []),
      ];
    case 'OrderRefunded':
      return [S.order(e.data.orderId), S.refund(e.data.refundId)];
    case 'SpecChanged':
      return [S.order(e.data.orderId), S.change(e.data.changeId)];
    case 'AutoRenewSet':
      return [S.order(e.data.orderId)];
    case 'OnDemandCharged':
      return [S.charge(e.data.chargeId), S.customer(e.data.customerId)];
    case 'AdjustmentPosted':
      return [S.adjustment(e.data.adjustmentId), S.customer(e.data.customerId)];
    case 'FundsAllocated':
      return [
        S.funds(e.data.resellerId),
        S.allocation(e.data.allocationId),
        S.partner(e.data.distributorId),
        S.partner(e.data.resellerId),
      ];
    case 'FundsReclaimed':
      return [
        S.funds(e.data.resellerId),
        S.reclaim(e.data.reclaimId),
        S.partner(e.data.distributorId),
        S.partner(e.data.resellerId),
      ];
    case 'VoucherQuotaGranted':
      return [S.quota(e.data.quotaId), S.partner(e.data.partnerId), S.partner(e.data.grantorId)];
    case 'VoucherQuotaReclaimed':
      return [S.quota(e.data.quotaId)];
    case 'VoucherIssued':
      return [S.voucher(e.data.voucherId), S.quota(e.data.quotaId), S.customer(e.data.customerId)];
    case 'VoucherRevoked':
      return [S.voucher(e.data.voucherId)];
    case 'BillingPeriodClosed':
      return [S.periods()];
    case 'IncentiveRulesPublished':
      return [S.rules()];
    case 'StatementRevisionPublished':
      return [S.statement(e.data.partnerId, e.data.period), S.partner(e.data.partnerId), S.rules()];
  }
}

// Shared checks ---------------------------------------------------------------------------------

function mustBeNew(ctx: DecisionContext, streamId: string, what: string): void {
  if (ctx.read(streamId) !== undefined) refuse('created-id-is-new', `${what} already exists`);
}

function mustExist<T extends AggregateState>(ctx: DecisionContext, streamId: string, what: string): T {
  const state = ctx.read<T>(streamId);
  if (state === undefined) refuse('referenced-id-exists', `${what} does not exist`);
  return state;
}

/** The partner associated with the customer at `instant`, read (and prefetching its funds if resale). */
function partnerAt(
  ctx: DecisionContext,
  customer: CustomerState,
  instant: string,
): { partner: PartnerState; associationType: 'referral' | 'resale' } | undefined {
  const spell = associationAt(customer, instant);
  if (!spell) return undefined;
  ctx.prefetch([S.partner(spell.partnerId), ...(spell.associationType === 'resale' ? [S.funds(spell.partnerId)] : [])]);
  const partner = mustExist<PartnerState>(ctx, S.partner(spell.partnerId), `partner ${q(spell.partnerId)}`);
  return { partner, associationType: spell.associationType };
}

/** The reseller whose funds pay a customer's resale orders at `instant` (resale mode, reseller tier). */
function fundingAt(ctx: DecisionContext, customer: CustomerState, instant: string): string | null {
  const at = partnerAt(ctx, customer, instant);
  return at && at.associationType === 'resale' && at.partner.tier === 'reseller' ? at.partner.partnerId : null;
}

/** The reseller funds that paid an order: those of the association in force when it was placed. */
function orderFunding(ctx: DecisionContext, order: OrderState): string | null {
  ctx.prefetch([S.customer(order.customerId)]);
  const customer = mustExist<CustomerState>(ctx, S.customer(order.customerId), `customer ${q(order.customerId)}`);
  return fundingAt(ctx, customer, order.occurredAt);
}

function sameCurrency(partner: PartnerState | undefined, currency: string, what: string): void {
  if (partner && partner.currency !== currency) {
    refuse(
      'one-currency-per-partner',
      `${what} is in ${currency} but partner ${q(partner.partnerId)} bills in ${partner.currency}`,
    );
  }
}

function resourceOf(order: OrderState, resourceId: string): void {
  if (!order.resources.some((r) => r.resourceId === resourceId)) {
    refuse('referenced-id-exists', `resource ${q(resourceId)} is not part of order ${q(order.orderId)}`);
  }
}

// Partners and customers ------------------------------------------------------------------------

const partnerRegistered: Decision<'PartnerRegistered'> = (e, ctx) => {
  const { partnerId, tier, parentId } = e.data;
  mustBeNew(ctx, S.partner(partnerId), `partner ${q(partnerId)}`);
  if (tier === 'reseller') {
    if (parentId === undefined) refuse('reseller-parent-is-distributor', `reseller ${q(partnerId)} needs a parentId`);
    const parent = mustExist<PartnerState>(ctx, S.partner(parentId), `parent partner ${q(parentId)}`);
    if (parent.tier !== 'distributor') {
      refuse('reseller-parent-is-distributor', `parent ${q(parentId)} is a ${parent.tier}, not a distributor`);
    }
  } else if (parentId !== undefined) {
    refuse('reseller-parent-is-distributor', `only a reseller has a parentId; ${q(partnerId)} is a ${tier}`);
  }
  ctx.append(S.partner(partnerId), e);
};

const programEnrolled: Decision<'PartnerProgramEnrolled'> = (e, ctx) => {
  const p = mustExist<PartnerState>(ctx, S.partner(e.data.partnerId), `partner ${q(e.data.partnerId)}`);
  if (p.programs.includes(e.data.program)) {
    refuse('program-enrollment-changes', `partner ${q(p.partnerId)} is already enrolled in ${q(e.data.program)}`);
  }
  ctx.append(S.partner(p.partnerId), e);
};

const programWithdrawn: Decision<'PartnerProgramWithdrawn'> = (e, ctx) => {
  const p = mustExist<PartnerState>(ctx, S.partner(e.data.partnerId), `partner ${q(e.data.partnerId)}`);
  if (!p.programs.includes(e.data.program)) {
    refuse('program-enrollment-changes', `partner ${q(p.partnerId)} is not enrolled in ${q(e.data.program)}`);
  }
  ctx.append(S.partner(p.partnerId), e);
};

const customerAssociated: Decision<'CustomerAssociated'> = (e, ctx) => {
  const { customerId, partnerId } = e.data;
  mustExist<PartnerState>(ctx, S.partner(partnerId), `partner ${q(partnerId)}`);
  const c = ctx.read<CustomerState>(S.customer(customerId));
  if (c?.partnerId) {
    refuse(
      'one-partner-per-customer',
      `customer ${q(customerId)} is already associated with partner ${q(c.partnerId)}`,
    );
  }
  ctx.append(S.customer(customerId), e);
};

function associatedWith(ctx: DecisionContext, customerId: string, partnerId: string): CustomerState {
  const c = mustExist<CustomerState>(ctx, S.customer(customerId), `customer ${q(customerId)}`);
  if (c.partnerId !== partnerId) {
    refuse(
      'association-exists',
      c.partnerId === null
        ? `customer ${q(customerId)} is not associated with any partner`
        : `customer ${q(customerId)} is associated with partner ${q(c.partnerId)}, not ${q(partnerId)}`,
    );
  }
  return c;
}

const associationTypeSwitched: Decision<'AssociationTypeSwitched'> = (e, ctx) => {
  associatedWith(ctx, e.data.customerId, e.data.partnerId);
  ctx.append(S.customer(e.data.customerId), e);
};

const customerDisassociated: Decision<'CustomerDisassociated'> = (e, ctx) => {
  associatedWith(ctx, e.data.customerId, e.data.partnerId);
  ctx.append(S.customer(e.data.customerId), e);
};

// Discounts -------------------------------------------------------------------------------------

const discountGranted: Decision<'DiscountGranted'> = (e, ctx) => {
  mustBeNew(ctx, S.discount(e.data.discountId), `discount ${q(e.data.discountId)}`);
  mustExist(ctx, S.customer(e.data.customerId), `customer ${q(e.data.customerId)}`);
  ctx.append(S.discount(e.data.discountId), e);
};

function liveDiscount(ctx: DecisionContext, discountId: string): DiscountState {
  const d = mustExist<DiscountState>(ctx, S.discount(discountId), `discount ${q(discountId)}`);
  if (d.revokedFrom !== null)
    refuse('discount-not-revoked', `discount ${q(discountId)} was revoked from ${d.revokedFrom}`);
  return d;
}

const discountChanged: Decision<'DiscountChanged'> = (e, ctx) => {
  liveDiscount(ctx, e.data.discountId);
  ctx.append(S.discount(e.data.discountId), e);
};

const discountRevoked: Decision<'DiscountRevoked'> = (e, ctx) => {
  liveDiscount(ctx, e.data.discountId);
  ctx.append(S.discount(e.data.discountId), e);
};

// Orders and consumption ------------------------------------------------------------------------

const orderPlaced: Decision<'OrderPlaced'> = (e, ctx) => {
  const d = e.data;
  const t = e.occurredAt;
  const voucherAmount = parseAmount(d.voucherAmount ?? '0');
  const voucherRead = d.voucherId ? ctx.read<VoucherState>(S.voucher(d.voucherId)) : undefined;
  mustBeNew(ctx, S.order(d.orderId), `order ${q(d.orderId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(d.customerId), `customer ${q(d.customerId)}`);
  // Everything the rest may read, in one round: the voucher's quota, the partner and its funds.
  const spell = associationAt(customer, t);
  ctx.prefetch([
    ...(voucherRead && voucherAmount.gt(0) ? [S.quota(voucherRead.quotaId)] : []),
    ...(spell ? [S.partner(spell.partnerId)] : []),
    ...(spell?.associationType === 'resale' ? [S.funds(spell.partnerId)] : []),
  ]);
  const at = partnerAt(ctx, customer, t);
  sameCurrency(at?.partner, d.currency, `order ${q(d.orderId)}`);

  const listAmount = parseAmount(d.listAmount);
  const amount = parseAmount(d.amount);
  if (d.discountId !== undefined) {
    const discount = mustExist<DiscountState>(ctx, S.discount(d.discountId), `discount ${q(d.discountId)}`);
    if (discount.customerId !== d.customerId) {
      refuse(
        'discount-applies',
        `discount ${q(d.discountId)} is granted to customer ${q(discount.customerId)}, not ${q(d.customerId)}`,
      );
    }
    if (!discountCovers(discount, d.productType)) {
      refuse('discount-applies', `discount ${q(d.discountId)} does not cover product type ${q(d.productType)}`);
    }
    const rate = discountAt(discount, t);
    if (!rate.inEffect) refuse('discount-applies', `discount ${q(d.discountId)} ${rate.reason}`);
    const expected = roundHalfUpTo(listAmount.times(parseAmount('1').minus(parseAmount(rate.rate))), 2);
    if (!amount.eq(expected)) {
      refuse(
        'order-amount-matches-discount',
        `amount ${show(d.amount)} should be round_half_up(${show(d.listAmount)} × (1 − ${show(rate.rate)}), 2) = ${formatAmount(expected, 2)}`,
      );
    }
  } else if (!amount.eq(listAmount)) {
    refuse(
      'order-amount-matches-discount',
      `amount ${show(d.amount)} should equal listAmount ${show(d.listAmount)} without a discount`,
    );
  }

  let voucher: VoucherState | undefined;
  if (d.voucherId !== undefined) {
    voucher = mustExist<VoucherState>(ctx, S.voucher(d.voucherId), `voucher ${q(d.voucherId)}`);
    const v = `voucher ${q(d.voucherId)}`;
    if (voucher.customerId !== d.customerId) {
      refuse('voucher-covers-amount', `${v} belongs to customer ${q(voucher.customerId)}, not ${q(d.customerId)}`);
    }
    if (voucherAmount.gt(0)) {
      if (voucher.revoked) refuse('voucher-covers-amount', `${v} was revoked`);
      if (instantMillis(t) >= instantMillis(voucher.expiresAt))
        refuse('voucher-covers-amount', `${v} expired at ${voucher.expiresAt}`);
      const unused = voucherUnused(voucher);
      if (voucherAmount.gt(unused)) {
        refuse(
          'voucher-covers-amount',
          `voucherAmount ${show(d.voucherAmount ?? '0')} exceeds the ${formatAmount(unused)} unused on ${v}`,
        );
      }
    }
  }

  if (d.renewalOf !== undefined) {
    const renewed = mustExist<OrderState>(ctx, S.order(d.renewalOf), `renewed order ${q(d.renewalOf)}`);
    if (renewed.customerId !== d.customerId) {
      refuse(
        'renewal-same-customer',
        `order ${q(d.renewalOf)} belongs to customer ${q(renewed.customerId)}, not ${q(d.customerId)}`,
      );
    }
  }

  const reseller =
    at && at.associationType === 'resale' && at.partner.tier === 'reseller' ? at.partner.partnerId : null;
  const cash = amount.minus(voucherAmount);
  if (reseller !== null && cash.gt(0)) {
    const funds = ctx.read<FundsState>(S.funds(reseller));
    const available = fundsAvailable(funds);
    if (cash.gt(available)) {
      refuse(
        'funds-available',
        `cash part ${formatAmount(cash)} exceeds the ${formatAmount(available)} available in the funds of reseller ${q(reseller)}`,
      );
    }
  }

  if (voucher && voucherAmount.gt(0)) {
    const quota = ctx.read<QuotaState>(S.quota(voucher.quotaId));
    if (quota && quota.currency !== d.currency) {
      refuse(
        'one-currency-per-partner',
        `order ${q(d.orderId)} is in ${d.currency} but voucher ${q(voucher.voucherId)} is in ${quota.currency}`,
      );
    }
  }

  ctx.append(S.order(d.orderId), e);
  if (voucher && voucherAmount.gt(0)) {
    ctx.link(S.voucher(voucher.voucherId), e);
    ctx.link(S.quota(voucher.quotaId), e);
  }
  if (reseller !== null && cash.gt(0)) ctx.link(S.funds(reseller), e);
};

const orderRefunded: Decision<'OrderRefunded'> = (e, ctx) => {
  const d = e.data;
  const order = mustExist<OrderState>(ctx, S.order(d.orderId), `order ${q(d.orderId)}`);
  mustBeNew(ctx, S.refund(d.refundId), `refund ${q(d.refundId)}`);
  for (const r of d.resourceIds) resourceOf(order, r);
  const split = splitRefund(order, parseAmount(d.amount));
  if (!split) {
    refuse(
      'refund-within-paid',
      `refund ${show(d.amount)} exceeds the ${formatAmount(refundable(order))} still refundable on order ${q(d.orderId)}`,
    );
  }
  const reseller = orderFunding(ctx, order);
  ctx.append(S.order(d.orderId), e);
  ctx.link(S.refund(d.refundId), e);
  if (reseller !== null && split.cash.gt(0)) ctx.link(S.funds(reseller), e);
};

function refundable(order: OrderState) {
  return parseAmount(order.amount)
    .plus(parseAmount(order.upgradeCharges))
    .minus(parseAmount(order.refundedCash))
    .minus(parseAmount(order.refundedVoucher));
}

const specChanged: Decision<'SpecChanged'> = (e, ctx) => {
  const d = e.data;
  const order = mustExist<OrderState>(ctx, S.order(d.orderId), `order ${q(d.orderId)}`);
  mustBeNew(ctx, S.change(d.changeId), `spec change ${q(d.changeId)}`);
  resourceOf(order, d.resourceId);
  const amount = parseAmount(d.amount);
  const reseller = orderFunding(ctx, order);
  let movesFunds = false;
  if (amount.gt(0)) {
    if (reseller !== null) {
      const available = fundsAvailable(ctx.read<FundsState>(S.funds(reseller)));
      if (amount.gt(available)) {
        refuse(
          'funds-available',
          `upgrade charge ${show(d.amount)} exceeds the ${formatAmount(available)} available in the funds of reseller ${q(reseller)}`,
        );
      }
      movesFunds = true;
    }
  } else {
    const split = splitRefund(order, amount.negated());
    if (!split) {
      refuse(
        'refund-within-paid',
        `rebate ${formatAmount(amount.negated())} exceeds the ${formatAmount(refundable(order))} still refundable on order ${q(d.orderId)}`,
      );
    }
    movesFunds = reseller !== null && split.cash.gt(0);
  }
  ctx.append(S.order(d.orderId), e);
  ctx.link(S.change(d.changeId), e);
  if (movesFunds && reseller !== null) ctx.link(S.funds(reseller), e);
};

const autoRenewSet: Decision<'AutoRenewSet'> = (e, ctx) => {
  const order = mustExist<OrderState>(ctx, S.order(e.data.orderId), `order ${q(e.data.orderId)}`);
  resourceOf(order, e.data.resourceId);
  ctx.append(S.order(e.data.orderId), e);
};

const onDemandCharged: Decision<'OnDemandCharged'> = (e, ctx) => {
  mustBeNew(ctx, S.charge(e.data.chargeId), `charge ${q(e.data.chargeId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(e.data.customerId), `customer ${q(e.data.customerId)}`);
  sameCurrency(partnerOnly(ctx, customer, e.occurredAt), e.data.currency, `charge ${q(e.data.chargeId)}`);
  ctx.append(S.charge(e.data.chargeId), e);
};

const adjustmentPosted: Decision<'AdjustmentPosted'> = (e, ctx) => {
  mustBeNew(ctx, S.adjustment(e.data.adjustmentId), `adjustment ${q(e.data.adjustmentId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(e.data.customerId), `customer ${q(e.data.customerId)}`);
  sameCurrency(partnerOnly(ctx, customer, e.occurredAt), e.data.currency, `adjustment ${q(e.data.adjustmentId)}`);
  ctx.append(S.adjustment(e.data.adjustmentId), e);
};

/** The partner at `instant` for a currency check only (on-demand charges never touch funds). */
function partnerOnly(ctx: DecisionContext, customer: CustomerState, instant: string): PartnerState | undefined {
  const spell = associationAt(customer, instant);
  if (!spell) return undefined;
  ctx.prefetch([S.partner(spell.partnerId)]);
  return mustExist<PartnerState>(ctx, S.partner(spell.partnerId), `partner ${q(spell.partnerId)}`);
}

// Reseller money --------------------------------------------------------------------------------

function parentAndReseller(ctx: DecisionContext, distributorId: string, resellerId: string, currency: string): void {
  const dist = mustExist<PartnerState>(ctx, S.partner(distributorId), `partner ${q(distributorId)}`);
  const res = mustExist<PartnerState>(ctx, S.partner(resellerId), `partner ${q(resellerId)}`);
  if (dist.tier !== 'distributor')
    refuse('funds-from-parent-distributor', `${q(distributorId)} is a ${dist.tier}, not a distributor`);
  if (res.tier !== 'reseller')
    refuse('funds-from-parent-distributor', `${q(resellerId)} is a ${res.tier}, not a reseller`);
  if (res.parentId !== distributorId) {
    refuse(
      'funds-from-parent-distributor',
      `reseller ${q(resellerId)} belongs to distributor ${q(res.parentId ?? '')}, not ${q(distributorId)}`,
    );
  }
  sameCurrency(res, currency, 'the funds');
  sameCurrency(dist, currency, 'the funds');
}

const fundsAllocated: Decision<'FundsAllocated'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.allocation(d.allocationId), `allocation ${q(d.allocationId)}`);
  parentAndReseller(ctx, d.distributorId, d.resellerId, d.currency);
  ctx.read(S.funds(d.resellerId));
  ctx.append(S.funds(d.resellerId), e);
  ctx.link(S.allocation(d.allocationId), e);
};

const fundsReclaimed: Decision<'FundsReclaimed'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.reclaim(d.reclaimId), `reclaim ${q(d.reclaimId)}`);
  parentAndReseller(ctx, d.distributorId, d.resellerId, d.currency);
  const available = fundsAvailable(ctx.read<FundsState>(S.funds(d.resellerId)));
  if (parseAmount(d.amount).gt(available)) {
    refuse(
      'reclaim-within-available',
      `reclaim ${show(d.amount)} exceeds the ${formatAmount(available)} available to reseller ${q(d.resellerId)}`,
    );
  }
  ctx.append(S.funds(d.resellerId), e);
  ctx.link(S.reclaim(d.reclaimId), e);
};

const quotaGranted: Decision<'VoucherQuotaGranted'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.quota(d.quotaId), `voucher quota ${q(d.quotaId)}`);
  const partner = mustExist<PartnerState>(ctx, S.partner(d.partnerId), `partner ${q(d.partnerId)}`);
  mustExist(ctx, S.partner(d.grantorId), `grantor partner ${q(d.grantorId)}`);
  sameCurrency(partner, d.currency, `voucher quota ${q(d.quotaId)}`);
  ctx.append(S.quota(d.quotaId), e);
};

const quotaReclaimed: Decision<'VoucherQuotaReclaimed'> = (e, ctx) => {
  const quota = mustExist<QuotaState>(ctx, S.quota(e.data.quotaId), `voucher quota ${q(e.data.quotaId)}`);
  const left = quotaLeft(quota);
  if (parseAmount(e.data.amount).gt(left)) {
    refuse(
      'quota-reclaim-within-left',
      `reclaim ${show(e.data.amount)} exceeds the ${formatAmount(left)} left of quota ${q(quota.quotaId)}`,
    );
  }
  ctx.append(S.quota(quota.quotaId), e);
};

const voucherIssued: Decision<'VoucherIssued'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.voucher(d.voucherId), `voucher ${q(d.voucherId)}`);
  const quota = mustExist<QuotaState>(ctx, S.quota(d.quotaId), `voucher quota ${q(d.quotaId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(d.customerId), `customer ${q(d.customerId)}`);
  sameCurrency(partnerOnly(ctx, customer, e.occurredAt), quota.currency, `voucher ${q(d.voucherId)}`);
  if (quota.expiresAt !== null && instantMillis(e.occurredAt) >= instantMillis(quota.expiresAt)) {
    refuse('voucher-within-quota', `quota ${q(d.quotaId)} expired at ${quota.expiresAt}`);
  }
  const left = quotaLeft(quota);
  if (parseAmount(d.amount).gt(left)) {
    refuse(
      'voucher-within-quota',
      `voucher ${show(d.amount)} exceeds the ${formatAmount(left)} left of quota ${q(d.quotaId)}`,
    );
  }
  ctx.append(S.voucher(d.voucherId), e);
  ctx.link(S.quota(d.quotaId), e);
};

const voucherRevoked: Decision<'VoucherRevoked'> = (e, ctx) => {
  const voucher = mustExist<VoucherState>(ctx, S.voucher(e.data.voucherId), `voucher ${q(e.data.voucherId)}`);
  if (voucher.revoked) refuse('voucher-not-revoked', `voucher ${q(voucher.voucherId)} is already revoked`);
  ctx.prefetch([S.quota(voucher.quotaId)]);
  mustExist(ctx, S.quota(voucher.quotaId), `voucher quota ${q(voucher.quotaId)}`);
  ctx.append(S.voucher(voucher.voucherId), e);
  ctx.link(S.quota(voucher.quotaId), e);
};

// Periods and rules -----------------------------------------------------------------------------

const periodClosed: Decision<'BillingPeriodClosed'> = (e, ctx) => {
  const closed = ctx.read<PeriodsState>(S.periods())?.closed ?? [];
  const p = e.data.period;
  const last = closed[closed.length - 1];
  if (closed.includes(p)) refuse('periods-close-in-order', `period ${p} is already closed`);
  if (last !== undefined && p !== nextPeriod(last)) {
    refuse('periods-close-in-order', `the next period to close is ${nextPeriod(last)}, not ${p}`);
  }
  ctx.append(S.periods(), e);
};

const rulesPublished: Decision<'IncentiveRulesPublished'> = (e, ctx) => {
  const d = e.data;
  const version = String(d.version);
  const state = ctx.read<RulesState>(S.rules());
  if (state?.versions.some((v) => v.version === version)) {
    refuse('rules-version-is-new', `rule-set version ${q(version)} is already published`);
  }
  const ids = new Set<string>();
  for (const r of d.rules) {
    if (ids.has(r.id)) refuse('rules-valid', `rule id ${q(r.id)} appears twice`);
    ids.add(r.id);
  }
  const tiers = d.tiers ?? [];
  for (let i = 1; i < tiers.length; i++) {
    if (!parseAmount(tiers[i]!.minNet).gt(parseAmount(tiers[i - 1]!.minNet))) {
      refuse('rules-valid', `tiers must be strictly ascending by minNet (tier ${i} is not above tier ${i - 1})`);
    }
  }
  ctx.append(S.rules(), e);
};

const statementPublished: Decision<'StatementRevisionPublished'> = (e, ctx) => {
  const d = e.data;
  mustExist(ctx, S.partner(d.partnerId), `partner ${q(d.partnerId)}`);
  const rules = ctx.read<RulesState>(S.rules());
  if (!rules?.versions.some((v) => v.version === String(d.rulesVersion))) {
    refuse('referenced-id-exists', `rule-set version ${q(String(d.rulesVersion))} is not published`);
  }
  const stream = S.statement(d.partnerId, d.period);
  const last = ctx.read<StatementState>(stream)?.revisions.at(-1)?.revision ?? 0;
  if (d.revision <= last) {
    refuse('statement-revision-is-new', `revision ${d.revision} is not above the last published revision ${last}`);
  }
  ctx.append(stream, e);
};

const DECISIONS: { [K in EventType]: Decision<K> } = {
  PartnerRegistered: partnerRegistered,
  PartnerProgramEnrolled: programEnrolled,
  PartnerProgramWithdrawn: programWithdrawn,
  CustomerAssociated: customerAssociated,
  AssociationTypeSwitched: associationTypeSwitched,
  CustomerDisassociated: customerDisassociated,
  DiscountGranted: discountGranted,
  DiscountChanged: discountChanged,
  DiscountRevoked: discountRevoked,
  OrderPlaced: orderPlaced,
  OrderRefunded: orderRefunded,
  SpecChanged: specChanged,
  OnDemandCharged: onDemandCharged,
  AutoRenewSet: autoRenewSet,
  AdjustmentPosted: adjustmentPosted,
  FundsAllocated: fundsAllocated,
  FundsReclaimed: fundsReclaimed,
  VoucherQuotaGranted: quotaGranted,
  VoucherQuotaReclaimed: quotaReclaimed,
  VoucherIssued: voucherIssued,
  VoucherRevoked: voucherRevoked,
  BillingPeriodClosed: periodClosed,
  IncentiveRulesPublished: rulesPublished,
  StatementRevisionPublished: statementPublished,
};

/** Checks one event against the states in `ctx` and records its appends and links there. */
export function decide(event: DomainEvent, ctx: DecisionContext): void {
  ctx.prefetch(firstReads(event));
  (DECISIONS[event.type] as Decision<EventType>)(event, ctx);
}

export type { MarkerState };
