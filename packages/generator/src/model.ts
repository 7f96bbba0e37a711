/**
 * What the generator remembers about the world it has written so far: just enough to keep every
 * later event valid under SPEC §3 (ids that exist, amounts still refundable, funds and quota left).
 * Memory is bounded by the number of customers, not of events: each customer keeps only its most
 * recent orders, and exhausted vouchers, quotas and revoked discounts are dropped.
 */
import type { AssociationType } from '@reckon/domain';
import type { Meter, PartnerProfile, Product } from './catalogue.js';

export interface Partner {
  profile: PartnerProfile;
  id: string;
  index: number;
  managers: readonly string[];
  parent?: Partner;
  resellers: Partner[];
  /**
   * A reseller's funds as the generator counts them: allocated − reclaimed − spent. Refund and rebate
   * returns are left out, so this never exceeds what the engine counts as available.
   */
  funds: bigint;
  spentThisMonth: bigint;
  spentLastMonth: bigint;
  /** Voucher quotas granted to this partner that still have value left. */
  quotas: Quota[];
}

export interface Customer {
  index: number;
  id: string;
  name: string;
  currency: string;
  /** The associated partner, or the last one while the customer has none (its currency stays). */
  partner?: Partner;
  /** Undefined while the customer is not associated. */
  associationType?: AssociationType;
  /** When the current association (or its type) began: later facts may not predate it. */
  since: number;
  /** Position in the list of associated customers, -1 when not associated. */
  slot: number;
  endedAt: number;
  /** Recent orders placed under the current association (older ones are no longer touched). */
  orders: Order[];
  discounts: Discount[];
  vouchers: Voucher[];
  meters: MeteredResource[];
}

export interface Resource {
  id: string;
  /** Index into the product's specification ladder. */
  spec: number;
  autoRenew: boolean;
}

export interface Order {
  id: string;
  customer: Customer;
  product: Product;
  months: number;
  /** When the term being paid for starts (placement, or the previous term's end for a renewal). */
  termStart: number;
  termEnd: number;
  /** Amount plus upgrade charges, cents. */
  paid: bigint;
  /** Refunds plus rebates so far, cents. */
  refunded: bigint;
  resources: Resource[];
  /** False once unsubscribed, renewed, expired or no longer tracked. */
  open: boolean;
}

export interface Discount {
  id: string;
  productTypes: readonly string[];
  validFrom: number;
  validTo?: number;
  rate: string;
  /** Rate changes in order of `from`. */
  changes: { from: number; rate: string }[];
  revokedFrom?: number;
}

export interface Quota {
  id: string;
  grantor: Partner;
  partner: Partner;
  /** What is left to issue or reclaim, cents (revocation returns are left out, to stay on the safe side). */
  left: bigint;
  grantedAt: number;
  expiresAt?: number;
}

export interface Voucher {
  id: string;
  quota: Quota;
  unused: bigint;
  expiresAt: number;
  issuedAt: number;
}

export interface MeteredResource {
  id: string;
  product: Product;
  meter: Meter;
}
