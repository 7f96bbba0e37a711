/** Tables of the incentives projection (schema `rm_incentives`; docs/incentives.md describes them). */
import { Decimal, type PublishedRuleSet } from '@reckon/domain';
import { associationsDdl, customerAssociations } from '../context/associations.js';
import { closedPeriods, closedPeriodsDdl } from '../context/closed-periods.js';
import { PROGRAMME_KEY, programmeEnrolment, programmeKeyDdl } from '../context/programmes.js';
import { cachedTable, ENTITY_CACHE_ENTRIES, type RowCacheSpec } from '../context/row-cache.js';
import { amount, boolean, integer, json, position, text, time } from '../model/columns.js';
import { projectionDdl, tableList } from '../model/projection.js';
import { rowMaker, table } from '../model/table.js';
import { widenAmounts } from '../sql.js';
import { millis } from '../time.js';
import type { OrderRow, PartnerLevels } from './fold.js';
import type { RatedLine, SourceLine, SourceType } from './rating.js';

export const INCENTIVES_SCHEMA = 'rm_incentives';

/**
 * The tables, each column once (model/table.ts): their DDL for a rebuild's or verify's scratch copy,
 * `verify`'s table list, the column lists of the writers and the rows they write are derived from
 * these. The migrations below made the same tables in existing databases (model/ddl.int.spec.ts
 * checks that they agree); a change to a table is a new migration and a change here.
 */
export const incentivesTables = {
  /** One row per event that makes a line: its rate-independent part (SPEC §4). Appended by a replay. */
  source_lines: table(
    'source_lines',
    {
      partner_id: text().key(),
      period: text().key(),
      source_type: text().key(),
      source_id: text().key(),
      corrects_period: text().orNull(),
      order_id: text().orNull(),
      customer_id: text().orNull(),
      customer_name: text().orNull(),
      account_manager: text().orNull(),
      product_type: text().orNull(),
      billing_mode: text().orNull(),
      association_type: text().orNull(),
      partner_level: text().orNull(),
      occurred_at: time(),
      base: amount(),
      position: position(),
      positions: json(),
    },
    { appended: true },
  ),
  /** A statement revision's header; one current revision per partner × period. */
  statements: table(
    'statements',
    {
      partner_id: text().key(),
      period: text().key(),
      revision: integer().key(),
      rules_version: text().orNull(),
      status: text(),
      current: boolean(),
      tier_bonus: amount(),
      total: amount(),
      line_count: integer(),
      checksum: text().orNull(),
      cause: text(),
      created_position: position(),
      frozen_position: position().orNull(),
      true_up_period: text().orNull(),
      true_up_amount: amount().orNull(),
    },
    {
      uniqueIndexes: { statements_current: 'partner_id, period WHERE current' },
      indexes: ['period, status WHERE current'],
    },
  ),
  /** A source line rated into a revision. A replay appends a revision's lines when it stops being live. */
  statement_lines: table(
    'statement_lines',
    {
      partner_id: text().key(),
      period: text().key(),
      revision: integer().key(),
      source_type: text().key(),
      source_id: text().key(),
      rule_id: text().orNull(),
      rate: amount(),
      amount: amount(),
      position: position(),
    },
    { indexes: ['partner_id, period, revision, position'], appended: true },
  ),
  partner_period_net: table('partner_period_net', {
    partner_id: text().key(),
    period: text().key(),
    net: amount(),
  }),
  /** What the fold keeps of an order (`OrderRow`). */
  orders: table('orders', {
    order_id: text().key(),
    customer_id: text(),
    product_type: text(),
    billing_mode: text(),
    amount: amount(),
    voucher_amount: amount(),
    upgrade_charges: amount(),
    refunded_cash: amount(),
    refunded_voucher: amount(),
    position: position(),
  }),
  /** A partner's level as registered and its changes (`PartnerLevels`). */
  partners: table('partners', {
    partner_id: text().key(),
    level: text().orNull(),
    level_changes: json(),
  }),
  partner_programs: table('partner_programs', programmeEnrolment, { keyIndex: PROGRAMME_KEY }),
  rule_sets: table('rule_sets', {
    version: text().key(),
    seq: integer(),
    effective_from: text(),
    rules: json(),
    tiers: json(),
    programs: json(),
    published_at: time(),
    position: position(),
  }),
  customer_associations: customerAssociations,
  closed_periods: closedPeriods,
} as const;

/** `verify`'s table list (ProjectionDefinition.tables). */
export const INCENTIVES_TABLES = tableList(incentivesTables);

/** The current tables and the view over them (a scratch copy's DDL, ProjectionDefinition.createTables). */
export function incentivesTablesDdl(s: string): string {
  return `${projectionDdl(s, incentivesTables)}
    ${currentLinesViewDdl(s)}`;
}

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

