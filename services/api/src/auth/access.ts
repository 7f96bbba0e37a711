import type { Principal, Role } from './keys.js';

/** Roles that may append events, rebuild or publish statements (SPEC §5). */
export const WRITER_ROLES: readonly Role[] = ['admin', 'finance'];

export function canAppendEvents(principal: Principal): boolean {
  return WRITER_ROLES.includes(principal.role);
}

/** The distributor (parent) of a partner, if it has one; backed by the read models. */
export type ParentLookup = (partnerId: string) => Promise<string | undefined>;

/**
 * Whether `principal` may read the data of `partnerId`: admin and finance read everyone; a partner
 * reads its own data and, when it is a distributor, that of the resellers registered under it.
 */
export async function canReadPartner(
  principal: Principal,
  partnerId: string,
  parentOf: ParentLookup,
): Promise<boolean> {
  if (principal.role === 'admin' || principal.role === 'finance') return true;
  if (!principal.partnerId) return false;
  if (principal.partnerId === partnerId) return true;
  return (await parentOf(partnerId)) === principal.partnerId;
}
