/** Tables of the incentives projection (schema `rm_incentives`; docs/incentives.md describes them). */
import { Decimal, type PublishedRuleSet } from '@reckon/domain';
import { associationsDdl } from '../context/associations.js';
import { closedPeriodsDdl } from '../context/closed-periods.js';
import { programmeKeyDdl } from '../context/programmes.js';
import type { RowCacheSpec } from '../context/row-cache.js';
import { type Column, widenAmounts } from '../sql.js';
import { millis } from '../time.js';
import type { OrderRow, PartnerLevels } from './fold.js';
import type { RatedLine, SourceLine, SourceType } from './rating.js';

export const INCENTIVES_SCHEMA = 'rm_incentives';

export function incentivesDdl(s: string): string {
  return `
    CREATE TABLE ${s}.source_lines (
      partner_id text NOT NULL,
      period text NOT NULL,
      source_type text NOT NULL,
      source_id text NOT NULL,
      corrects_period text,
      order_id text,
      customer_id text,
      customer_name text,
      account_manager text,
      product_type text,
      billing_mode text,
      association_type text,
      partner_level text,
      occurred_at timestamptz NOT NULL,
      base numeric(30,8) NOT NULL,
      position bigint NOT NULL,
      positions jsonb NOT NULL,
      PRIMARY KEY (partner_id, period, source_type, source_id)
    );
    CREATE TABLE ${s}.statements (
      partner_id text NOT NULL,
      period text NOT NULL,
      revision integer NOT NULL,
      rules_version text,
      status text NOT NULL,
      current boolean NOT NULL,
      tier_bonus numeric(30,8) NOT NULL,
      total numeric(30,8) NOT NULL,
      line_count integer NOT NULL,
      checksum text,
      cause text NOT NULL,
      created_position bigint NOT NULL,
      frozen_position bigint,
      true_up_period text,
      true_up_amount numeric(30,8),
      PRIMARY KEY (partner_id, period, revision)
    );
    CREATE UNIQUE INDEX statements_current ON ${s}.statements (partner_id, period) WHERE current;
    CREATE INDEX ON ${s}.statements (period, status) WHERE current;
    CREATE TABLE ${s}.statement_lines (
      partner_id text NOT NULL,
      period text NOT NULL,
      revision integer NOT NULL,
      source_type text NOT NULL,
      source_id text NOT NULL,
      rule_id text,
      rate numeric(30,8) NOT NULL,
      amount numeric(30,8) NOT NULL,
      position bigint NOT NULL,
      PRIMARY KEY (partner_id, period, revision, source_type, source_id)
    );
    CREATE INDEX ON ${s}.statement_lines (partner_id, period, revision, position);
    CREATE TABLE ${s}.partner_period_net (
      partner_id text NOT NULL,
      period text NOT NULL,
      net numeric(30,8) NOT NULL,
      PRIMARY KEY (partner_id, period)
    );
    CREATE TABLE ${s}.orders (
      order_id text PRIMARY KEY,
      customer_id text NOT NULL,
      product_type text NOT NULL,
      billing_mode text NOT NULL,
      amount numeric(30,8) NOT NULL,
      voucher_amount numeric(30,8) NOT NULL,
      upgrade_charges numeric(30,8) NOT NULL,
      refunded_cash numeric(30,8) NOT NULL,
      refunded_voucher numeric(30,8) NOT NULL,
      position bigint NOT NULL
    );
    CREATE TABLE ${s}.partners (
      partner_id text PRIMARY KEY,
      level text NOT NULL
    );
    CREATE TABLE ${s}.partner_programs (
      partner_id text NOT NULL,
      program text NOT NULL,
      seq integer NOT NULL,
      enrolled_at timestamptz NOT NULL,
      withdrawn_at timestamptz,
      PRIMARY KEY (partner_id, program, seq)
    );
    CREATE TABLE ${s}.rule_sets (
      version text PRIMARY KEY,
      seq integer NOT NULL,
      effective_from text NOT NULL,
      rules jsonb NOT NULL,
      tiers jsonb NOT NULL,
      programs jsonb NOT NULL,
      published_at timestamptz NOT NULL,
      position bigint NOT NULL
    );
    ${associationsDdl(`${s}.customer_associations`)}
    ${closedPeriodsDdl(`${s}.closed_periods`)}
    ${currentLinesViewDdl(s)}`;
}

