/** Marketplace revenue split (SPEC §6, 云商店 商品分账): transactions, their refunds, billing and supervision. */
import type { MarketTransactionState, PartnerState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import { parseAmount } from '../money.js';
import { compareInstants } from '../period.js';
import { refuse } from '../rules.js';
import { type Decision, mustBeNew, mustExist, q, sameCurrency, show } from './context.js';

export const marketplaceTransactionRecorded: Decision<'MarketplaceTransactionRecorded'> = (e, ctx) => {
  const d = e.data;
  const what = `marketplace transaction ${q(d.transactionId)}`;
  mustBeNew(ctx, S.market(d.transactionId), what);
  const seller = mustExist<PartnerState>(ctx, S.partner(d.partnerId), `partner ${q(d.partnerId)}`);
  sameCurrency(seller, d.currency, what);
  const amount = parseAmount(d.amount);
  if (d.kind !== 'refund') {
    if (amount.isNegative() || d.refundOf !== undefined) {
      refuse('marketplace-refund-of-sale', `a ${d.kind} has a positive amount and no refundOf (${what})`);
    }
    ctx.append(S.market(d.transactionId), e);
    return;
  }
  if (!amount.isNegative() || d.refundOf === undefined) {
    refuse('marketplace-refund-of-sale', `a refund has a negative amount and names refundOf (${what})`);
  }
  const sale = mustExist<MarketTransactionState>(ctx, S.market(d.refundOf), `marketplace transaction ${q(d.refundOf)}`);
  if (sale.transactionKind === 'refund' || sale.orderId !== d.orderId || sale.partnerId !== d.partnerId) {
    refuse(
      'marketplace-refund-of-sale',
      `${what} refunds ${q(d.refundOf)}, which is not a purchase or renewal of order ${q(d.orderId)} by partner ${q(d.partnerId)}`,
    );
  }
  // SPEC §6: an earlier sale; one at the same instant is not later than its refund.
  if (compareInstants(e.occurredAt, sale.occurredAt) < 0) {
    refuse(
      'marketplace-refund-of-sale',
      `${what} at ${e.occurredAt} refunds ${q(d.refundOf)}, which occurred later (${sale.occurredAt}): a refund names an earlier purchase or renewal`,
    );
  }
  const left = parseAmount(sale.amount).minus(sale.refunded);
  if (amount.abs().gt(left)) {
    refuse(
      'marketplace-refund-within-amount',
      `refund ${show(amount.abs().toFixed())} exceeds the ${show(left.toFixed())} still refundable on marketplace transaction ${q(d.refundOf)}`,
    );
  }
  ctx.append(S.market(d.transactionId), e);
  ctx.link(S.market(d.refundOf), e);
};

export const marketplaceTransactionBilled: Decision<'MarketplaceTransactionBilled'> = (e, ctx) => {
  const id = e.data.transactionId;
  const tx = mustExist<MarketTransactionState>(ctx, S.market(id), `marketplace transaction ${q(id)}`);
  if (tx.billed) refuse('marketplace-billed-once', `marketplace transaction ${q(id)} is billed already`);
  ctx.append(S.market(id), e);
};

export const marketplaceSupervisionReleased: Decision<'MarketplaceSupervisionReleased'> = (e, ctx) => {
  const id = e.data.transactionId;
  const tx = mustExist<MarketTransactionState>(ctx, S.market(id), `marketplace transaction ${q(id)}`);
  if (!tx.supervised) refuse('marketplace-released-once', `marketplace transaction ${q(id)} is not supervised`);
  if (tx.released) refuse('marketplace-released-once', `the supervision of ${q(id)} is released already`);
  ctx.append(S.market(id), e);
};
