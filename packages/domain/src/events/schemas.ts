/**
 * The `data` schema of every event type of SPEC §2, by family. Unknown fields are rejected
 * (`additionalProperties: false`); relations between fields that a schema cannot express
 * (windowEnd after windowStart, …) are checked in `parse.ts`.
 */
import { type Static, Type } from '@sinclair/typebox';
import { MAX_INTEGER, MAX_REVISION } from './bounds.js';
import {
  ASSOCIATION_TYPES,
  BILLING_MODES,
  Currency,
  Data,
  Factor,
  FreeText,
  Id,
  Instant,
  Language,
  NonNegativeAmount,
  NonZeroAmount,
  OneOf,
  PARTNER_TIERS,
  PeriodField,
  PositiveAmount,
  Quantity,
  Rate,
  REFUND_REASONS,
  SignedAmount,
  Spec,
  Text,
  TimeZone,
} from './fields.js';

const Opt = Type.Optional;

// Partners and customers ------------------------------------------------------------------------

export const PartnerRegisteredData = Data({
  partnerId: Id('a partner id'),
  name: Text(),
  tier: OneOf(PARTNER_TIERS),
  parentId: Opt(Id('a distributor partner id')),
  level: Opt(FreeText('free text matched by incentive rules')),
  timeZone: TimeZone(),
  currency: Currency(),
});
export type PartnerRegisteredData = Static<typeof PartnerRegisteredData>;

export const PartnerProgramEnrolledData = Data({ partnerId: Id('a partner id'), program: Text('a programme name') });
export type PartnerProgramEnrolledData = Static<typeof PartnerProgramEnrolledData>;

export const PartnerProgramWithdrawnData = Data({ partnerId: Id('a partner id'), program: Text('a programme name') });
export type PartnerProgramWithdrawnData = Static<typeof PartnerProgramWithdrawnData>;

/** At least one of timeZone, language, level (checked in parse.ts); each given one replaces the old. */
export const PartnerProfileChangedData = Data({
  partnerId: Id('a partner id'),
  timeZone: Opt(TimeZone()),
  language: Opt(Language()),
  level: Opt(FreeText('free text matched by incentive rules')),
});
export type PartnerProfileChangedData = Static<typeof PartnerProfileChangedData>;

export const CustomerAssociatedData = Data({
  customerId: Id('a customer id'),
  customerName: Text(),
  partnerId: Id('a partner id'),
  associationType: OneOf(ASSOCIATION_TYPES),
  accountManager: Opt(FreeText()),
  accountName: Opt(FreeText("the customer's cloud account name (客户账号名)")),
});
export type CustomerAssociatedData = Static<typeof CustomerAssociatedData>;

export const AssociationTypeSwitchedData = Data({
  customerId: Id('a customer id'),
  partnerId: Id('a partner id'),
  associationType: OneOf(ASSOCIATION_TYPES),
});
export type AssociationTypeSwitchedData = Static<typeof AssociationTypeSwitchedData>;

export const CustomerDisassociatedData = Data({ customerId: Id('a customer id'), partnerId: Id('a partner id') });
export type CustomerDisassociatedData = Static<typeof CustomerDisassociatedData>;

// Orders and consumption ------------------------------------------------------------------------

export const Resource = Data({ resourceId: Id('a resource id'), spec: Opt(Spec()) });
export type Resource = Static<typeof Resource>;

export const OrderPlacedData = Data({
  orderId: Id('an order id'),
  customerId: Id('a customer id'),
  productType: Text('a product type'),
  billingMode: OneOf(['subscription'] as const),
  currency: Currency(),
  listAmount: NonNegativeAmount(),
  discountId: Opt(Id('a discount id')),
  amount: NonNegativeAmount(),
  voucherId: Opt(Id('a voucher id')),
  voucherAmount: Opt(NonNegativeAmount()),
  resources: Type.Array(Resource, { description: 'a list of resources' }),
  termEnd: Instant(),
  renewalOf: Opt(Id('an order id')),
  autoRenew: Opt(Type.Boolean({ description: 'true or false' })),
});
export type OrderPlacedData = Static<typeof OrderPlacedData>;

export const OrderRefundedData = Data({
  refundId: Id('a refund id'),
  orderId: Id('an order id'),
  reason: OneOf(REFUND_REASONS),
  amount: PositiveAmount(),
  resourceIds: Type.Array(Id('a resource id'), { uniqueItems: true, description: 'a list of distinct resource ids' }),
});
export type OrderRefundedData = Static<typeof OrderRefundedData>;

