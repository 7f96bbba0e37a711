/**
 * The statement commands of the runbook (docs/incentives.md): rebuild a statement under a rule
 * version (a draft revision with its diff) and publish a draft. The HTTP commands and `reckon
 * statements` both call these; each caller says how the incentives projection is brought up to
 * the log (the service waits for its runner, the CLI may run it in-process) and words the outcome.
 */
import type { Pool } from '@reckon/database';
import { Decimal, formatMoney } from '@reckon/domain';
import type { JsonObject } from '@reckon/event-store';
import {
  checkPublish,
  draftAnswer,
  getPartner,
  INCENTIVES_SCHEMA,
  markPublished,
  type PartnerInfo,
  type PublishedRevision,
  readModelDb,
  rebuildStatement,
  revisionPublishedEvent,
  type StatementDraft,
  statementHead,
  type TrueUp,
  trueUpAnswer,
} from '@reckon/projections';
import type { CommandHandler } from './command-handler.js';

export interface StatementCommandDeps {
  /** The read-model database: the incentives projection, the drafts and the directory. */
  pool: Pool;
  commands: CommandHandler;
  /** The head of the log: commands act on the log as it is now. */
  head(): Promise<number>;
  /** Brings the incentives projection to log position `position`: false when it did not get there in time. */
  reach(position: number): Promise<boolean>;
  /** Looks a partner up (default: the directory read model); its id and currency are what is used. */
  partner?(partnerId: string): Promise<KnownPartner | null>;
}

/** Who asked, recorded on the draft and on the event a publish appends. */
export interface CommandOrigin {
  actor: JsonObject;
  requestId: string;
}

/** Why a statement command did nothing. */
export type StatementRefusal =
  | { kind: 'unknown-partner' }
  | { kind: 'behind'; head: number }
  | { kind: 'no-statement' }
  | { kind: 'unknown-rules'; known: string[] }
  | { kind: 'no-revision' }
  | { kind: 'not-draft'; status: string }
  | { kind: 'stale'; current: number }
  /** A closed period's draft is no longer what publishing would book (totals with the currency's digits). */
  | { kind: 'changed'; draftTotal: string; total: string }
  | { kind: 'refused'; detail: string; rule?: string };

export type StatementRebuild = { kind: 'draft'; draft: StatementDraft; basedOnRevision: number } | StatementRefusal;

export type StatementPublication =
  | { kind: 'published'; answer: PublishedRevision; position: number }
  | StatementRefusal;

type KnownPartner = Pick<PartnerInfo, 'partnerId' | 'currency'>;

async function knownPartner(deps: StatementCommandDeps, partnerId: string): Promise<KnownPartner | null> {
  return deps.partner ? deps.partner(partnerId) : getPartner(readModelDb(deps.pool), partnerId);
}

/**
 * Computes a draft revision of the partner's statement of `period` under the published rule set
 * `rulesVersion` (closed periods too), with its line-by-line diff against the current revision.
 * Appends nothing: the draft waits for a publish.
 */
export async function rebuildStatementDraft(
  deps: StatementCommandDeps,
  request: { partnerId: string; period: string; rulesVersion: string; actor: JsonObject },
): Promise<StatementRebuild> {
  const partner = await knownPartner(deps, request.partnerId);
  if (!partner) return { kind: 'unknown-partner' };
  const head = await deps.head();
  if (!(await deps.reach(head))) return { kind: 'behind', head };
  const outcome = await rebuildStatement(
    deps.pool,
    partner.partnerId,
    request.period,
    request.rulesVersion,
    request.actor,
  );
  if (outcome.kind !== 'draft') return outcome;
  return {
    kind: 'draft',
    draft: draftAnswer(outcome.draft, partner.currency),
    basedOnRevision: outcome.draft.basedOnRevision,
  };
}

/**
 * Publishes draft revision `revision`: appends StatementRevisionPublished (so a replay reproduces
 * it) and makes it current. The statement is first recomputed as the projection will recompute it
 * when it folds the event (`checkPublish`): a closed period's draft that no longer matches is
 * refused (`changed`), and the event's totals are the recomputation's. For a closed period the
 * answer names the TrueUp booked in the first open period: read from the projection once it has
 * the event, else computed from the recomputation.
 */
export async function publishStatementRevision(
  deps: StatementCommandDeps,
  request: { partnerId: string; period: string; revision: number } & CommandOrigin,
): Promise<StatementPublication> {
  const { period, revision } = request;
  const partner = await knownPartner(deps, request.partnerId);
  if (!partner) return { kind: 'unknown-partner' };
  const { partnerId, currency } = partner;
  const head = await deps.head();
  if (!(await deps.reach(head))) return { kind: 'behind', head };
  const check = await checkPublish(deps.pool, partnerId, period, revision);
  if (check.kind === 'not-found') return { kind: 'no-revision' };
  if (check.kind === 'changed') {
    const m = (value: string) => formatMoney(new Decimal(value), currency);
    return { kind: 'changed', draftTotal: m(check.draftTotal), total: m(check.total) };
  }
  if (check.kind !== 'draft') return check;
  const outcome = await deps.commands.append([revisionPublishedEvent(check, partnerId, period, currency)], {
    actor: request.actor,
    requestId: request.requestId,
  });
  if (outcome.kind === 'invalid') {
    // The event is the engine's own: only a total beyond SPEC §1's bounds makes it invalid (rates
    // above 1 on amounts near the bound), and republishing will not change that.
    const problems = outcome.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    return {
      kind: 'refused',
      rule: 'statement-total-within-bounds',
      detail: `revision ${revision} cannot be published: its totals are beyond the bounds of an amount (${problems})`,
    };
  }
  if (outcome.kind !== 'appended') {
    // e.g. statement-revision-is-new: a rule set or another publish made a newer revision meanwhile.
    const detail = 'detail' in outcome ? outcome.detail : `could not append (${outcome.kind}); retry`;
    return { kind: 'refused', detail, ...('rule' in outcome ? { rule: outcome.rule } : {}) };
  }
  await markPublished(deps.pool, partnerId, period, revision, outcome.lastPosition);
  let trueUp: TrueUp | null;
  if (await deps.reach(outcome.lastPosition)) {
    trueUp = trueUpAnswer(await statementHead(deps.pool, INCENTIVES_SCHEMA, partnerId, period, revision), currency);
  } else {
    // The projection is slow: the same figures from the recomputation (it books them once it gets there).
    const difference = new Decimal(check.total).minus(check.currentTotal);
    trueUp =
      check.closed && check.firstOpen && !difference.isZero()
        ? { period: check.firstOpen, amount: formatMoney(difference, currency) }
        : null;
  }
  return { kind: 'published', answer: { revision, status: 'published', trueUp }, position: outcome.lastPosition };
}
