/**
 * What the centre offers a key on the partner shown: only what the server would let it do (SPEC §6
 * "Partner actions"; the server's own check is `checkPartnerScope` in packages/domain, which judges the
 * states it reads, so a refusal can still come and is shown). Admin and finance may append any event; a
 * partner key acts only on itself: a distributor viewing one of its resellers reads, it does not act.
 */
import type { Me } from './api.js';

export interface Abilities {
  /** AssociationTypeSwitched, CustomerDisassociated, AutoRenewSet: the customer's own partner. */
  customers: boolean;
  /** VoucherIssued, VoucherRevoked: the quota's holder (the issue form also needs a quota). */
  vouchers: boolean;
  /** FundsAllocated, FundsReclaimed, VoucherQuotaGranted: a distributor, for its resellers. */
  resellerFunds: boolean;
  /** PartnerProfileChanged: of itself. */
  settings: boolean;
  /** The resellers screen: a distributor's. */
  resellers: boolean;
}

export function abilities(me: Me, partnerId: string | null, tier: string | undefined): Abilities {
  const staff = me.role === 'admin' || me.role === 'finance';
  const mayAct = partnerId !== null && (staff || (me.role === 'partner' && me.partnerId === partnerId));
  const distributor = tier === 'distributor';
  return {
    customers: mayAct,
    vouchers: mayAct,
    resellerFunds: mayAct && distributor,
    settings: mayAct,
    resellers: distributor,
  };
}
