/**
 * The keys a batch's events lead to, which a projection loads into its caches before folding them:
 * one definition for every projection that keeps orders and customer associations as context.
 */
import type { KnownEvent } from '../events.js';

/** The orders the batch's events are of without naming their customer (a refund, a spec change), as cache keys. */
export function ordersReferredTo(events: readonly KnownEvent[]): string[][] {
  const keys: string[][] = [];
  for (const e of events) {
    if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') keys.push([e.data.orderId]);
  }
  return keys;
}

/**
 * The customers the batch's events concern: the one an event names, or the customer of the order a
 * refund or spec change is of (`customerOfOrder`, from the orders loaded; an unknown order adds none).
 */
export function customersConcerned(
  events: readonly KnownEvent[],
  customerOfOrder: (orderId: string) => string | undefined,
): Set<string> {
  const customers = new Set<string>();
  for (const e of events) {
    if ('customerId' in e.data && typeof e.data.customerId === 'string') customers.add(e.data.customerId);
    else if (e.type === 'OrderRefunded' || e.type === 'SpecChanged') {
      const customer = customerOfOrder(e.data.orderId);
      if (customer !== undefined) customers.add(customer);
    }
  }
  return customers;
}
