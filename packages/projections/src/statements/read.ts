/**
 * Reading statements and incentive lines (SPEC §5 shapes) from the incentives projection and the
 * statement drafts. Amounts come out as decimal strings with at least the currency's minor-unit
 * digits; rates in canonical form.
 */
import { Decimal, formatAmount, isPeriod } from '@reckon/domain';
import type { SourceLine } from '../incentives/rating.js';
import type { StatementHead } from '../incentives/schema.js';
import { SOURCE_LINE_SELECT, sourceLineFromRow, statementFromRow } from '../incentives/schema.js';
import { loadRevisionLines } from '../incentives/store.js';
import type { Queryable } from '../projection.js';
import type { PageRequest } from '../queries/contract.js';
import { decodeCursor, encodeCursor, listDigest } from '../queries/cursor.js';
import { containing, InvalidCursorError, money } from '../queries/format.js';
import { DIRECTORY_SCHEMA } from '../read-models/directory.js';
import { checksumOfLines } from './checksum.js';
import type { IncentiveFilter, IncentiveItem, Statement, StatementRevisionItem, StatementSummary } from './contract.js';
import { DRAFTS_TABLE, type DraftLine, draftFromRow } from './drafts.js';

/** A rated line with its facts, stored (a revision) or computed (a draft). */
export interface RatedSourceLine extends SourceLine {
  rate: Decimal;
  amount: Decimal;
}

export function itemOf(
  line: RatedSourceLine,
  rulesVersion: string | null,
  status: IncentiveItem['status'],
  currency: string,
): IncentiveItem {
  return {
    sourceType: line.sourceType,
    sourceId: line.sourceId,
    orderId: line.orderId,
    customerId: line.customerId,
    customerName: line.customerName,
    accountManager: line.accountManager,
    productType: line.productType,
    billingMode: line.billingMode,
    associationType: line.associationType,
    period: line.period,
    correctsPeriod: line.correctsPeriod,
    rulesVersion,
    base: money(line.base.toFixed(), currency),
    rate: formatAmount(line.rate),
    amount: money(line.amount.toFixed(), currency),
    status,
    occurredAt: new Date(line.occurredMs).toISOString(),
    currency,
    positions: line.positions,
  };
}

/** The latest closed period of the projection, or null. */
export async function lastClosed(db: Queryable, schema: string): Promise<string | null> {
  const result = await db.query(`SELECT max(period) AS last FROM ${schema}.closed_periods`);
  return result.rows[0]?.last ?? null;
}

export async function statementHead(
  db: Queryable,
  schema: string,
  partnerId: string,
  period: string,
  revision?: number,
): Promise<StatementHead | null> {
  const result =
    revision === undefined
      ? await db.query(`SELECT * FROM ${schema}.statements WHERE partner_id = $1 AND period = $2 AND current`, [
          partnerId,
          period,
        ])
      : await db.query(`SELECT * FROM ${schema}.statements WHERE partner_id = $1 AND period = $2 AND revision = $3`, [
          partnerId,
          period,
          revision,
        ]);
  return result.rows[0] ? statementFromRow(result.rows[0]) : null;
}

/** A stored revision with its lines and checksum (computed from the lines while it is live). */
async function storedStatement(
  db: Queryable,
  schema: string,
  head: StatementHead,
  currency: string,
): Promise<Statement> {
  const own = await loadRevisionLines(db, schema, head);
  const closed = await lastClosed(db, schema);
  const status = closed !== null && head.period <= closed ? 'confirmed' : 'estimated';
  return {
    partnerId: head.partnerId,
    period: head.period,
    revision: head.revision,
    rulesVersion: head.rulesVersion,
    status: head.status,
    total: money(head.total.toFixed(), currency),
    currency,
    checksum: head.checksum ?? checksumOfLines(own, head.rulesVersion),
    lines: own.map((l) => itemOf(l, head.rulesVersion, status, currency)),
  };
}

/**
 * The drafts of a statement that can still be published (alias `d`): unpublished, and numbered after
 * every stored revision. A revision stored since a draft was made (a rule set, another publish) takes
 * its number or passes it: that draft is stale (publishing it is refused) and is no longer shown.
 */