/** The incentive detail for SQL readers: every line of the current revision of each statement. */
function currentLinesViewDdl(s: string): string {
  return `
    CREATE VIEW ${s}.current_lines AS
      SELECT l.partner_id, l.period, st.revision, l.source_type, l.source_id, f.order_id, f.customer_id,
             f.customer_name, f.account_manager, f.product_type, f.billing_mode, f.association_type,
             f.corrects_period, st.rules_version, l.rule_id, f.base, l.rate, l.amount,
             CASE WHEN st.status = 'estimated' THEN 'estimated' ELSE 'confirmed' END AS status,
             f.occurred_at, l.position, f.positions
        FROM ${s}.statements st
        JOIN ${s}.statement_lines l USING (partner_id, period, revision)
        JOIN ${s}.source_lines f USING (partner_id, period, source_type, source_id)
       WHERE st.current;`;
}

/**
 * Version 2: amounts hold sums of 30 integer digits (the view over them is dropped for the change
 * and made again); a partner's level is optional (NULL: none); programme names of any length the
 * events allow (context/programmes.ts).
 */
export function incentivesV2Ddl(s: string): string {
  return `DROP VIEW ${s}.current_lines;
    ${widenAmounts(s, {
      source_lines: ['base'],
      statements: ['tier_bonus', 'total', 'true_up_amount'],
      statement_lines: ['rate', 'amount'],
      partner_period_net: ['net'],
      orders: ['amount', 'voucher_amount', 'upgrade_charges', 'refunded_cash', 'refunded_voucher'],
    })}
    ${currentLinesViewDdl(s)}
    ALTER TABLE ${s}.partners ALTER COLUMN level DROP NOT NULL;
    ${programmeKeyDdl(`${s}.partner_programs`)}`;
}

/** Version 3: a partner's level changes (`PartnerProfileChanged`), each in force from its occurredAt. */
export function incentivesV3Ddl(s: string): string {
  return `ALTER TABLE ${s}.partners ADD COLUMN level_changes jsonb NOT NULL DEFAULT '[]';`;
}

export const SOURCE_LINE_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'period', type: 'text' },
  { name: 'source_type', type: 'text' },
  { name: 'source_id', type: 'text' },
  { name: 'corrects_period', type: 'text' },
  { name: 'order_id', type: 'text' },
  { name: 'customer_id', type: 'text' },
  { name: 'customer_name', type: 'text' },
  { name: 'account_manager', type: 'text' },
  { name: 'product_type', type: 'text' },
  { name: 'billing_mode', type: 'text' },
  { name: 'association_type', type: 'text' },
  { name: 'partner_level', type: 'text' },
  { name: 'occurred_at', type: 'timestamptz' },
  { name: 'base', type: 'numeric' },
  { name: 'position', type: 'bigint' },
  { name: 'positions', type: 'jsonb' },
];

export function sourceLineRow(l: SourceLine): unknown[] {
  return [
    l.partnerId,
    l.period,
    l.sourceType,
    l.sourceId,
    l.correctsPeriod,
    l.orderId,
    l.customerId,
    l.customerName,
    l.accountManager,
    l.productType,
    l.billingMode,
    l.associationType,
    l.partnerLevel,
    l.occurredAt,
    l.base.toFixed(),
    l.position,
    JSON.stringify(l.positions),
  ];
}

/** Columns to select to read a source line back (`occurred_at` as ISO text). */
export const SOURCE_LINE_SELECT = `f.partner_id, f.period, f.source_type, f.source_id, f.corrects_period, f.order_id,
  f.customer_id, f.customer_name, f.account_manager, f.product_type, f.billing_mode, f.association_type,
  f.partner_level, to_json(f.occurred_at) #>> '{}' AS occurred_at, f.base, f.position, f.positions`;

