import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../events/catalogue.js';
import { event } from '../testing/decider-spec.js';
import { evolve } from './evolve.js';
import { associationAt } from './queries.js';
import type { AggregateState, CustomerState } from './state.js';

const fold = (streamId: string, events: readonly DomainEvent[]): AggregateState | undefined =>
  events.reduce<AggregateState | undefined>((s, e) => evolve(streamId, s, e), undefined);

describe('evolve: a customer keeps one spell per association and association type', () => {
  const customerId = 'cust';
  const customer = fold(`customer-${customerId}`, [
    event(
      'CustomerAssociated',
      { customerId, customerName: 'Cust Ltd', partnerId: 'p1', associationType: 'referral', accountManager: 'Li' },
      '2026-09-01T00:00:00+08:00',
    ),
    event(
      'AssociationTypeSwitched',
      { customerId, partnerId: 'p1', associationType: 'resale' },
      '2026-09-10T00:00:00+08:00',
    ),
    event('CustomerDisassociated', { customerId, partnerId: 'p1' }, '2026-09-20T00:00:00+08:00'),
    event(
      'CustomerAssociated',
      { customerId, customerName: 'Cust Ltd', partnerId: 'p2', associationType: 'resale' },
      '2026-10-01T00:00:00+08:00',
    ),
  ]) as CustomerState;

  it('ends each spell where the next change begins and keeps the account manager across a switch', () => {
    expect(customer.history).toEqual([
      {
        partnerId: 'p1',
        associationType: 'referral',
        accountManager: 'Li',
        from: '2026-09-01T00:00:00+08:00',
        to: '2026-09-10T00:00:00+08:00',
      },
      {
        partnerId: 'p1',
        associationType: 'resale',
        accountManager: 'Li',
        from: '2026-09-10T00:00:00+08:00',
        to: '2026-09-20T00:00:00+08:00',
      },
      { partnerId: 'p2', associationType: 'resale', accountManager: null, from: '2026-10-01T00:00:00+08:00', to: null },
    ]);
    expect(customer).toMatchObject({ partnerId: 'p2', associationType: 'resale', accountManager: null });
  });

  it('answers the association in force at an instant from those spells', () => {
    expect(associationAt(customer, '2026-09-05T00:00:00+08:00')?.associationType).toBe('referral');
    expect(associationAt(customer, '2026-09-15T00:00:00+08:00')?.associationType).toBe('resale');
    expect(associationAt(customer, '2026-09-25T00:00:00+08:00')).toBeUndefined();
    expect(associationAt(customer, '2026-10-05T00:00:00+08:00')?.partnerId).toBe('p2');
  });
});