function liveDrafts(schema: string): string {
  return `${DRAFTS_TABLE} d WHERE d.published_position IS NULL
      AND d.revision > (SELECT coalesce(max(r.revision), 0) FROM ${schema}.statements r
                         WHERE r.partner_id = d.partner_id AND r.period = d.period)`;
}

/**
 * A statement: the current revision, or revision `n` (a stored one, else an unpublished draft).
 * Null when there is none.
 */
export async function getStatement(
  db: Queryable,
  schema: string,
  partnerId: string,
  period: string,
  currency: string,
  revision?: number,
): Promise<Statement | null> {
  const head = await statementHead(db, schema, partnerId, period, revision);
  if (head) return await storedStatement(db, schema, head, currency);
  if (revision === undefined) return null;
  const draft = await db.query(
    `SELECT d.* FROM ${liveDrafts(schema)} AND d.partner_id = $1 AND d.period = $2 AND d.revision = $3`,
    [partnerId, period, revision],
  );
  if (!draft.rows[0]) return null;
  const d = draftFromRow(draft.rows[0]);
  return {
    partnerId,
    period,
    revision: d.revision,
    rulesVersion: d.rulesVersion,
    status: 'draft',
    total: money(d.total, currency),
    currency,
    checksum: d.checksum,
    lines: d.lines.map((l: DraftLine) => ({
      ...l,
      base: money(l.base, currency),
      amount: money(l.amount, currency),
      currency,
      // Drafts written before lines carried these.
      occurredAt: l.occurredAt ?? '',
      positions: l.positions ?? [],
    })),
  };
}

/**
 * A partner's statements, one per period (its current revision), oldest period first; `year`
 * keeps the periods of that year.
 */
export async function listStatements(
  db: Queryable,
  schema: string,
  partnerId: string,
  currency: string,
  year?: number,
): Promise<StatementSummary[]> {
  const result = await db.query(
    `SELECT s.*,
            (SELECT count(*) FROM ${schema}.statements r WHERE r.partner_id = s.partner_id AND r.period = s.period)
          + (SELECT count(*) FROM ${liveDrafts(schema)} AND d.partner_id = s.partner_id AND d.period = s.period) AS revisions
       FROM ${schema}.statements s
      WHERE s.partner_id = $1 AND s.current AND ($2::text IS NULL OR s.period LIKE $2 || '-%')
      ORDER BY s.period`,
    [partnerId, year === undefined ? null : String(year).padStart(4, '0')],
  );
  return result.rows.map((row: Record<string, unknown>) => {
    const head = statementFromRow(row);
    return {
      period: head.period,
      revision: head.revision,
      rulesVersion: head.rulesVersion,
      status: head.status,
      total: money(head.total.toFixed(), currency),
      currency,
      revisions: Number(row.revisions),
    };
  });
}

/** Every revision of a partner's statement of a period, drafts included, by revision. */
export async function listRevisions(
  db: Queryable,
  schema: string,
  partnerId: string,
  period: string,
  currency: string,
): Promise<StatementRevisionItem[]> {
  const stored = await db.query(
    `SELECT * FROM ${schema}.statements WHERE partner_id = $1 AND period = $2 ORDER BY revision`,
    [partnerId, period],
  );
  const items: StatementRevisionItem[] = [];
  for (const row of stored.rows) {
    const head = statementFromRow(row);
    const checksum = head.checksum ?? checksumOfLines(await loadRevisionLines(db, schema, head), head.rulesVersion);
    items.push({
      revision: head.revision,
      rulesVersion: head.rulesVersion,
      status: head.status,
      total: money(head.total.toFixed(), currency),
      checksum,
      currency,
    });
  }
  const drafts = await db.query(`SELECT d.* FROM ${liveDrafts(schema)} AND d.partner_id = $1 AND d.period = $2`, [
    partnerId,
    period,
  ]);
  for (const row of drafts.rows) {
    const d = draftFromRow(row);
    items.push({
      revision: d.revision,
      rulesVersion: d.rulesVersion,
      status: 'draft',
      total: money(d.total, currency),
      checksum: d.checksum,
      currency,
    });
  }
  return items.sort((a, b) => a.revision - b.revision);
}

// Incentive detail -------------------------------------------------------------------------------