export function sourceLineFromRow(r: Record<string, unknown>): SourceLine {
  const occurredAt = r.occurred_at as string;
  return {
    partnerId: r.partner_id as string,
    period: r.period as string,
    sourceType: r.source_type as SourceType,
    sourceId: r.source_id as string,
    correctsPeriod: (r.corrects_period as string | null) ?? null,
    orderId: (r.order_id as string | null) ?? null,
    customerId: (r.customer_id as string | null) ?? null,
    customerName: (r.customer_name as string | null) ?? null,
    accountManager: (r.account_manager as string | null) ?? null,
    productType: (r.product_type as string | null) ?? null,
    billingMode: (r.billing_mode as SourceLine['billingMode']) ?? null,
    associationType: (r.association_type as SourceLine['associationType']) ?? null,
    partnerLevel: (r.partner_level as string | null) ?? null,
    occurredAt,
    occurredMs: millis(occurredAt),
    base: new Decimal(r.base as string),
    position: Number(r.position),
    positions: (r.positions as number[]).map(Number),
  };
}

export const STATEMENT_LINE_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'period', type: 'text' },
  { name: 'revision', type: 'integer' },
  { name: 'source_type', type: 'text' },
  { name: 'source_id', type: 'text' },
  { name: 'rule_id', type: 'text' },
  { name: 'rate', type: 'numeric' },
  { name: 'amount', type: 'numeric' },
  { name: 'position', type: 'bigint' },
];

export const STATEMENT_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'period', type: 'text' },
  { name: 'revision', type: 'integer' },
  { name: 'rules_version', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'current', type: 'boolean' },
  { name: 'tier_bonus', type: 'numeric' },
  { name: 'total', type: 'numeric' },
  { name: 'line_count', type: 'integer' },
  { name: 'checksum', type: 'text' },
  { name: 'cause', type: 'text' },
  { name: 'created_position', type: 'bigint' },
  { name: 'frozen_position', type: 'bigint' },
  { name: 'true_up_period', type: 'text' },
  { name: 'true_up_amount', type: 'numeric' },
];

/** A row of `statement_lines`: a source line rated into a revision (its partner, period and number). */
export function statementLineRow(
  revision: { partnerId: string; period: string; revision: number },
  line: Pick<SourceLine, 'sourceType' | 'sourceId' | 'position'>,
  rated: Pick<RatedLine, 'ruleId' | 'rate' | 'amount'>,
): unknown[] {
  return [
    revision.partnerId,
    revision.period,
    revision.revision,
    line.sourceType,
    line.sourceId,
    rated.ruleId,
    rated.rate.toFixed(),
    rated.amount.toFixed(),
    line.position,
  ];
}

/** Statuses of a statement revision. */
export type RevisionStatus = 'estimated' | 'confirmed' | 'superseded';

/** A statement revision's header (a row of `statements`). */
export interface StatementHead {
  partnerId: string;
  period: string;
  revision: number;
  rulesVersion: string | null;
  status: RevisionStatus;
  current: boolean;
  tierBonus: Decimal;
  total: Decimal;
  lineCount: number;
  checksum: string | null;
  cause: 'first-line' | 'rules-published' | 'revision-published';
  createdPosition: number;
  frozenPosition: number | null;
  trueUpPeriod: string | null;
  trueUpAmount: Decimal | null;
}

export function statementRow(h: StatementHead): unknown[] {
  return [
    h.partnerId,
    h.period,
    h.revision,
    h.rulesVersion,
    h.status,
    h.current,
    h.tierBonus.toFixed(),
    h.total.toFixed(),
    h.lineCount,
    h.checksum,
    h.cause,
    h.createdPosition,
    h.frozenPosition,
    h.trueUpPeriod,
    h.trueUpAmount?.toFixed() ?? null,
  ];
}

