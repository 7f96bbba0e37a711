/** What decisions share: the context they work through and the checks several of them make. */
import { associationAt } from '../aggregates/queries.js';
import type { AggregateState, CustomerState, OrderState, PartnerState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import type { DomainEvent, EventType } from '../events/catalogue.js';
import { normalizeAmount } from '../money.js';
import { refuse } from '../rules.js';

/** What a decision may do with streams; the planner implements it over snapshots. */
export interface DecisionContext {
  /** Makes sure these streams are loaded (asking the caller for all missing ones at once). */
  prefetch(streamIds: readonly string[]): void;
  /** The state of a stream, recorded as read (its version is checked at append). */
  read<S extends AggregateState>(streamId: string): S | undefined;
  /** Appends the event to its home stream. */
  append(streamId: string, event: DomainEvent): void;
  /** Places the event into another stream as well. */
  link(streamId: string, event: DomainEvent): void;
}

export type Decision<K extends EventType> = (e: DomainEvent<K>, ctx: DecisionContext) => void;

export const q = (s: string) => JSON.stringify(s);
/** An amount as refusals quote it: canonical (`"010.50"` → `"10.5"`). */
export const show = normalizeAmount;

export function mustBeNew(ctx: DecisionContext, streamId: string, what: string): void {
  if (ctx.read(streamId) !== undefined) refuse('created-id-is-new', `${what} already exists`);
}

export function mustExist<T extends AggregateState>(ctx: DecisionContext, streamId: string, what: string): T {
  const state = ctx.read<T>(streamId);
  if (state === undefined) refuse('referenced-id-exists', `${what} does not exist`);
  return state;
}

/** The partner associated with the customer at `instant`, read (and prefetching its funds if resale). */
export function partnerAt(
  ctx: DecisionContext,
  customer: CustomerState,
  instant: string,
): { partner: PartnerState; associationType: 'referral' | 'resale' } | undefined {
  const spell = associationAt(customer, instant);
  if (!spell) return undefined;
  ctx.prefetch([S.partner(spell.partnerId), ...(spell.associationType === 'resale' ? [S.funds(spell.partnerId)] : [])]);
  const partner = mustExist<PartnerState>(ctx, S.partner(spell.partnerId), `partner ${q(spell.partnerId)}`);
  return { partner, associationType: spell.associationType };
}

/** The funds rule: a resale association with a reseller-tier partner is paid from that reseller's funds. */
export function payingReseller(at: ReturnType<typeof partnerAt>): string | null {
  return at && at.associationType === 'resale' && at.partner.tier === 'reseller' ? at.partner.partnerId : null;
}

/** The reseller whose funds pay a customer's resale orders at `instant` (resale mode, reseller tier). */
export function fundingAt(ctx: DecisionContext, customer: CustomerState, instant: string): string | null {
  return payingReseller(partnerAt(ctx, customer, instant));
}

/** The reseller funds that paid an order: those of the association in force when it was placed. */
export function orderFunding(ctx: DecisionContext, order: OrderState): string | null {
  ctx.prefetch([S.customer(order.customerId)]);
  const customer = mustExist<CustomerState>(ctx, S.customer(order.customerId), `customer ${q(order.customerId)}`);
  return fundingAt(ctx, customer, order.occurredAt);
}

export function sameCurrency(partner: PartnerState | undefined, currency: string, what: string): void {
  if (partner && partner.currency !== currency) {
    refuse(
      'one-currency-per-partner',
      `${what} is in ${currency} but partner ${q(partner.partnerId)} bills in ${partner.currency}`,
    );
  }
}

/** The partner at `instant` for a currency check only (on-demand charges never touch funds). */
export function partnerOnly(ctx: DecisionContext, customer: CustomerState, instant: string): PartnerState | undefined {
  const spell = associationAt(customer, instant);
  if (!spell) return undefined;
  ctx.prefetch([S.partner(spell.partnerId)]);
  return mustExist<PartnerState>(ctx, S.partner(spell.partnerId), `partner ${q(spell.partnerId)}`);
}