/** Where an incentive-lines cursor continues: after this booking period and position. */
function linesAfter(after: unknown[]): { period: string; position: number } {
  const [period, position] = after;
  if (after.length === 2 && isPeriod(period) && Number.isSafeInteger(position)) {
    return { period, position: position as number };
  }
  throw new InvalidCursorError('not-issued');
}

/**
 * The lines of the current revision of each of the partner's statements, filtered, in booking
 * period then log order, one page at a time (keyset on period and position).
 */
export async function incentiveLines(
  db: Queryable,
  schema: string,
  partnerId: string,
  currency: string,
  /** `from` and `to`: ISO-8601 with an offset, to the microsecond (`parseInstant` of the API). */
  filter: IncentiveFilter & PageRequest,
): Promise<{ items: IncentiveItem[]; nextCursor: string | null }> {
  const where = ['st.partner_id = $1', 'st.current'];
  const params: unknown[] = [partnerId];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if (filter.period !== undefined) add((p) => `st.period = ${p}`, filter.period);
  if (filter.year !== undefined) add((p) => `st.period LIKE ${p}`, `${String(filter.year).padStart(4, '0')}-%`);
  if (filter.orderId !== undefined) add((p) => `f.order_id = ${p}`, filter.orderId);
  if (filter.customerName !== undefined) add((p) => `f.customer_name ILIKE ${p}`, containing(filter.customerName));
  if (filter.accountManager !== undefined)
    add((p) => `f.account_manager ILIKE ${p}`, containing(filter.accountManager));
  // The account name is the customer's (directory), not recorded on the line: its current one.
  if (filter.accountName !== undefined) {
    add(
      (p) => `f.customer_id IN (SELECT customer_id FROM ${DIRECTORY_SCHEMA}.customers WHERE account_name ILIKE ${p})`,
      containing(filter.accountName),
    );
  }
  if (filter.productType !== undefined) add((p) => `f.product_type = ${p}`, filter.productType);
  if (filter.associationType !== undefined) add((p) => `f.association_type = ${p}`, filter.associationType);
  if (filter.billingMode !== undefined) add((p) => `f.billing_mode = ${p}`, filter.billingMode);
  if (filter.correctsPeriod !== undefined) add((p) => `f.corrects_period = ${p}`, filter.correctsPeriod);
  if (filter.from !== undefined) add((p) => `f.occurred_at >= ${p}::timestamptz`, filter.from);
  if (filter.to !== undefined) add((p) => `f.occurred_at < ${p}::timestamptz`, filter.to);
  if (filter.status === 'estimated') where.push(`st.status = 'estimated'`);
  if (filter.status === 'confirmed') where.push(`st.status <> 'estimated'`);
  const { limit: pageSize, cursor, ...filters } = filter;
  const digest = listDigest('partner-incentives', { partnerId, ...filters });
  if (cursor !== undefined) {
    const c = linesAfter(decodeCursor(cursor, digest));
    params.push(c.period, c.position);
    where.push(`(l.period, l.position) > ($${params.length - 1}, $${params.length})`);
  }
  let limit = '';
  if (pageSize !== undefined) {
    params.push(pageSize + 1);
    limit = `LIMIT $${params.length}`;
  }
  const result = await db.query(
    `SELECT ${SOURCE_LINE_SELECT}, l.rate, l.amount, st.rules_version, st.status AS statement_status
       FROM ${schema}.statements st
       JOIN ${schema}.statement_lines l USING (partner_id, period, revision)
       JOIN ${schema}.source_lines f USING (partner_id, period, source_type, source_id)
      WHERE ${where.join(' AND ')}
      ORDER BY l.period, l.position
      ${limit}`,
    params,
  );
  const rows = result.rows;
  const more = pageSize !== undefined && rows.length > pageSize;
  const page = more ? rows.slice(0, pageSize) : rows;
  const items = page.map((r) =>
    itemOf(
      { ...sourceLineFromRow(r), rate: new Decimal(r.rate), amount: new Decimal(r.amount) },
      r.rules_version,
      r.statement_status === 'estimated' ? 'estimated' : 'confirmed',
      currency,
    ),
  );
  const last = page[page.length - 1];
  return {
    items,
    nextCursor: more && last ? encodeCursor([last.period, Number(last.position)], digest) : null,
  };
}
