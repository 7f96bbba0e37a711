/**
 * Rebuilding a statement under a named rule version (SPEC §4, §5): a draft revision computed from
 * the statement's source lines exactly as the projection would rate them, with a line-by-line diff
 * against the current revision. Publishing it is a command (StatementRevisionPublished) handled by
 * the projection, which recomputes the revision when it folds it; this module prepares and checks
 * (the same recomputation, `recomputeStatement`, makes the draft and checks it at publish).
 */
import { randomUUID } from 'node:crypto';
import { transaction } from '@reckon/database';
import { Decimal, formatAmount, formatMoney, nextPeriod, ZERO } from '@reckon/domain';
import type { Pool } from 'pg';
import { rateAll, statementTier } from '../incentives/rating.js';
import { INCENTIVES_SCHEMA, type StatementHead } from '../incentives/schema.js';
import {
  loadNets,
  loadRevisionRatings,
  loadRuleSets,
  loadSourceLines,
  loadSpells,
  pairKey,
} from '../incentives/store.js';
import { money } from '../queries/format.js';
import { checksumOfLines } from './checksum.js';
import type { StatementDraft, TrueUp } from './contract.js';
import { diffStatements, type StatementDiff } from './diff.js';
import { type DiffJson, DRAFTS_TABLE, type Draft, type DraftLine, draftFromRow } from './drafts.js';
import { itemOf, lastClosed, type RatedSourceLine, statementHead } from './read.js';

export type RebuildOutcome =
  | { kind: 'draft'; draft: Draft }
  | { kind: 'no-statement' }
  | { kind: 'unknown-rules'; known: string[] };

const text = (d: Decimal) => formatAmount(d);

/**
 * A statement's revision under `rulesVersion` as the projection would make it at the log position
 * it has reached: every source line of the partner × period rated (`rateAll`, the projection's
 * `rerate`) at the tier of the period's net under that rule set, with the partner's programme
 * spells and the levels the lines have now. The one computation behind a draft (`rebuildStatement`)
 * and behind the check a publish makes that the draft still is what publishing will book
 * (`checkPublish`).
 */
export interface Recomputed {
  kind: 'recomputed';
  /** The statement's current revision. */
  head: StatementHead;
  lines: RatedSourceLine[];
  total: Decimal;
  /** `checksumOfLines` of `lines`: what the projection's revision will have. */
  checksum: string;
  /** Line by line against the current revision. */
  diff: StatementDiff;
  /** The latest closed period, or null. */
  closed: string | null;
  /** The statement's highest stored revision. */
  maxRevision: number;
}

