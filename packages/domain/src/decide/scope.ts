/**
 * SPEC §6 "Partner actions": what a `partner` key may append itself, for its own scope only. Judged
 * on the states before the event (read through the planner, so the versions it relied on are
 * checked at append), before any invariant: an action outside the scope is refused as forbidden
 * (403), whatever else is wrong with it.
 */
import type { CustomerState, OrderState, PartnerState, QuotaState, VoucherState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import type { DomainEvent } from '../events/catalogue.js';
import type { DecisionContext } from './context.js';

/** The event is outside what the partner may do (HTTP 403). */
export class OutOfScope extends Error {
  override name = 'OutOfScope';
  constructor(readonly detail: string) {
    super(detail);
  }
}

const q = (s: string) => JSON.stringify(s);

function outside(detail: string): never {
  throw new OutOfScope(detail);
}

/** The event types a partner key may append (each within its scope). */
export const PARTNER_ACTIONS = [
  'FundsAllocated',
  'FundsReclaimed',
  'VoucherQuotaGranted',
  'VoucherQuotaReclaimed',
  'VoucherIssued',
  'VoucherRevoked',
  'AutoRenewSet',
  'AssociationTypeSwitched',
  'CustomerDisassociated',
  'PartnerProfileChanged',
] as const;

/** Whether `resellerId` is a reseller registered under `distributorId`. */
function isOwnReseller(ctx: DecisionContext, distributorId: string, resellerId: string): boolean {
  return ctx.read<PartnerState>(S.partner(resellerId))?.parentId === distributorId;
}

/** Whether the customer is associated with `partnerId` now. */
function isOwnCustomer(ctx: DecisionContext, partnerId: string, customerId: string): boolean {
  return ctx.read<CustomerState>(S.customer(customerId))?.partnerId === partnerId;
}

/** Throws OutOfScope unless `partnerId` may append `event` itself. */
export function checkPartnerScope(partnerId: string, event: DomainEvent, ctx: DecisionContext): void {
  const self = q(partnerId);
  switch (event.type) {
    case 'FundsAllocated':
    case 'FundsReclaimed': {
      const { distributorId, resellerId } = event.data;
      if (distributorId !== partnerId)
        outside(`partner ${self} may move funds only as the distributor (distributorId ${self})`);
      if (!isOwnReseller(ctx, partnerId, resellerId)) outside(`${q(resellerId)} is not a reseller of partner ${self}`);
      return;
    }
    case 'VoucherQuotaGranted': {
      const { grantorId, partnerId: holder } = event.data;
      if (grantorId !== partnerId) outside(`partner ${self} may grant quotas only as the grantor (grantorId ${self})`);
      if (!isOwnReseller(ctx, partnerId, holder)) outside(`${q(holder)} is not a reseller of partner ${self}`);
      return;
    }
    case 'VoucherQuotaReclaimed': {
      const quota = ctx.read<QuotaState>(S.quota(event.data.quotaId));
      if (quota?.grantorId !== partnerId) outside(`quota ${q(event.data.quotaId)} was not granted by partner ${self}`);
      // As for its grant: quotas it granted its resellers (an admin may have granted one elsewhere in its name).
      if (!isOwnReseller(ctx, partnerId, quota.partnerId))
        outside(`quota ${q(event.data.quotaId)} is held by ${q(quota.partnerId)}, not a reseller of partner ${self}`);
      return;
    }
    case 'VoucherIssued': {
      const { quotaId, customerId } = event.data;
      if (ctx.read<QuotaState>(S.quota(quotaId))?.partnerId !== partnerId) {
        outside(`quota ${q(quotaId)} is not held by partner ${self}`);
      }
      if (!isOwnCustomer(ctx, partnerId, customerId))
        outside(`customer ${q(customerId)} is not a customer of partner ${self}`);
      return;
    }
    case 'VoucherRevoked': {
      const voucher = ctx.read<VoucherState>(S.voucher(event.data.voucherId));
      const holder = voucher ? ctx.read<QuotaState>(S.quota(voucher.quotaId))?.partnerId : undefined;
      if (holder !== partnerId)
        outside(`voucher ${q(event.data.voucherId)} was not issued from a quota of partner ${self}`);
      return;
    }
    case 'AutoRenewSet': {
      const order = ctx.read<OrderState>(S.order(event.data.orderId));
      if (!order || !isOwnCustomer(ctx, partnerId, order.customerId)) {
        outside(`order ${q(event.data.orderId)} is not of a customer of partner ${self}`);
      }
      return;
    }
    case 'AssociationTypeSwitched':
    case 'CustomerDisassociated': {
      const { customerId } = event.data;
      if (event.data.partnerId !== partnerId || !isOwnCustomer(ctx, partnerId, customerId)) {
        outside(`customer ${q(customerId)} is not a customer of partner ${self}`);
      }
      return;
    }
    case 'PartnerProfileChanged': {
      if (event.data.partnerId !== partnerId) outside(`partner ${self} may change only its own profile`);
      if (event.data.level !== undefined) outside(`partner ${self} may not change its own level`);
      return;
    }
    default:
      outside(
        `a partner key may not append ${event.type}; it may append ${PARTNER_ACTIONS.join(', ')} in its own scope`,
      );
  }
}
