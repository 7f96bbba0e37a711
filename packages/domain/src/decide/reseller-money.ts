/** Decisions on reseller money: funds, voucher quotas and vouchers. */
import { fundsAvailable, quotaLeft } from '../aggregates/queries.js';
import type { CustomerState, FundsState, PartnerState, QuotaState, VoucherState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import { voucherExpiredAt } from '../figures.js';
import { formatAmount, parseAmount } from '../money.js';
import { instantMillis } from '../period.js';
import { refuse } from '../rules.js';
import {
  type Decision,
  type DecisionContext,
  mustBeNew,
  mustExist,
  partnerOnly,
  q,
  sameCurrency,
  show,
} from './context.js';

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

export const fundsAllocated: Decision<'FundsAllocated'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.allocation(d.allocationId), `allocation ${q(d.allocationId)}`);
  parentAndReseller(ctx, d.distributorId, d.resellerId, d.currency);
  ctx.read(S.funds(d.resellerId));
  ctx.append(S.funds(d.resellerId), e);
  ctx.link(S.allocation(d.allocationId), e);
};

export const fundsReclaimed: Decision<'FundsReclaimed'> = (e, ctx) => {
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

export const quotaGranted: Decision<'VoucherQuotaGranted'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.quota(d.quotaId), `voucher quota ${q(d.quotaId)}`);
  const partner = mustExist<PartnerState>(ctx, S.partner(d.partnerId), `partner ${q(d.partnerId)}`);
  mustExist(ctx, S.partner(d.grantorId), `grantor partner ${q(d.grantorId)}`);
  sameCurrency(partner, d.currency, `voucher quota ${q(d.quotaId)}`);
  ctx.append(S.quota(d.quotaId), e);
};

export const quotaReclaimed: Decision<'VoucherQuotaReclaimed'> = (e, ctx) => {
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

export const voucherIssued: Decision<'VoucherIssued'> = (e, ctx) => {
  const d = e.data;
  mustBeNew(ctx, S.voucher(d.voucherId), `voucher ${q(d.voucherId)}`);
  const quota = mustExist<QuotaState>(ctx, S.quota(d.quotaId), `voucher quota ${q(d.quotaId)}`);
  const customer = mustExist<CustomerState>(ctx, S.customer(d.customerId), `customer ${q(d.customerId)}`);
  sameCurrency(partnerOnly(ctx, customer, e.occurredAt), quota.currency, `voucher ${q(d.voucherId)}`);
  if (voucherExpiredAt(d.expiresAt, e.occurredAt)) {
    refuse(
      'voucher-expires-after-issue',
      `voucher ${q(d.voucherId)} expires at ${d.expiresAt}, not after its occurredAt ${e.occurredAt}`,
    );
  }
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

export const voucherRevoked: Decision<'VoucherRevoked'> = (e, ctx) => {
  const voucher = mustExist<VoucherState>(ctx, S.voucher(e.data.voucherId), `voucher ${q(e.data.voucherId)}`);
  if (voucher.revoked) refuse('voucher-not-revoked', `voucher ${q(voucher.voucherId)} is already revoked`);
  ctx.prefetch([S.quota(voucher.quotaId)]);
  mustExist(ctx, S.quota(voucher.quotaId), `voucher quota ${q(voucher.quotaId)}`);
  ctx.append(S.voucher(voucher.voucherId), e);
  ctx.link(S.quota(voucher.quotaId), e);
};