/** Recomputes the statement (`Recomputed`), reading the projection in one snapshot. */
export async function recomputeStatement(
  pool: Pool,
  partnerId: string,
  period: string,
  rulesVersion: string,
  schema = INCENTIVES_SCHEMA,
): Promise<Recomputed | { kind: 'no-statement' } | { kind: 'unknown-rules'; known: string[] }> {
  // Everything the revision is computed from, read in one snapshot; the connection is released
  // before the rating.
  const read = await transaction(
    pool,
    async (client) => {
      const head = await statementHead(client, schema, partnerId, period);
      if (!head) return { kind: 'no-statement' as const };
      const ruleSets = await loadRuleSets(client, schema);
      const ruleSet = ruleSets.find((r) => r.version === rulesVersion);
      if (!ruleSet) return { kind: 'unknown-rules' as const, known: ruleSets.map((r) => r.version) };
      const pair = [{ partnerId, period }];
      const key = pairKey(partnerId, period);
      const sources = (await loadSourceLines(client, schema, pair)).get(key) ?? [];
      const net = (await loadNets(client, schema, pair)).get(key) ?? ZERO;
      const spells = await loadSpells(client, schema, [partnerId]);
      const current = await loadRevisionRatings(client, schema, head);
      const closed = await lastClosed(client, schema);
      const max = await client.query(
        `SELECT coalesce(max(revision), 0) AS max FROM ${schema}.statements WHERE partner_id = $1 AND period = $2`,
        [partnerId, period],
      );
      return {
        kind: 'read' as const,
        head,
        ruleSet,
        sources,
        net,
        spells,
        current,
        closed,
        maxRevision: Number(max.rows[0].max),
      };
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ',
  );
  if (read.kind !== 'read') return read;
  const { head, ruleSet, sources, net, spells, current, closed, maxRevision } = read;
  const { rated, total } = rateAll(sources, ruleSet, statementTier(ruleSet, net), spells);
  return {
    kind: 'recomputed',
    head,
    lines: rated,
    total,
    checksum: checksumOfLines(rated, rulesVersion),
    diff: diffStatements(current, rated),
    closed,
    maxRevision,
  };
}

/**
 * Computes a draft revision of the partner's statement of `period` under `rulesVersion`
 * (`recomputeStatement`) and keeps it (replacing an earlier unpublished draft of that statement).
 * The draft and its diff agree with one log position.
 */
export async function rebuildStatement(
  pool: Pool,
  partnerId: string,
  period: string,
  rulesVersion: string,
  actor: unknown,
  schema = INCENTIVES_SCHEMA,
): Promise<RebuildOutcome> {
  const now = await recomputeStatement(pool, partnerId, period, rulesVersion, schema);
  if (now.kind !== 'recomputed') return now;
  const { head, lines: rated, diff, closed, maxRevision, checksum } = now;
  const status = closed !== null && period <= closed ? 'confirmed' : 'estimated';
  const lines: DraftLine[] = rated.map((l) => ({
    // Canonical decimals: the currency's digits are added when the draft is read.
    ...itemOf(l, rulesVersion, status, 'XXX'),
    base: text(l.base),
    amount: text(l.amount),
    position: l.position,
  }));
  const diffJson: DiffJson = {
    totalBefore: text(diff.totalBefore),
    totalAfter: text(diff.totalAfter),
    difference: text(diff.difference),
    lines: diff.lines.map((c) => ({
      sourceType: c.sourceType,
      sourceId: c.sourceId,
      before: c.before === null ? null : text(c.before),
      after: c.after === null ? null : text(c.after),
    })),
  };
  const revision = maxRevision + 1;
  await pool.query(`DELETE FROM ${DRAFTS_TABLE} WHERE partner_id = $1 AND period = $2 AND published_position IS NULL`, [
    partnerId,
    period,
  ]);
  const inserted = await pool.query(
    `INSERT INTO ${DRAFTS_TABLE} (partner_id, period, revision, rules_version, based_on_revision, total, checksum, lines, diff, actor)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (partner_id, period, revision) DO UPDATE SET rules_version = excluded.rules_version,
       based_on_revision = excluded.based_on_revision, total = excluded.total, checksum = excluded.checksum,
       lines = excluded.lines, diff = excluded.diff, created_at = now(), actor = excluded.actor, published_position = NULL
     RETURNING *`,
    [
      partnerId,
      period,
      revision,
      rulesVersion,
      head.revision,
      diffJson.totalAfter,
      checksum,
      JSON.stringify(lines),
      JSON.stringify(diffJson),
      JSON.stringify(actor ?? null),
    ],
  );
  return { kind: 'draft', draft: draftFromRow(inserted.rows[0]) };
}

export type PublishCheck =
  | {
      kind: 'draft';
      draft: Draft;
      /** The current revision's total (canonical decimals): what a TrueUp is the difference from. */
      currentTotal: string;
      /** The revision's total as publishing books it now (`recomputeStatement`), canonical decimals. */
      total: string;
      closed: boolean;
      firstOpen: string | null;
    }
  | { kind: 'not-found' }
  | { kind: 'not-draft'; status: string }
  | { kind: 'stale'; current: number }
  | { kind: 'changed'; draftTotal: string; total: string };

/**
 * Whether revision `revision` of the statement is a draft that can be published now: it is the
 * revision after the statement's latest one (a rule-set publication or another publish since the
 * rebuild makes it `stale`: rebuild again), and, for a closed period, publishing would book exactly
 * the draft: the projection recomputes the revision when it folds the publish, so the statement is
 * recomputed here the same way (`recomputeStatement`) and its checksum compared with the draft's.
 * A back-dated level or programme change since the rebuild makes it `changed` (rebuild again). An
 * open period's current revision follows new events anyway: its draft is published as recomputed,
 * and `total` is that recomputation's.
 */
export async function checkPublish(
  pool: Pool,
  partnerId: string,
  period: string,
  revision: number,
  schema = INCENTIVES_SCHEMA,
): Promise<PublishCheck> {
  const stored = await statementHead(pool, schema, partnerId, period, revision);
  if (stored) return { kind: 'not-draft', status: stored.status };
  const found = await pool.query(
    `SELECT * FROM ${DRAFTS_TABLE} WHERE partner_id = $1 AND period = $2 AND revision = $3`,
    [partnerId, period, revision],
  );
  if (!found.rows[0]) return { kind: 'not-found' };
  const draft = draftFromRow(found.rows[0]);
  if (draft.publishedPosition !== null) return { kind: 'not-draft', status: 'published' };
  const now = await recomputeStatement(pool, partnerId, period, draft.rulesVersion, schema);
  if (now.kind === 'no-statement') return { kind: 'stale', current: 0 };
  if (now.kind === 'unknown-rules') {
    // A published rule set stays published: the draft was made under it.
    throw new Error(`rule set ${draft.rulesVersion} of draft ${revision} of ${partnerId} ${period} is not published`);
  }
  if (now.head.revision >= draft.revision) return { kind: 'stale', current: now.head.revision };
  const isClosed = now.closed !== null && period <= now.closed;
  if (isClosed && now.checksum !== draft.checksum) {
    return { kind: 'changed', draftTotal: draft.total, total: text(now.total) };
  }
  const next = now.closed === null ? null : nextPeriod(now.closed);
  return {
    kind: 'draft',
    draft,
    currentTotal: text(now.head.total),
    total: text(now.total),
    closed: isClosed,
    firstOpen: next,
  };
}

/**
 * The StatementRevisionPublished envelope that publishes a checked draft (the HTTP command and the
 * CLI append it): the current revision's total and the total publishing books (the recomputation's:
 * for a closed period the draft's, for an open one what the revision has at this log position),
 * with the currency's digits; the projection's revision then has these totals.
 */
export function revisionPublishedEvent(
  check: Extract<PublishCheck, { kind: 'draft' }>,
  partnerId: string,
  period: string,
  currency: string,
) {
  return {
    eventId: randomUUID(),
    type: 'StatementRevisionPublished',
    version: 1,
    occurredAt: new Date().toISOString(),
    data: {
      partnerId,
      period,
      revision: check.draft.revision,
      rulesVersion: check.draft.rulesVersion,
      totalBefore: formatMoney(new Decimal(check.currentTotal), currency),
      totalAfter: formatMoney(new Decimal(check.total), currency),
    },
  } as const;
}

/** Marks the draft published at `position` (its revision is now the projection's). */
export async function markPublished(
  pool: Pool,
  partnerId: string,
  period: string,
  revision: number,
  position: number,
): Promise<void> {
  await pool.query(
    `UPDATE ${DRAFTS_TABLE} SET published_position = $4 WHERE partner_id = $1 AND period = $2 AND revision = $3`,
    [partnerId, period, revision, position],
  );
}

/** The answer to a rebuild (SPEC §5), amounts with the currency's digits. */
export function draftAnswer(draft: Draft, currency: string): StatementDraft {
  const m = (value: string | null) => (value === null ? null : money(value, currency));
  return {
    revision: draft.revision,
    status: 'draft' as const,
    rulesVersion: draft.rulesVersion,
    total: money(draft.total, currency),
    diff: {
      totalBefore: money(draft.diff.totalBefore, currency),
      totalAfter: money(draft.diff.totalAfter, currency),
      difference: money(draft.diff.difference, currency),
      lines: draft.diff.lines.map((l) => ({ ...l, before: m(l.before), after: m(l.after) })),
    },
  };
}

/** A published revision's TrueUp as the publish answer shows it (null: none booked). */
export function trueUpAnswer(head: StatementHead | null, currency: string): TrueUp | null {
  if (!head?.trueUpPeriod || !head.trueUpAmount) return null;
  return { period: head.trueUpPeriod, amount: money(head.trueUpAmount.toFixed(), currency) };
}