export function statementFromRow(r: Record<string, unknown>): StatementHead {
  return {
    partnerId: r.partner_id as string,
    period: r.period as string,
    revision: Number(r.revision),
    rulesVersion: (r.rules_version as string | null) ?? null,
    status: r.status as RevisionStatus,
    current: r.current as boolean,
    tierBonus: new Decimal(r.tier_bonus as string),
    total: new Decimal(r.total as string),
    lineCount: Number(r.line_count),
    checksum: (r.checksum as string | null) ?? null,
    cause: r.cause as StatementHead['cause'],
    createdPosition: Number(r.created_position),
    frozenPosition: r.frozen_position === null ? null : Number(r.frozen_position),
    trueUpPeriod: (r.true_up_period as string | null) ?? null,
    trueUpAmount: r.true_up_amount === null ? null : new Decimal(r.true_up_amount as string),
  };
}

/** The row cache of the orders the fold reads (refunds and spec changes), `${schema}.orders`. */
export function orderCacheSpec(schema: string, maxEntries = 40_000): RowCacheSpec<OrderRow> {
  return {
    table: `${schema}.orders`,
    key: ['order_id'],
    columns: [
      { name: 'order_id', type: 'text' },
      { name: 'customer_id', type: 'text' },
      { name: 'product_type', type: 'text' },
      { name: 'billing_mode', type: 'text' },
      { name: 'amount', type: 'numeric' },
      { name: 'voucher_amount', type: 'numeric' },
      { name: 'upgrade_charges', type: 'numeric' },
      { name: 'refunded_cash', type: 'numeric' },
      { name: 'refunded_voucher', type: 'numeric' },
      { name: 'position', type: 'bigint' },
    ],
    toRow: (o) => [
      o.orderId,
      o.customerId,
      o.productType,
      o.billingMode,
      o.amount,
      o.voucherAmount,
      o.upgradeCharges,
      o.refundedCash,
      o.refundedVoucher,
      o.position,
    ],
    fromRow: (r) => ({
      orderId: r.order_id as string,
      customerId: r.customer_id as string,
      productType: r.product_type as string,
      billingMode: r.billing_mode as string,
      amount: r.amount as string,
      voucherAmount: r.voucher_amount as string,
      upgradeCharges: r.upgrade_charges as string,
      refundedCash: r.refunded_cash as string,
      refundedVoucher: r.refunded_voucher as string,
      position: Number(r.position),
    }),
    keyOf: (o) => [o.orderId],
    maxEntries,
  };
}

/** The row cache of the partners' levels, `${schema}.partners`. */
export function partnerCacheSpec(schema: string): RowCacheSpec<PartnerLevels> {
  return {
    table: `${schema}.partners`,
    key: ['partner_id'],
    columns: [
      { name: 'partner_id', type: 'text' },
      { name: 'level', type: 'text' },
      { name: 'level_changes', type: 'jsonb' },
    ],
    toRow: (p) => [p.partnerId, p.level, JSON.stringify(p.changes)],
    fromRow: (r) => ({
      partnerId: r.partner_id as string,
      level: r.level as string | null,
      changes: (r.level_changes as PartnerLevels['changes'] | null) ?? [],
    }),
    keyOf: (p) => [p.partnerId],
    maxEntries: 20_000,
  };
}

export const NET_COLUMNS: Column[] = [
  { name: 'partner_id', type: 'text' },
  { name: 'period', type: 'text' },
  { name: 'net', type: 'numeric' },
];

export const RULE_SET_COLUMNS: Column[] = [
  { name: 'version', type: 'text' },
  { name: 'seq', type: 'integer' },
  { name: 'effective_from', type: 'text' },
  { name: 'rules', type: 'jsonb' },
  { name: 'tiers', type: 'jsonb' },
  { name: 'programs', type: 'jsonb' },
  { name: 'published_at', type: 'timestamptz' },
  { name: 'position', type: 'bigint' },
];

/** A row of `rule_sets`: the set, its publication order (1-based), when and where it was published. */
export function ruleSetRow(set: PublishedRuleSet, seq: number, publishedAt: string, position: number): unknown[] {
  return [
    set.version,
    seq,
    set.effectiveFrom,
    JSON.stringify(set.rules),
    JSON.stringify(set.tiers),
    JSON.stringify(set.programs),
    publishedAt,
    position,
  ];
}
