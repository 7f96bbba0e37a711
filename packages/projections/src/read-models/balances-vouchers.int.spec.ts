import { type DomainEvent, planBatch, type QuotaState, type StreamSnapshot, streamIds } from '@reckon/domain';
import type { NewEvent } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { event } from '../testing/harness.js';
import { tieredPartner as partner } from '../testing/incentive-events.js';
import { useProjectionSpecs } from '../testing/spec.js';
import { BALANCES_SCHEMA } from './balances.js';

/**
 * A revoked voucher's unused value goes back to its quota, unless the voucher had expired by then
 * (SPEC §6: an expired voucher's unused value does not return; the domain's `voucherReturnedOnRevoke`).
 * The read side's quota and the command side's agree.
 */
const voucher = (voucherId: string, expiresAt: string) =>
  event('VoucherIssued', '2026-02-01T00:00:00+08:00', {
    voucherId,
    quotaId: 'q1',
    customerId: 'c1',
    amount: '100',
    expiresAt,
  });
const history: NewEvent[] = [
  partner('d1', 'distributor'),
  partner('r1', 'reseller', 'd1'),
  event('CustomerAssociated', '2026-01-02T00:00:00+08:00', {
    customerId: 'c1',
    customerName: 'Acme',
    partnerId: 'r1',
    associationType: 'referral',
  }),
  event('VoucherQuotaGranted', '2026-01-03T00:00:00+08:00', {
    quotaId: 'q1',
    grantorId: 'd1',
    partnerId: 'r1',
    amount: '500',
    currency: 'CNY',
  }),
  voucher('v-expired', '2026-03-01T00:00:00+08:00'),
  voucher('v-live', '2026-06-01T00:00:00+08:00'),
  event('OrderPlaced', '2026-02-10T00:00:00+08:00', {
    orderId: 'o1',
    customerId: 'c1',
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: '50',
    amount: '50',
    voucherId: 'v-expired',
    voucherAmount: '30',
    resources: [{ resourceId: 'o1-res' }],
    termEnd: '2027-02-10T00:00:00+08:00',
  }),
];
// Both revoked on March 5: one expired on March 1 (70 unused, gone), the other still live (100 back).
const revokes = [
  event('VoucherRevoked', '2026-03-05T00:00:00+08:00', { voucherId: 'v-expired' }),
  event('VoucherRevoked', '2026-03-05T00:00:00+08:00', { voucherId: 'v-live' }),
];

/** The quota as the command side decides the events one by one (refusing none). */
function commandSideQuota(events: readonly NewEvent[]): QuotaState {
  const snapshots = new Map<string, StreamSnapshot>();
  for (const e of events) {
    for (;;) {
      const plan = planBatch([{ ...e, version: 1 } as DomainEvent], (id) => snapshots.get(id));
      if (plan.kind === 'need') {
        for (const id of plan.streamIds) snapshots.set(id, { streamId: id, version: 0, state: undefined });
        continue;
      }
      if (plan.kind !== 'planned') throw new Error(`${e.type} ${plan.kind}: ${plan.detail}`);
      for (const s of plan.snapshots) snapshots.set(s.streamId, s);
      break;
    }
  }
  return snapshots.get(streamIds.quota('q1'))!.state as QuotaState;
}

describe('a voucher revoked after it expired gives nothing back to its quota', () => {
  const spec = useProjectionSpecs('balances_vouchers');

  it('returns the unused value of a live voucher only; the command side agrees', async () => {
    const quota = commandSideQuota([...history, ...revokes]);
    expect([quota.issued, quota.returned]).toEqual(['200', '100']);
    await spec
      .given(...history)
      .when(...revokes)
      .thenRows(`${BALANCES_SCHEMA}.voucher_quotas`, { columns: ['quota_id', 'issued', 'returned', 'available'] }, [
        ['q1', '200.00000000', '100.00000000', '400.00000000'],
      ]);
  });
});
