/**
 * The streams a decision reads, declared from the event and from the states already loaded:
 * `firstReads` names what the event itself names; `readsOf` adds what those states name in turn
 * (an order's customer, the customer's partner at the instant and, for a resale association, that
 * partner's funds; a voucher's quota). It mirrors the reads of the decisions in this folder, so the
 * planner can load a batch's streams in a few rounds and then decide each event without a miss;
 * it may name more than a decision ends up reading (a stream loaded but not read guards nothing).
 */
import { customerAssociationAt, orderAssociation } from '../aggregates/queries.js';
import type { AggregateState, Association, CustomerState, OrderState, VoucherState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import type { DomainEvent } from '../events/catalogue.js';
import { firstReads } from './first-reads.js';

/** A stream as `readsOf` sees it: `{state}` once loaded (state undefined: it does not exist), else undefined. */
export type ReadView = (streamId: string) => { readonly state: AggregateState | undefined } | undefined;

function stateOf<T extends AggregateState>(view: ReadView, streamId: string): T | undefined {
  return view(streamId)?.state as T | undefined;
}

/** The partner an association names, and its funds when the association is a resale one. */
function associationReads(spell: Association | undefined, withFunds: boolean, into: string[]): void {
  if (!spell) return;
  into.push(S.partner(spell.partnerId));
  if (withFunds && spell.associationType === 'resale') into.push(S.funds(spell.partnerId));
}

/**
 * Every stream deciding `e` may read, as far as the loaded states tell: when all the streams it
 * returns are loaded, the list is complete (what a state names is only added once that state is loaded).
 */
export function readsOf(e: DomainEvent, view: ReadView): string[] {
  const reads = firstReads(e);
  switch (e.type) {
    case 'OrderPlaced': {
      const customer = stateOf<CustomerState>(view, S.customer(e.data.customerId));
      if (customer) associationReads(customerAssociationAt(customer, e.occurredAt), true, reads);
      if (e.data.voucherId !== undefined) {
        const voucher = stateOf<VoucherState>(view, S.voucher(e.data.voucherId));
        if (voucher) reads.push(S.quota(voucher.quotaId));
      }
      break;
    }
    case 'OrderRefunded':
    case 'SpecChanged': {
      // The funds that paid the order: those of the association it was placed under.
      const order = stateOf<OrderState>(view, S.order(e.data.orderId));
      if (!order) break;
      reads.push(S.customer(order.customerId));
      const customer = stateOf<CustomerState>(view, S.customer(order.customerId));
      if (customer) associationReads(orderAssociation(customer, order), true, reads);
      // and the partner at the event's own time (its currency check)
      if (customer) associationReads(customerAssociationAt(customer, e.occurredAt), false, reads);
      break;
    }
    case 'OnDemandCharged':
    case 'AdjustmentPosted':
    case 'VoucherIssued': {
      // The partner for the currency check only.
      const customer = stateOf<CustomerState>(view, S.customer(e.data.customerId));
      if (customer) associationReads(customerAssociationAt(customer, e.occurredAt), false, reads);
      break;
    }
    case 'VoucherRevoked': {
      const voucher = stateOf<VoucherState>(view, S.voucher(e.data.voucherId));
      if (voucher) reads.push(S.quota(voucher.quotaId));
      break;
    }
    default:
      break;
  }
  return reads;
}
