/** Decisions on orders and consumption: placement, refunds, spec changes, charges, adjustments. */
import {
  customerAssociationAt,
  discountAt,
  discountCovers,
  fundsAvailable,
  orderRefundable,
  orderRefundSplit,
  voucherUnused,
} from '../aggregates/queries.js';
import type {
  CustomerState,
  DiscountState,
  FundsState,
  OrderState,
  QuotaState,
  VoucherState,
} from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import { cashPartOf, voucherExpiredAt } from '../figures.js';
import { formatAmount, parseAmount, roundHalfUpTo } from '../money.js';
import { refuse } from '../rules.js';
import { checkChargeUnit } from './catalogue.js';
import {
  type Decision,
  type DecisionContext,
  mustBeNew,
  mustExist,
  orderCustomer,
  orderFunding,
  partnerAt,
  partnerOnly,
  payerOf,
  q,
  sameCurrency,
  show,
} from './context.js';

function resourceOf(order: OrderState, resourceId: string): void {
  if (!order.resources.some((r) => r.resourceId === resourceId)) {
    refuse('referenced-id-exists', `resource ${q(resourceId)} is not part of order ${q(order.orderId)}`);
  }
}

export const orderPlaced: Decision<'OrderPlaced'> = (e, ctx) => {
  const d = e.data;
  const t = e.occurredAt;
  const voucherAmount = parseAmount(d.voucherAmount ?? '0');
  const voucherRead = d.voucherId ? ctx.read<VoucherState>(S.voucher(d.voucherId)) : undefined;
  mustBeNew(ctx, S.order(d.orderId), `order ${q(d.orderId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(d.customerId), `customer ${q(d.customerId)}`);
  // Everything the rest may read, in one round: the voucher's quota, the partner and its funds.
  const spell = customerAssociationAt(customer, t);
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
      if (voucherExpiredAt(voucher.expiresAt, t))
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

  const reseller = payerOf(at);
  const cash = cashPartOf(amount, voucherAmount);
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
  // The customer's state records the association it is placed under (who pays it, for good).
  ctx.link(S.customer(d.customerId), e);
  if (voucher && voucherAmount.gt(0)) {
    ctx.link(S.voucher(voucher.voucherId), e);
    ctx.link(S.quota(voucher.quotaId), e);
  }
  if (reseller !== null && cash.gt(0)) ctx.link(S.funds(reseller), e);
};

/**
 * A refund or spec change is in its order's currency, and counts for the customer's partner at its
 * own occurredAt: that partner must bill in the order's currency (a customer that moved to a partner
 * in another currency cannot have an old order refunded into the new partner's figures).
 */
function inPartnerCurrency(ctx: DecisionContext, order: OrderState, instant: string, what: string): void {
  sameCurrency(
    partnerOnly(ctx, orderCustomer(ctx, order), instant),
    order.currency,
    `${what} of order ${q(order.orderId)}`,
  );
}

export const orderRefunded: Decision<'OrderRefunded'> = (e, ctx) => {
  const d = e.data;
  const order = mustExist<OrderState>(ctx, S.order(d.orderId), `order ${q(d.orderId)}`);
  mustBeNew(ctx, S.refund(d.refundId), `refund ${q(d.refundId)}`);
  for (const r of d.resourceIds) resourceOf(order, r);
  inPartnerCurrency(ctx, order, e.occurredAt, `refund ${q(d.refundId)}`);
  const split = orderRefundSplit(order, parseAmount(d.amount));
  if (!split) {
    refuse(
      'refund-within-paid',
      `refund ${show(d.amount)} exceeds the ${formatAmount(orderRefundable(order))} still refundable on order ${q(d.orderId)}`,
    );
  }
  const reseller = orderFunding(ctx, order);
  ctx.append(S.order(d.orderId), e);
  ctx.link(S.refund(d.refundId), e);
  if (reseller !== null && split.cash.gt(0)) ctx.link(S.funds(reseller), e);
};

export const specChanged: Decision<'SpecChanged'> = (e, ctx) => {
  const d = e.data;
  const order = mustExist<OrderState>(ctx, S.order(d.orderId), `order ${q(d.orderId)}`);
  mustBeNew(ctx, S.change(d.changeId), `spec change ${q(d.changeId)}`);
  resourceOf(order, d.resourceId);
  inPartnerCurrency(ctx, order, e.occurredAt, `spec change ${q(d.changeId)}`);
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
    const split = orderRefundSplit(order, amount.negated());
    if (!split) {
      refuse(
        'refund-within-paid',
        `rebate ${formatAmount(amount.negated())} exceeds the ${formatAmount(orderRefundable(order))} still refundable on order ${q(d.orderId)}`,
      );
    }
    movesFunds = reseller !== null && split.cash.gt(0);
  }
  ctx.append(S.order(d.orderId), e);
  ctx.link(S.change(d.changeId), e);
  if (movesFunds && reseller !== null) ctx.link(S.funds(reseller), e);
};

export const autoRenewSet: Decision<'AutoRenewSet'> = (e, ctx) => {
  const order = mustExist<OrderState>(ctx, S.order(e.data.orderId), `order ${q(e.data.orderId)}`);
  resourceOf(order, e.data.resourceId);
  ctx.append(S.order(e.data.orderId), e);
};

export const onDemandCharged: Decision<'OnDemandCharged'> = (e, ctx) => {
  mustBeNew(ctx, S.charge(e.data.chargeId), `charge ${q(e.data.chargeId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(e.data.customerId), `customer ${q(e.data.customerId)}`);
  sameCurrency(partnerOnly(ctx, customer, e.occurredAt), e.data.currency, `charge ${q(e.data.chargeId)}`);
  checkChargeUnit(e, ctx);
  ctx.append(S.charge(e.data.chargeId), e);
};

export const adjustmentPosted: Decision<'AdjustmentPosted'> = (e, ctx) => {
  mustBeNew(ctx, S.adjustment(e.data.adjustmentId), `adjustment ${q(e.data.adjustmentId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(e.data.customerId), `customer ${q(e.data.customerId)}`);
  sameCurrency(partnerOnly(ctx, customer, e.occurredAt), e.data.currency, `adjustment ${q(e.data.adjustmentId)}`);
  ctx.append(S.adjustment(e.data.adjustmentId), e);
};
