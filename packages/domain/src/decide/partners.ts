/** Decisions on partners and customer associations. */
import type { CustomerState, PartnerState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import { instantMillis } from '../period.js';
import { refuse } from '../rules.js';
import { type Decision, type DecisionContext, mustBeNew, mustExist, q } from './context.js';

export const partnerRegistered: Decision<'PartnerRegistered'> = (e, ctx) => {
  const { partnerId, tier, parentId } = e.data;
  mustBeNew(ctx, S.partner(partnerId), `partner ${q(partnerId)}`);
  if (tier === 'reseller') {
    if (parentId === undefined) refuse('reseller-parent-is-distributor', `reseller ${q(partnerId)} needs a parentId`);
    const parent = mustExist<PartnerState>(ctx, S.partner(parentId), `parent partner ${q(parentId)}`);
    if (parent.tier !== 'distributor') {
      refuse('reseller-parent-is-distributor', `parent ${q(parentId)} is a ${parent.tier}, not a distributor`);
    }
  } else if (parentId !== undefined) {
    refuse('reseller-parent-is-distributor', `only a reseller has a parentId; ${q(partnerId)} is a ${tier}`);
  }
  ctx.append(S.partner(partnerId), e);
};

export const programEnrolled: Decision<'PartnerProgramEnrolled'> = (e, ctx) => {
  const p = mustExist<PartnerState>(ctx, S.partner(e.data.partnerId), `partner ${q(e.data.partnerId)}`);
  if (p.programs.includes(e.data.program)) {
    refuse('program-enrollment-changes', `partner ${q(p.partnerId)} is already enrolled in ${q(e.data.program)}`);
  }
  ctx.append(S.partner(p.partnerId), e);
};

export const programWithdrawn: Decision<'PartnerProgramWithdrawn'> = (e, ctx) => {
  const p = mustExist<PartnerState>(ctx, S.partner(e.data.partnerId), `partner ${q(e.data.partnerId)}`);
  if (!p.programs.includes(e.data.program)) {
    refuse('program-enrollment-changes', `partner ${q(p.partnerId)} is not enrolled in ${q(e.data.program)}`);
  }
  ctx.append(S.partner(p.partnerId), e);
};

/** A partner's settings (time zone, language) or level; a level counts for rule matching from occurredAt on. */
export const profileChanged: Decision<'PartnerProfileChanged'> = (e, ctx) => {
  const p = mustExist<PartnerState>(ctx, S.partner(e.data.partnerId), `partner ${q(e.data.partnerId)}`);
  ctx.append(S.partner(p.partnerId), e);
};

export const customerAssociated: Decision<'CustomerAssociated'> = (e, ctx) => {
  const { customerId, partnerId } = e.data;
  mustExist<PartnerState>(ctx, S.partner(partnerId), `partner ${q(partnerId)}`);
  const c = ctx.read<CustomerState>(S.customer(customerId));
  if (c?.partnerId) {
    refuse(
      'one-partner-per-customer',
      `customer ${q(customerId)} is already associated with partner ${q(c.partnerId)}`,
    );
  }
  // Dated back into an earlier association, the customer would have two partners at once then.
  const at = instantMillis(e.occurredAt);
  const overlapped = c?.history.find((s) => s.to !== null && instantMillis(s.to) > at);
  if (overlapped) {
    refuse(
      'one-partner-per-customer',
      `customer ${q(customerId)} was associated with partner ${q(overlapped.partnerId)} until ${overlapped.to}, after this association's occurredAt`,
    );
  }
  ctx.append(S.customer(customerId), e);
};

/**
 * The customer is associated with the partner now, and already was at `occurredAt` (a switch or an
 * end dated before the association began would leave a spell that ends before it starts).
 */
function associatedWith(
  ctx: DecisionContext,
  customerId: string,
  partnerId: string,
  occurredAt: string,
): CustomerState {
  const c = mustExist<CustomerState>(ctx, S.customer(customerId), `customer ${q(customerId)}`);
  if (c.partnerId !== partnerId) {
    refuse(
      'association-exists',
      c.partnerId === null
        ? `customer ${q(customerId)} is not associated with any partner`
        : `customer ${q(customerId)} is associated with partner ${q(c.partnerId)}, not ${q(partnerId)}`,
    );
  }
  const current = c.history.find((s) => s.to === null);
  if (current && instantMillis(current.from) > instantMillis(occurredAt)) {
    refuse(
      'association-exists',
      `customer ${q(customerId)} is associated with partner ${q(partnerId)} only from ${current.from}, after this event's occurredAt`,
    );
  }
  return c;
}

export const associationTypeSwitched: Decision<'AssociationTypeSwitched'> = (e, ctx) => {
  associatedWith(ctx, e.data.customerId, e.data.partnerId, e.occurredAt);
  ctx.append(S.customer(e.data.customerId), e);
};

export const customerDisassociated: Decision<'CustomerDisassociated'> = (e, ctx) => {
  associatedWith(ctx, e.data.customerId, e.data.partnerId, e.occurredAt);
  ctx.append(S.customer(e.data.customerId), e);
};
