/**
 * Aggregate states: plain JSON data (amounts as canonical decimal strings), so snapshots can be
 * cached and compared. Each is what one stream's events (its own and those linked into it) fold to.
 */
import type { AssociationType, PartnerTier } from '../events/fields.js';
import type { IncentiveRule, IncentiveTier } from '../events/schemas.js';
import type { MeasureUnit } from '../measure.js';
import type { BucketMap } from './bucket-map.js';

export interface PartnerState {
  kind: 'partner';
  partnerId: string;
  name: string;
  tier: PartnerTier;
  parentId: string | null;
  /** Null when `PartnerRegistered` gave none; the latest `PartnerProfileChanged` level otherwise. */
  level: string | null;
  timeZone: string;
  /** BCP 47 tag from `PartnerProfileChanged`; null until one is given (absent in older snapshots). */
  language?: string | null;
  currency: string;
  /** Programmes the partner is enrolled in now. */
  programs: string[];
  /** Enrolment history, for "enrolled at occurredAt". `to` null = still enrolled. */
  programHistory: { program: string; from: string; to: string | null }[];
}

/** One spell of a customer's association with a partner under one association type. */
export interface AssociationSpell {
  partnerId: string;
  associationType: AssociationType;
  accountManager: string | null;
  /** occurredAt of the association or switch that began it. */
  from: string;
  /** occurredAt of the switch or disassociation that ended it; null while current. */
  to: string | null;
}

export interface CustomerState {
  kind: 'customer';
  customerId: string;
  customerName: string;
  /** The partner associated now (null after disassociation). */
  partnerId: string | null;
  associationType: AssociationType | null;
  accountManager: string | null;
  history: AssociationSpell[];
  /**
   * The association each of the customer's orders was placed under (null: none), as the history
   * stood when its `OrderPlaced` was linked into this stream: an association change appended later,
   * even one dated before the order, does not change who paid it (the funds rule). Orders placed
   * before these links existed are not here (`orderAssociation`).
   */
  orders: BucketMap<PlacedUnder>;
}

/** Whom an association is with, and in which mode (a spell without its bounds). */
export type Association = Pick<AssociationSpell, 'partnerId' | 'associationType'>;

/** The association an order was placed under: its partner and type then, or null when it had none. */
export type PlacedUnder = Association | null;

export interface DiscountState {
  kind: 'discount';
  discountId: string;
  customerId: string;
  productTypes: string[];
  validFrom: string;
  validTo: string | null;
  /** The granted rate (effective from validFrom) then each change, in log order. */
  rates: { rate: string; effectiveFrom: string }[];
  revokedFrom: string | null;
}

export interface OrderResource {
  resourceId: string;
  spec?: unknown;
  autoRenew: boolean;
}

export interface OrderState {
  kind: 'order';
  orderId: string;
  customerId: string;
  /**
   * Placement time. The partner, association type and funding source of the order are those of
   * the customer's association at this instant, as known when the order was placed; they are not in
   * the order's own events, so the customer's state records them (`CustomerState.orders`, read by
   * `orderAssociation` and `orderFunding`).
   */
  occurredAt: string;
  productType: string;
  billingMode: 'subscription';
  currency: string;
  listAmount: string;
  discountId: string | null;
  amount: string;
  voucherId: string | null;
  voucherAmount: string;
  /** Σ positive spec changes. */
  upgradeCharges: string;
  /** Refunds and rebates, split into what came out of the cash part and the voucher part. */
  refundedCash: string;
  refundedVoucher: string;
  refundIds: string[];
  changeIds: string[];
  resources: OrderResource[];
  termEnd: string;
  renewalOf: string | null;
}

export interface FundsState {
  kind: 'funds';
  resellerId: string;
  currency: string | null;
  allocated: string;
  reclaimed: string;
  spent: string;
  returned: string;
  /**
   * Cash each order drew from these funds and got back so far, while some is still out (an entry
   * goes once all of it has returned): a refund's cash part is worked out from it when folding.
   */
  orders: BucketMap<{ drawn: string; returned: string }>;
}

export interface QuotaState {
  kind: 'quota';
  quotaId: string;
  grantorId: string;
  partnerId: string;
  currency: string;
  expiresAt: string | null;
  granted: string;
  issued: string;
  reclaimed: string;
  returned: string;
  /** Vouchers issued from the quota and not revoked, with what was spent of them and when they expire. */
  vouchers: BucketMap<{ amount: string; used: string; expiresAt: string }>;
}

export interface VoucherState {
  kind: 'voucher';
  voucherId: string;
  quotaId: string;
  customerId: string;
  amount: string;
  used: string;
  revoked: boolean;
  expiresAt: string;
}

export interface ChargeState {
  kind: 'charge';
  chargeId: string;
  customerId: string;
  amount: string;
  currency: string;
}

export interface AdjustmentState {
  kind: 'adjustment';
  adjustmentId: string;
  customerId: string;
  amount: string;
  currency: string;
}

/** A uniqueness stream (`refund-…`, `change-…`, `allocation-…`, `reclaim-…`): who took the id. */
export interface MarkerState {
  kind: 'marker';
  eventId: string;
  type: string;
}

export interface PeriodsState {
  kind: 'periods';
  /** Closed periods in closing order (ascending, consecutive after the first). */
  closed: string[];
}

export interface PublishedRuleSet {
  /** The version as a string (an integer version 3 is "3"). */
  version: string;
  effectiveFrom: string;
  rules: IncentiveRule[];
  tiers: IncentiveTier[];
  programs: Record<string, { bonusRate: string }>;
  publishedAt: string;
}

export interface RulesState {
  kind: 'rules';
  /** In publication order. */
  versions: PublishedRuleSet[];
}

export interface StatementState {
  kind: 'statement';
  partnerId: string;
  period: string;
  revisions: { revision: number; rulesVersion: string; totalBefore: string; totalAfter: string }[];
}

/**
 * The product catalogue (the one `catalogue` stream). Keyed by name; read through `Object.hasOwn`
 * (catalogueEntry), as a name may be any text.
 */
export interface CatalogueState {
  kind: 'catalogue';
  productTypes: Record<string, { productType: string; name: string; resourceTypes: string[] }>;
  usageTypes: Record<string, { usageType: string; productType: string; unit: string }>;
  units: Record<string, MeasureUnit>;
}

export interface MarketTransactionState {
  kind: 'market';
  transactionId: string;
  orderId: string;
  partnerId: string;
  transactionKind: 'purchase' | 'renewal' | 'refund';
  /** Its `occurredAt`, as given: a refund of it may not be dated before it. */
  occurredAt: string;
  amount: string;
  /** Σ |amount| of the refunds naming it. */
  refunded: string;
  supervised: boolean;
  billed: boolean;
  released: boolean;
}

export type AggregateState =
  | PartnerState
  | CustomerState
  | DiscountState
  | OrderState
  | FundsState
  | QuotaState
  | VoucherState
  | ChargeState
  | AdjustmentState
  | MarkerState
  | PeriodsState
  | RulesState
  | StatementState
  | CatalogueState
  | MarketTransactionState;
