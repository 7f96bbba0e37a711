import { useTestDatabase } from '@reckon/database/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  customerAssociated,
  type Envelope,
  envelope,
  orderPlaced,
  partnerRegistered,
  voucherIssued,
  voucherQuotaGranted,
} from '../testing/events.js';
import { bearer, type KEYS, openTestApp, type TestApp } from '../testing/harness.js';
import { expectProblem } from '../testing/problems.js';

/**
 * SPEC §6 "Partner actions": a partner key appends its own actions, within its scope, and nothing
 * else (403, before any invariant, the log unchanged). P-DIST (the `partner` key) is a distributor
 * with reseller P-RES (the `reseller` key); P-SP (the `provider` key) is a solution provider;
 * P-OTHER is another distributor with reseller R-OTHER.
 */
describe('partner actions', () => {
  const db = useTestDatabase('api_partner_actions');
  let t: TestApp;
  const allocate = (id: string, distributorId: string, resellerId: string, amount = '100.00') =>
    envelope('FundsAllocated', { allocationId: id, distributorId, resellerId, amount, currency: 'CNY' });

  beforeAll(async () => {
    t = await openTestApp(db.url);
    await accepted(
      'admin',
      ...[
        partnerRegistered('P-DIST', { tier: 'distributor' }),
        partnerRegistered('P-RES', { tier: 'reseller', parentId: 'P-DIST' }),
        partnerRegistered('P-OTHER', { tier: 'distributor' }),
        partnerRegistered('R-OTHER', { tier: 'reseller', parentId: 'P-OTHER' }),
        partnerRegistered('P-SP'),
        customerAssociated('C-RES', 'P-RES', 'resale'),
        customerAssociated('C-SP', 'P-SP'),
        customerAssociated('C-SP2', 'P-SP'),
        allocate('AL0', 'P-DIST', 'P-RES', '1000.00'),
        orderPlaced('O1', 'C-RES', '50.00'),
        voucherQuotaGranted('Q-OTHER', 'P-OTHER', 'R-OTHER', '100.00'),
        // Granted in P-DIST's name by an admin to a partner that is not its reseller.
        voucherQuotaGranted('Q-SP', 'P-DIST', 'P-SP', '100.00'),
      ],
    );
  });
  afterAll(async () => t?.close());

  async function post(key: keyof typeof KEYS, events: Envelope[]) {
    return t.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(key), payload: { events } });
  }

  /** Appends as `key` and expects 201. */
  async function accepted(key: keyof typeof KEYS, ...events: Envelope[]) {
    const response = await post(key, events);
    expect(response.statusCode, response.body).toBe(201);
  }

  /** Expects 403 naming the event, and the log unchanged. */
  async function forbidden(key: keyof typeof KEYS, events: Envelope[], index: number, detail: RegExp) {
    const head = await t.store.headPosition();
    const body = expectProblem(await post(key, events), 403);
    expect(body).toMatchObject({ type: 'urn:reckon:problem:forbidden', index });
    expect(body.detail).toMatch(detail);
    expect(await t.store.headPosition()).toBe(head);
  }

  it('a distributor moves funds to and from its own resellers only', async () => {
    await accepted('partner', allocate('AL1', 'P-DIST', 'P-RES'));
    await accepted(
      'partner',
      envelope('FundsReclaimed', {
        reclaimId: 'RC1',
        distributorId: 'P-DIST',
        resellerId: 'P-RES',
        amount: '30.00',
        currency: 'CNY',
      }),
    );
    await forbidden(
      'partner',
      [allocate('AL2', 'P-DIST', 'R-OTHER')],
      0,
      /"R-OTHER" is not a reseller of partner "P-DIST"/,
    );
    await forbidden('partner', [allocate('AL3', 'P-OTHER', 'R-OTHER')], 0, /only as the distributor/);
    await forbidden('reseller', [allocate('AL4', 'P-DIST', 'P-RES')], 0, /only as the distributor/);
    // Scope before invariants: the reclaim is too big, but out of scope first.
    await forbidden(
      'provider',
      [
        envelope('FundsReclaimed', {
          reclaimId: 'RC2',
          distributorId: 'P-DIST',
          resellerId: 'P-RES',
          amount: '99999.00',
          currency: 'CNY',
        }),
      ],
      0,
      /only as the distributor/,
    );
    // Within scope, the invariants still hold: 422.
    const tooMuch = await post('partner', [
      envelope('FundsReclaimed', {
        reclaimId: 'RC3',
        distributorId: 'P-DIST',
        resellerId: 'P-RES',
        amount: '99999.00',
        currency: 'CNY',
      }),
    ]);
    expect(expectProblem(tooMuch, 422).rule).toBe('reclaim-within-available');
  });

  it('a distributor grants and reclaims quotas of its resellers; a holder issues and revokes vouchers to its own customers', async () => {
    await accepted('partner', voucherQuotaGranted('Q-D', 'P-DIST', 'P-RES', '500.00'));
    await forbidden('partner', [voucherQuotaGranted('Q-X', 'P-DIST', 'R-OTHER', '5.00')], 0, /not a reseller/);
    await forbidden('reseller', [voucherQuotaGranted('Q-Y', 'P-DIST', 'P-RES', '5.00')], 0, /only as the grantor/);
    await accepted('partner', envelope('VoucherQuotaReclaimed', { quotaId: 'Q-D', amount: '100.00' }));
    await forbidden(
      'partner',
      [envelope('VoucherQuotaReclaimed', { quotaId: 'Q-OTHER', amount: '1.00' })],
      0,
      /quota "Q-OTHER" was not granted by partner "P-DIST"/,
    );
    await forbidden(
      'partner',
      [envelope('VoucherQuotaReclaimed', { quotaId: 'Q-SP', amount: '1.00' })],
      0,
      /quota "Q-SP" is held by "P-SP", not a reseller of partner "P-DIST"/,
    );

    await accepted('reseller', voucherIssued('V1', 'Q-D', 'C-RES', '40.00'));
    await forbidden(
      'reseller',
      [voucherIssued('V2', 'Q-D', 'C-SP', '1.00')],
      0,
      /"C-SP" is not a customer of partner "P-RES"/,
    );
    await forbidden(
      'partner',
      [voucherIssued('V3', 'Q-D', 'C-RES', '1.00')],
      0,
      /quota "Q-D" is not held by partner "P-DIST"/,
    );
    await forbidden('provider', [envelope('VoucherRevoked', { voucherId: 'V1' })], 0, /voucher "V1" was not issued/);
    await accepted('reseller', envelope('VoucherRevoked', { voucherId: 'V1' }));
  });

  it('any partner sets auto-renew and switches or ends the associations of its own customers only', async () => {
    const autoRenew = envelope('AutoRenewSet', { orderId: 'O1', resourceId: 'res-O1', autoRenew: false });
    await forbidden('provider', [autoRenew], 0, /order "O1" is not of a customer of partner "P-SP"/);
    await accepted('reseller', autoRenew);
    const switched = envelope('AssociationTypeSwitched', {
      customerId: 'C-SP',
      partnerId: 'P-SP',
      associationType: 'resale',
    });
    await forbidden('reseller', [switched], 0, /"C-SP" is not a customer of partner "P-RES"/);
    await accepted('provider', switched);
    await forbidden(
      'partner',
      [envelope('CustomerDisassociated', { customerId: 'C-SP2', partnerId: 'P-SP' })],
      0,
      /"C-SP2" is not a customer of partner "P-DIST"/,
    );
    await accepted('provider', envelope('CustomerDisassociated', { customerId: 'C-SP2', partnerId: 'P-SP' }));
  });

  it('refuses every other event from a partner key, naming the event of the batch, and records the actor', async () => {
    await forbidden('reseller', [orderPlaced('O9', 'C-RES', '1.00')], 0, /a partner key may not append OrderPlaced/);
    await forbidden(
      'partner',
      [allocate('AL5', 'P-DIST', 'P-RES'), partnerRegistered('P-NEW')],
      1,
      /may not append PartnerRegistered/,
    );
    await accepted('partner', allocate('AL6', 'P-DIST', 'P-RES'));
    const stream = await t.app.inject({
      method: 'GET',
      url: '/v1/streams/allocation-AL6/events',
      headers: bearer('admin'),
    });
    expect(stream.body).toContain('P-DIST');
  });

  it("answers a repeat to a partner key only for the partner's own events: no probing of the log", async () => {
    // The admin's allocation, reposted as it is and with other content: 403 both, not 200 and 409.
    const admins = allocate('AL7', 'P-DIST', 'P-RES', '5.00');
    await accepted('admin', admins);
    await forbidden('partner', [admins], 0, new RegExp(`event ${admins.eventId} .*not appended by partner "P-DIST"`));
    await forbidden('partner', [{ ...admins, data: { ...admins.data, amount: '6.00' } }], 0, /not appended by partner/);
    await forbidden('reseller', [orderPlaced('O1-again', 'C-RES', '1.00'), admins], 1, /not appended by partner/);
    // Its own event, reposted: the repeat's 200, and the changed copy's 409.
    const own = allocate('AL8', 'P-DIST', 'P-RES', '5.00');
    await accepted('partner', own);
    expect((await post('partner', [own])).statusCode).toBe(200);
    const changed = await post('partner', [{ ...own, data: { ...own.data, amount: '6.00' } }]);
    expect(expectProblem(changed, 409)).toMatchObject({ index: 0 });
  });
});
