/** Streams a decision needs from the event's own fields, before it has read anything. */
import { streamIds as S } from '../aggregates/streams.js';
import type { DomainEvent } from '../events/catalogue.js';

export function firstReads(e: DomainEvent): string[] {
  switch (e.type) {
    case 'PartnerRegistered':
      return [S.partner(e.data.partnerId), ...(e.data.parentId ? [S.partner(e.data.parentId)] : [])];
    case 'PartnerProgramEnrolled':
    case 'PartnerProgramWithdrawn':
    case 'PartnerProfileChanged':
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
      // The catalogue for the unit of a registered usage type.
      return [S.charge(e.data.chargeId), S.customer(e.data.customerId), S.catalogue()];
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
      return [S.periods(), S.period(e.data.period)];
    case 'IncentiveRulesPublished':
      return [S.rules()];
    case 'StatementRevisionPublished':
      return [S.statement(e.data.partnerId, e.data.period), S.partner(e.data.partnerId), S.rules()];
    case 'ProductTypeRegistered':
    case 'UsageTypeRegistered':
    case 'MeasureUnitRegistered':
      return [S.catalogue()];
    case 'MarketplaceTransactionRecorded':
      return [
        S.market(e.data.transactionId),
        S.partner(e.data.partnerId),
        ...(e.data.refundOf !== undefined ? [S.market(e.data.refundOf)] : []),
      ];
    case 'MarketplaceTransactionBilled':
    case 'MarketplaceSupervisionReleased':
      return [S.market(e.data.transactionId)];
  }
}
