/**
 * The figures of SPEC §4 and the rules that both the command side and the read side apply, each
 * defined once as a pure function on decimals (docs/architecture.md "Where each figure lives").
 * The decisions call them on aggregate state, the projections on their rows and batch deltas.
 *
 * Every figure below is linear in its inputs (sums and differences), so a projection may apply it
 * to a batch's deltas and add the result to the stored row.
 */

import type { PublishedRuleSet } from './aggregates/state.js';
import type { EventDataMap, EventType } from './events/catalogue.js';
import type { AssociationType } from './events/fields.js';
import type { IncentiveRulesPublishedData } from './events/schemas.js';
import { add, type Decimal, parseAmount, roundHalfUpTo, sub, ZERO } from './money.js';
import { instantMillis } from './period.js';

/** Any event of the catalogue, by type and data (a stored event or a parsed one). */
export type TypedEvent = { [K in EventType]: { type: K; data: EventDataMap[K] } }[EventType];

// Consumption (SPEC §4 consumption summary) ----------------------------------------------------------

/** The sums of a consumption summary row: what each event adds to them. */
export interface ConsumptionFigures {
  /** Σ OrderPlaced.amount + Σ OnDemandCharged.amount + Σ positive SpecChanged.amount. */
  consumption: Decimal;
  /** Σ OrderRefunded.amount. */
  refundOrders: Decimal;
  /** Σ |negative SpecChanged.amount|. */
  specChangeRebates: Decimal;
  /** Σ AdjustmentPosted.amount. */
  adjustments: Decimal;
  /** Σ OrderPlaced.voucherAmount (it does not enter `net`). */
  vouchersUsed: Decimal;
}

/** Figures of nothing yet (a fresh accumulator for `addConsumption`). */
export function noConsumption(): ConsumptionFigures {
  return { consumption: ZERO, refundOrders: ZERO, specChangeRebates: ZERO, adjustments: ZERO, vouchersUsed: ZERO };
}

/**
 * Adds what an event adds to its customer's consumption summary (in the booking period of its
 * occurredAt, for the partner associated then) to `sums`, in place (a batch's running sums: no
 * allocation per event); false for events that add nothing.
 */
export function addConsumption(sums: ConsumptionFigures, e: TypedEvent): boolean {
  switch (e.type) {
    case 'OrderPlaced':
      sums.consumption = add(sums.consumption, parseAmount(e.data.amount));
      if (e.data.voucherAmount !== undefined)
        sums.vouchersUsed = add(sums.vouchersUsed, parseAmount(e.data.voucherAmount));
      return true;
    case 'OnDemandCharged':
      sums.consumption = add(sums.consumption, parseAmount(e.data.amount));
      return true;
    case 'OrderRefunded':
      sums.refundOrders = add(sums.refundOrders, parseAmount(e.data.amount));
      return true;
    case 'SpecChanged': {
      const amount = parseAmount(e.data.amount);
      if (amount.isPositive()) sums.consumption = add(sums.consumption, amount);
      else sums.specChangeRebates = add(sums.specChangeRebates, amount.abs());
      return true;
    }
    case 'AdjustmentPosted':
      sums.adjustments = add(sums.adjustments, parseAmount(e.data.amount));
      return true;
    default:
      return false;
  }
}

/** What an event adds to its customer's consumption summary (`addConsumption` from zero); undefined: nothing. */
export function consumptionDelta(e: TypedEvent): ConsumptionFigures | undefined {
  const sums = noConsumption();
  return addConsumption(sums, e) ? sums : undefined;
}

/** SPEC §4 `refunds.total` = refundOrders + specChangeRebates. */
export function refundsTotalOf(f: Pick<ConsumptionFigures, 'refundOrders' | 'specChangeRebates'>): Decimal {
  return add(f.refundOrders, f.specChangeRebates);
}

/** SPEC §4 `net` = consumption − refunds.total + adjustments. */
export function netOf(
  f: Pick<ConsumptionFigures, 'consumption' | 'refundOrders' | 'specChangeRebates' | 'adjustments'>,
): Decimal {
  return add(sub(f.consumption, refundsTotalOf(f)), f.adjustments);
}

/** What an event adds to its partner's period `net` (0 for events outside the summary). */
export function netDelta(e: TypedEvent): Decimal {
  const delta = consumptionDelta(e);
  return delta === undefined ? ZERO : netOf(delta);
}

// Orders and vouchers ----------------------------------------------------------------------------------

/**
 * An order's cash part: amount − voucherAmount. What reseller funds pay for it, what its
 * incentive line is on, and what its refunds come out of first.
 */
export function cashPartOf(amount: Decimal, voucherAmount: Decimal): Decimal {
  return sub(amount, voucherAmount);
}

/** A voucher's unused value: amount − used (what goes back to its quota when it is revoked). */
export function voucherUnusedOf(amount: Decimal, used: Decimal): Decimal {
  return amount.minus(used);
}

/** Whether a voucher has expired at instant `at`: from its `expiresAt` on, it pays for nothing. */
export function voucherExpiredAt(expiresAt: string, at: string): boolean {
  return instantMillis(at) >= instantMillis(expiresAt);
}

/**
 * What revoking a voucher at `revokedAt` gives back to its quota: its unused value, unless it had
 * expired by then (SPEC §6: an expired voucher's unused value does not return to the quota, and
 * revoking it afterwards does not bring it back).
 */
