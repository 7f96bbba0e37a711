/**
 * The decisions: for each event type, which streams it reads and writes, and the invariants of
 * SPEC §3 it must satisfy against their states. Pure; the planner (`plan.ts`) supplies the states.
 */
import type { DomainEvent, EventType } from '../events/catalogue.js';
import { measureUnitRegistered, productTypeRegistered, usageTypeRegistered } from './catalogue.js';
import type { Decision, DecisionContext } from './context.js';
import { discountChanged, discountGranted, discountRevoked } from './discounts.js';
import { firstReads } from './first-reads.js';
import {
  marketplaceSupervisionReleased,
  marketplaceTransactionBilled,
  marketplaceTransactionRecorded,
} from './marketplace.js';
import { adjustmentPosted, autoRenewSet, onDemandCharged, orderPlaced, orderRefunded, specChanged } from './orders.js';
import {
  associationTypeSwitched,
  customerAssociated,
  customerDisassociated,
  partnerRegistered,
  profileChanged,
  programEnrolled,
  programWithdrawn,
} from './partners.js';
import { periodClosed, rulesPublished, statementPublished } from './periods-rules.js';
import {
  fundsAllocated,
  fundsReclaimed,
  quotaGranted,
  quotaReclaimed,
  voucherIssued,
  voucherRevoked,
} from './reseller-money.js';

export type { DecisionContext } from './context.js';
export { firstReads } from './first-reads.js';
export { type ReadView, readsOf } from './reads.js';

const DECISIONS: { [K in EventType]: Decision<K> } = {
  PartnerRegistered: partnerRegistered,
  PartnerProgramEnrolled: programEnrolled,
  PartnerProgramWithdrawn: programWithdrawn,
  PartnerProfileChanged: profileChanged,
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
  ProductTypeRegistered: productTypeRegistered,
  UsageTypeRegistered: usageTypeRegistered,
  MeasureUnitRegistered: measureUnitRegistered,
  MarketplaceTransactionRecorded: marketplaceTransactionRecorded,
  MarketplaceTransactionBilled: marketplaceTransactionBilled,
  MarketplaceSupervisionReleased: marketplaceSupervisionReleased,
};

/** Checks one event against the states in `ctx` and records its appends and links there. */
export function decide(event: DomainEvent, ctx: DecisionContext): void {
  ctx.prefetch(firstReads(event));
  (DECISIONS[event.type] as Decision<EventType>)(event, ctx);
}