export const SpecChangedData = Data({
  changeId: Id('a change id'),
  orderId: Id('an order id'),
  resourceId: Id('a resource id'),
  fromSpec: Spec(),
  toSpec: Spec(),
  amount: NonZeroAmount(),
});
export type SpecChangedData = Static<typeof SpecChangedData>;

export const OnDemandChargedData = Data({
  chargeId: Id('a charge id'),
  customerId: Id('a customer id'),
  productType: Text('a product type'),
  resourceId: Id('a resource id'),
  usageType: Text('a usage type'),
  quantity: Quantity(),
  unit: Text('a unit'),
  amount: NonNegativeAmount(),
  currency: Currency(),
  windowStart: Instant(),
  windowEnd: Instant(),
});
export type OnDemandChargedData = Static<typeof OnDemandChargedData>;

export const AutoRenewSetData = Data({
  orderId: Id('an order id'),
  resourceId: Id('a resource id'),
  autoRenew: Type.Boolean({ description: 'true or false' }),
});
export type AutoRenewSetData = Static<typeof AutoRenewSetData>;

export const AdjustmentPostedData = Data({
  adjustmentId: Id('an adjustment id'),
  customerId: Id('a customer id'),
  amount: NonZeroAmount(),
  currency: Currency(),
  reason: Text('a reason'),
  correctsPeriod: Opt(PeriodField()),
});
export type AdjustmentPostedData = Static<typeof AdjustmentPostedData>;

// Discounts -------------------------------------------------------------------------------------

export const DiscountGrantedData = Data({
  discountId: Id('a discount id'),
  customerId: Id('a customer id'),
  rate: Rate(),
  productTypes: Opt(
    Type.Array(Text('a product type'), {
      uniqueItems: true,
      description: 'a list of distinct product types (empty or absent = all)',
    }),
  ),
  validFrom: Instant(),
  validTo: Opt(Instant()),
});
export type DiscountGrantedData = Static<typeof DiscountGrantedData>;

export const DiscountChangedData = Data({ discountId: Id('a discount id'), rate: Rate(), effectiveFrom: Instant() });
export type DiscountChangedData = Static<typeof DiscountChangedData>;

export const DiscountRevokedData = Data({ discountId: Id('a discount id'), effectiveFrom: Instant() });
export type DiscountRevokedData = Static<typeof DiscountRevokedData>;

// Reseller money --------------------------------------------------------------------------------

export const FundsAllocatedData = Data({
  allocationId: Id('an allocation id'),
  distributorId: Id('a distributor partner id'),
  resellerId: Id('a reseller partner id'),
  amount: PositiveAmount(),
  currency: Currency(),
});
export type FundsAllocatedData = Static<typeof FundsAllocatedData>;

export const FundsReclaimedData = Data({
  reclaimId: Id('a reclaim id'),
  distributorId: Id('a distributor partner id'),
  resellerId: Id('a reseller partner id'),
  amount: PositiveAmount(),
  currency: Currency(),
});
export type FundsReclaimedData = Static<typeof FundsReclaimedData>;

export const VoucherQuotaGrantedData = Data({
  quotaId: Id('a quota id'),
  grantorId: Id('a partner id'),
  partnerId: Id('a partner id'),
  amount: PositiveAmount(),
  currency: Currency(),
  expiresAt: Opt(Instant()),
});
export type VoucherQuotaGrantedData = Static<typeof VoucherQuotaGrantedData>;

export const VoucherQuotaReclaimedData = Data({ quotaId: Id('a quota id'), amount: PositiveAmount() });
export type VoucherQuotaReclaimedData = Static<typeof VoucherQuotaReclaimedData>;

export const VoucherIssuedData = Data({
  voucherId: Id('a voucher id'),
  quotaId: Id('a quota id'),
  customerId: Id('a customer id'),
  amount: PositiveAmount(),
  expiresAt: Instant(),
});
export type VoucherIssuedData = Static<typeof VoucherIssuedData>;

export const VoucherRevokedData = Data({ voucherId: Id('a voucher id') });
export type VoucherRevokedData = Static<typeof VoucherRevokedData>;

// Product catalogue -----------------------------------------------------------------------------

export const ProductTypeRegisteredData = Data({
  productType: Text('a product type'),
  name: Text('a display name'),
  resourceTypes: Type.Array(Text('a resource type'), {
    uniqueItems: true,
    description: 'a list of distinct resource types',
  }),
});
export type ProductTypeRegisteredData = Static<typeof ProductTypeRegisteredData>;