export function voucherReturnedOnRevoke(
  voucher: { amount: Decimal; used: Decimal; expiresAt: string },
  revokedAt: string,
): Decimal {
  return voucherExpiredAt(voucher.expiresAt, revokedAt) ? ZERO : voucherUnusedOf(voucher.amount, voucher.used);
}

// Reseller funds and voucher quotas ------------------------------------------------------------------

export interface FundsFigures {
  allocated: Decimal;
  reclaimed: Decimal;
  spent: Decimal;
  returned: Decimal;
}

/** Reseller funds `available` = allocated − reclaimed − spent + returned. */
export function fundsAvailableOf(f: FundsFigures): Decimal {
  return add(sub(sub(f.allocated, f.reclaimed), f.spent), f.returned);
}

export interface QuotaFigures {
  granted: Decimal;
  issued: Decimal;
  reclaimed: Decimal;
  returned: Decimal;
}

/** Voucher quota `available` (what is left) = granted − issued − reclaimed + returned. */
export function quotaLeftOf(q: QuotaFigures): Decimal {
  return add(sub(sub(q.granted, q.issued), q.reclaimed), q.returned);
}

// Refunds take the cash part first -------------------------------------------------------------------

/**
 * The cash part of giving back `amount` when `cashLeft` of the cash part is still out: refunds
 * and rebates come out of the cash part first (SPEC §3), never more than is left of it.
 */
export function cashFirst(amount: Decimal, cashLeft: Decimal): Decimal {
  const left = cashLeft.isNegative() ? ZERO : cashLeft;
  return amount.lte(left) ? amount : left;
}

/** What is left to refund of an order, by part. */
export interface RefundableParts {
  cash: Decimal;
  voucher: Decimal;
}

export interface RefundSplit {
  cash: Decimal;
  voucher: Decimal;
}

/**
 * How a refund or rebate of `amount` splits: out of the cash part first (`cashFirst`), the rest
 * out of the voucher part. Undefined when the rest exceeds the voucher part left (the refund
 * exceeds what is left to refund).
 */
export function splitRefund(left: RefundableParts, amount: Decimal): RefundSplit | undefined {
  const cash = cashFirst(amount, left.cash);
  const voucher = sub(amount, cash);
  return voucher.gt(left.voucher) ? undefined : { cash, voucher };
}

// Who pays -------------------------------------------------------------------------------------------

/**
 * Who pays for a customer's order: the funds rule. A resale association with a reseller-tier
 * partner is paid from that reseller's funds (also its upgrades; the cash part of its refunds and
 * rebates goes back there); anything else (no association, referral, a distributor) is paid by no
 * reseller: null. `tierOf` is asked only for a resale association's partner.
 */
export function payingReseller(
  association: { partnerId: string; associationType: AssociationType } | undefined,
  tierOf: (partnerId: string) => string,
): string | null {
  if (association === undefined || association.associationType !== 'resale') return null;
  return tierOf(association.partnerId) === 'reseller' ? association.partnerId : null;
}

// At an instant: associations and enrolments ---------------------------------------------------------

/** Whether a spell [fromMs, toMs) is in force at `t` (epoch ms): from ≤ t < to; toMs null: open. */
export function inForceAt(fromMs: number, toMs: number | null, t: number): boolean {
  return fromMs <= t && (toMs === null || t < toMs);
}

/**
 * The association in force at `t`: of `spells` (in the order they began), the last in force at
 * `t`. `fromMs` / `toMs` read a spell's bounds (each side keeps spells in its own shape).
 */
export function associationAt<S>(
  spells: readonly S[],
  t: number,
  fromMs: (s: S) => number,
  toMs: (s: S) => number | null,
): S | undefined {
  for (let i = spells.length - 1; i >= 0; i--) {
    const s = spells[i]!;
    if (inForceAt(fromMs(s), toMs(s), t)) return s;
  }
  return undefined;
}

/** One enrolment of a partner in a programme: [fromMs, toMs). */
export interface EnrolmentSpell {
  program: string;
  fromMs: number;
  toMs: number | null;
}

/** Whether the partner, of these enrolment spells, was enrolled in `program` at `t`. */
export function enrolledIn(spells: readonly EnrolmentSpell[], program: string, t: number): boolean {
  for (const s of spells) if (s.program === program && inForceAt(s.fromMs, s.toMs, t)) return true;
  return false;
}

// Rule sets ------------------------------------------------------------------------------------------

/** The rule set an IncentiveRulesPublished event publishes (the record both sides keep of it). */
export function publishedRuleSet(e: { data: IncentiveRulesPublishedData; occurredAt: string }): PublishedRuleSet {
  return {
    version: String(e.data.version),
    effectiveFrom: e.data.effectiveFrom,
    rules: e.data.rules,
    tiers: e.data.tiers ?? [],
    programs: e.data.programs ?? {},
    publishedAt: e.occurredAt,
  };
}

// Marketplace revenue split (SPEC §6) -----------------------------------------------------------

/**
 * The split of a marketplace transaction: commission = round_half_up(amount × commissionRate, 2),
 * partnerShare = amount − commission. Half-up is away from zero, so a refund's split is the
 * negative of the same purchase's (100.05 × 0.05 = 5.0025 → 5.00; 10.10 × 0.15 = 1.515 → 1.52).
 */
export function marketplaceSplit(
  amount: Decimal,
  commissionRate: Decimal,
): { commission: Decimal; partnerShare: Decimal } {
  const commission = roundHalfUpTo(amount.times(commissionRate), 2);
  return { commission, partnerShare: amount.minus(commission) };
}