export const sourceLineRow = rowMaker<[SourceLine]>()(incentivesTables.source_lines, {
  partner_id: (l) => l.partnerId,
  period: (l) => l.period,
  source_type: (l) => l.sourceType,
  source_id: (l) => l.sourceId,
  corrects_period: (l) => l.correctsPeriod,
  order_id: (l) => l.orderId,
  customer_id: (l) => l.customerId,
  customer_name: (l) => l.customerName,
  account_manager: (l) => l.accountManager,
  product_type: (l) => l.productType,
  billing_mode: (l) => l.billingMode,
  association_type: (l) => l.associationType,
  partner_level: (l) => l.partnerLevel,
  occurred_at: (l) => l.occurredAt,
  base: (l) => l.base.toFixed(),
  position: (l) => l.position,
  positions: (l) => JSON.stringify(l.positions),
});

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

type RevisionKey = { partnerId: string; period: string; revision: number };
type LineKey = Pick<SourceLine, 'sourceType' | 'sourceId' | 'position'>;
type LineRating = Pick<RatedLine, 'ruleId' | 'rate' | 'amount'>;

/** A row of `statement_lines`: a source line rated into a revision (its partner, period and number). */
export const statementLineRow = rowMaker<[RevisionKey, LineKey, LineRating]>()(incentivesTables.statement_lines, {
  partner_id: (revision) => revision.partnerId,
  period: (revision) => revision.period,
  revision: (revision) => revision.revision,
  source_type: (_, line) => line.sourceType,
  source_id: (_, line) => line.sourceId,
  rule_id: (_, __, rated) => rated.ruleId,
  rate: (_, __, rated) => rated.rate.toFixed(),
  amount: (_, __, rated) => rated.amount.toFixed(),
  position: (_, line) => line.position,
});

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

export const statementRow = rowMaker<[StatementHead]>()(incentivesTables.statements, {
  partner_id: (h) => h.partnerId,
  period: (h) => h.period,
  revision: (h) => h.revision,
  rules_version: (h) => h.rulesVersion,
  status: (h) => h.status,
  current: (h) => h.current,
  tier_bonus: (h) => h.tierBonus.toFixed(),
  total: (h) => h.total.toFixed(),
  line_count: (h) => h.lineCount,
  checksum: (h) => h.checksum,
  cause: (h) => h.cause,
  created_position: (h) => h.createdPosition,
  frozen_position: (h) => h.frozenPosition,
  true_up_period: (h) => h.trueUpPeriod,
  true_up_amount: (h) => h.trueUpAmount?.toFixed() ?? null,
});

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
export function orderCacheSpec(schema: string, maxEntries = ENTITY_CACHE_ENTRIES): RowCacheSpec<OrderRow> {
  const t = incentivesTables.orders;
  return cachedTable(schema, t, {
    writes: {
      toRow: rowMaker<[OrderRow]>()(t, {
        order_id: (o) => o.orderId,
        customer_id: (o) => o.customerId,
        product_type: (o) => o.productType,
        billing_mode: (o) => o.billingMode,
        amount: (o) => o.amount,
        voucher_amount: (o) => o.voucherAmount,
        upgrade_charges: (o) => o.upgradeCharges,
        refunded_cash: (o) => o.refundedCash,
        refunded_voucher: (o) => o.refundedVoucher,
        position: (o) => o.position,
      }),
    },
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
  });
}

/** The row cache of the partners' levels, `${schema}.partners`. */
export function partnerCacheSpec(schema: string): RowCacheSpec<PartnerLevels> {
  const t = incentivesTables.partners;
  return cachedTable(schema, t, {
    writes: {
      toRow: rowMaker<[PartnerLevels]>()(t, {
        partner_id: (p) => p.partnerId,
        level: (p) => p.level,
        level_changes: (p) => JSON.stringify(p.changes),
      }),
    },
    fromRow: (r) => ({
      partnerId: r.partner_id as string,
      level: r.level as string | null,
      changes: (r.level_changes as PartnerLevels['changes'] | null) ?? [],
    }),
    keyOf: (p) => [p.partnerId],
    maxEntries: 20_000,
  });
}

/** A row of `partner_period_net`: a partner × period and its net. */
export const netRow = rowMaker<[pair: { partnerId: string; period: string }, net: Decimal]>()(
  incentivesTables.partner_period_net,
  { partner_id: (pair) => pair.partnerId, period: (pair) => pair.period, net: (_, net) => net.toFixed() },
);

/** A row of `rule_sets`: the set, its publication order (1-based), when and where it was published. */
export const ruleSetRow = rowMaker<[set: PublishedRuleSet, seq: number, publishedAt: string, position: number]>()(
  incentivesTables.rule_sets,
  {
    version: (set) => set.version,
    seq: (_, seq) => seq,
    effective_from: (set) => set.effectiveFrom,
    rules: (set) => JSON.stringify(set.rules),
    tiers: (set) => JSON.stringify(set.tiers),
    programs: (set) => JSON.stringify(set.programs),
    published_at: (_, __, publishedAt) => publishedAt,
    position: (_, __, ___, position) => position,
  },
);
