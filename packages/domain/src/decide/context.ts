/** What decisions share: the context they work through and the checks several of them make. */
import { customerAssociationAt, orderAssociation } from '../aggregates/queries.js';
import type { AggregateState, Association, CustomerState, OrderState, PartnerState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import type { DomainEvent, EventType } from '../events/catalogue.js';
import { payingReseller } from '../figures.js';
import { normalizeAmount } from '../money.js';
import { refuse } from '../rules.js';

/** What a decision may do with streams; the planner implements it over snapshots. */
export interface DecisionContext {
  /**
   * Says these streams are read next. The planner has loaded them beforehand (`readsOf` declares
   * them); a decision reads everything it needs before it appends or links anything.
   */
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

/** The partner of an association, read (and prefetching its funds if resale). */
function partnerOf(
  ctx: DecisionContext,
  spell: Association | undefined,
): { partner: PartnerState; associationType: 'referral' | 'resale' } | undefined {
  if (!spell) return undefined;
  ctx.prefetch([S.partner(spell.partnerId), ...(spell.associationType === 'resale' ? [S.funds(spell.partnerId)] : [])]);
  const partner = mustExist<PartnerState>(ctx, S.partner(spell.partnerId), `partner ${q(spell.partnerId)}`);
  return { partner, associationType: spell.associationType };
}

/** The partner associated with the customer at `instant`, read (and prefetching its funds if resale). */
export function partnerAt(
  ctx: DecisionContext,
  customer: CustomerState,
  instant: string,
): { partner: PartnerState; associationType: 'referral' | 'resale' } | undefined {
  return partnerOf(ctx, customerAssociationAt(customer, instant));
}

/** Who pays (the figures' `payingReseller`, the funds rule) for an association read by `partnerAt`. */
export function payerOf(at: ReturnType<typeof partnerAt>): string | null {
  if (!at) return null;
  return payingReseller(
    { partnerId: at.partner.partnerId, associationType: at.associationType },
    () => at.partner.tier,
  );
}

/**
 * The reseller funds that paid an order: those of the association in force when it was placed, as
 * the log knew it then (`orderAssociation`), so that a refund returns, and an upgrade is charged,
 * to the reseller the placement drew from, whatever association change is appended afterwards.
 */
export function orderFunding(ctx: DecisionContext, order: OrderState): string | null {
  return payerOf(partnerOf(ctx, orderAssociation(orderCustomer(ctx, order), order)));
}

/** The customer an order was placed for (its stream is read after the order's). */
export function orderCustomer(ctx: DecisionContext, order: OrderState): CustomerState {
  ctx.prefetch([S.customer(order.customerId)]);
  return mustExist<CustomerState>(ctx, S.customer(order.customerId), `customer ${q(order.customerId)}`);
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
  const spell = customerAssociationAt(customer, instant);
  if (!spell) return undefined;
  ctx.prefetch([S.partner(spell.partnerId)]);
  return mustExist<PartnerState>(ctx, S.partner(spell.partnerId), `partner ${q(spell.partnerId)}`);
}
