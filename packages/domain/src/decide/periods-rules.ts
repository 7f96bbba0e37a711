/** Decisions on billing periods, incentive rule sets and statement revisions. */
import type { PeriodsState, RulesState, StatementState } from '../aggregates/state.js';
import { streamIds as S } from '../aggregates/streams.js';
import { parseAmount } from '../money.js';
import { nextPeriod } from '../period.js';
import { refuse } from '../rules.js';
import { type Decision, mustExist, q } from './context.js';

export const periodClosed: Decision<'BillingPeriodClosed'> = (e, ctx) => {
  const closed = ctx.read<PeriodsState>(S.periods())?.closed ?? [];
  const p = e.data.period;
  const last = closed[closed.length - 1];
  if (closed.includes(p)) refuse('periods-close-in-order', `period ${p} is already closed`);
  if (last !== undefined && p !== nextPeriod(last)) {
    refuse('periods-close-in-order', `the next period to close is ${nextPeriod(last)}, not ${p}`);
  }
  ctx.append(S.periods(), e);
  // The order of closes needs the one `periods` stream; each close is also found by its period.
  ctx.link(S.period(p), e);
};

export const rulesPublished: Decision<'IncentiveRulesPublished'> = (e, ctx) => {
  const d = e.data;
  const version = String(d.version);
  const state = ctx.read<RulesState>(S.rules());
  if (state?.versions.some((v) => v.version === version)) {
    refuse('rules-version-is-new', `rule-set version ${q(version)} is already published`);
  }
  const ids = new Set<string>();
  for (const r of d.rules) {
    if (r.id === undefined) continue;
    if (ids.has(r.id)) refuse('rules-valid', `rule id ${q(r.id)} appears twice`);
    ids.add(r.id);
  }
  const tiers = d.tiers ?? [];
  for (let i = 1; i < tiers.length; i++) {
    if (!parseAmount(tiers[i]!.minNet).gt(parseAmount(tiers[i - 1]!.minNet))) {
      refuse('rules-valid', `tiers must be strictly ascending by minNet (tier ${i} is not above tier ${i - 1})`);
    }
  }
  ctx.append(S.rules(), e);
};

export const statementPublished: Decision<'StatementRevisionPublished'> = (e, ctx) => {
  const d = e.data;
  mustExist(ctx, S.partner(d.partnerId), `partner ${q(d.partnerId)}`);
  const rules = ctx.read<RulesState>(S.rules());
  if (!rules?.versions.some((v) => v.version === String(d.rulesVersion))) {
    refuse('referenced-id-exists', `rule-set version ${q(String(d.rulesVersion))} is not published`);
  }
  const stream = S.statement(d.partnerId, d.period);
  const last = ctx.read<StatementState>(stream)?.revisions.at(-1)?.revision ?? 0;
  if (d.revision <= last) {
    refuse('statement-revision-is-new', `revision ${d.revision} is not above the last published revision ${last}`);
  }
  ctx.append(stream, e);
};
