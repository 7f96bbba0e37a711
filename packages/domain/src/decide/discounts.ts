/** Decisions on business discounts. */
import type { DiscountState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import { refuse } from '../rules.js';
import { type Decision, type DecisionContext, mustBeNew, mustExist, q } from './context.js';

export const discountGranted: Decision<'DiscountGranted'> = (e, ctx) => {
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

export const discountChanged: Decision<'DiscountChanged'> = (e, ctx) => {
  liveDiscount(ctx, e.data.discountId);
  ctx.append(S.discount(e.data.discountId), e);
};

export const discountRevoked: Decision<'DiscountRevoked'> = (e, ctx) => {
  liveDiscount(ctx, e.data.discountId);
  ctx.append(S.discount(e.data.discountId), e);
};