export const UsageTypeRegisteredData = Data({
  usageType: Text('a usage type'),
  productType: Text('a registered product type'),
  unit: Text('a registered measure unit'),
});
export type UsageTypeRegisteredData = Static<typeof UsageTypeRegisteredData>;

export const MeasureUnitRegisteredData = Data({
  unit: Text('a measure unit'),
  dimension: Text('a dimension like "data" or "time"'),
  baseUnit: Text('a registered unit of the same dimension, or the unit itself'),
  factor: Factor(),
});
export type MeasureUnitRegisteredData = Static<typeof MeasureUnitRegisteredData>;

// Periods and rules -----------------------------------------------------------------------------

export const BillingPeriodClosedData = Data({ period: PeriodField() });
export type BillingPeriodClosedData = Static<typeof BillingPeriodClosedData>;

/** A rule-set version: an opaque identifier, given as a string or a positive integer. */
export const RulesVersion = () =>
  Type.Union([Type.String({ pattern: '^[^\\s/?#%]{1,64}$' }), Type.Integer({ minimum: 1, maximum: MAX_INTEGER })], {
    description: 'a rule-set version: a string (1–64 characters without spaces) or a positive integer',
  });

export const IncentiveRuleMatch = Data({
  associationType: Opt(OneOf(ASSOCIATION_TYPES)),
  billingMode: Opt(OneOf(BILLING_MODES)),
  productType: Opt(Text('a product type')),
  partnerLevel: Opt(FreeText('a partner level')),
});
export type IncentiveRuleMatch = Static<typeof IncentiveRuleMatch>;

/** A rule: its `match` and `rate` (SPEC §4); an `id` is optional (unique within its set when given). */
export const IncentiveRule = Data({ id: Opt(Text('a rule id')), match: Opt(IncentiveRuleMatch), rate: Rate() });
export type IncentiveRule = Static<typeof IncentiveRule>;

export const IncentiveTier = Data({ minNet: SignedAmount(), bonusRate: Rate() });
export type IncentiveTier = Static<typeof IncentiveTier>;

export const IncentiveRulesPublishedData = Data({
  version: RulesVersion(),
  effectiveFrom: PeriodField(),
  rules: Type.Array(IncentiveRule, { description: 'a list of rules' }),
  tiers: Opt(Type.Array(IncentiveTier, { description: 'a list of tiers, ascending by minNet' })),
  programs: Opt(
    Type.Record(Type.String({ minLength: 1 }), Data({ bonusRate: Rate() }), {
      description: 'an object mapping programme names to {"bonusRate": "0.03"}',
    }),
  ),
});
export type IncentiveRulesPublishedData = Static<typeof IncentiveRulesPublishedData>;

export const StatementRevisionPublishedData = Data({
  partnerId: Id('a partner id'),
  period: PeriodField(),
  revision: Type.Integer({
    minimum: 1,
    maximum: MAX_REVISION,
    description: `a positive integer up to ${MAX_REVISION}`,
  }),
  rulesVersion: RulesVersion(),
  totalBefore: SignedAmount(),
  totalAfter: SignedAmount(),
});
export type StatementRevisionPublishedData = Static<typeof StatementRevisionPublishedData>;

// Marketplace revenue split (云商店 商品分账) -------------------------------------------------------

export const MARKETPLACE_KINDS = ['purchase', 'renewal', 'refund'] as const;
export type MarketplaceKind = (typeof MARKETPLACE_KINDS)[number];

export const MarketplaceTransactionRecordedData = Data({
  transactionId: Id('a transaction id'),
  orderId: Id('a marketplace order id'),
  partnerId: Id('the seller partner id'),
  customerId: Opt(Id('a customer id')),
  customerName: Opt(Text('a customer name')),
  productName: Text('a product name'),
  kind: OneOf(MARKETPLACE_KINDS),
  amount: NonZeroAmount(),
  currency: Currency(),
  commissionRate: Rate(),
  refundOf: Opt(Id('the refunded transaction id')),
  supervised: Type.Boolean({ description: 'true or false: held under service supervision (服务监管)' }),
});
export type MarketplaceTransactionRecordedData = Static<typeof MarketplaceTransactionRecordedData>;

export const MarketplaceTransactionBilledData = Data({ transactionId: Id('a transaction id') });
export type MarketplaceTransactionBilledData = Static<typeof MarketplaceTransactionBilledData>;

export const MarketplaceSupervisionReleasedData = Data({ transactionId: Id('a transaction id') });
export type MarketplaceSupervisionReleasedData = Static<typeof MarketplaceSupervisionReleasedData>;
