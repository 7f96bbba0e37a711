/**
 * The incentive detail and statements as the read side answers them (SPEC §5), and the filters of
 * the detail, as TypeBox schemas: the query functions' types, the HTTP routes' schemas and the CSV
 * columns all come from these.
 */
import {
  ASSOCIATION_TYPES,
  BILLING_MODES,
  FreeText,
  Id,
  INCENTIVE_SOURCE_TYPES,
  PeriodField,
  PeriodYearField,
} from '@reckon/domain';
import { type Static, Type } from '@sinclair/typebox';
import { Amount, Instant, Nullable, StringEnum } from '../queries/contract.js';

export const LINE_STATUSES = ['estimated', 'confirmed'] as const;
export const STATEMENT_STATUSES = ['estimated', 'confirmed', 'superseded', 'draft'] as const;

/** One incentive line (SPEC §5); its fields in this order are also the CSV columns. */
export const IncentiveItem = Type.Object({
  sourceType: StringEnum(INCENTIVE_SOURCE_TYPES),
  sourceId: Type.String({ description: 'orderId, refundId, changeId, chargeId, or <period>/r<revision> of a TrueUp' }),
  orderId: Nullable(Type.String()),
  customerId: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  accountManager: Nullable(Type.String()),
  productType: Nullable(Type.String()),
  billingMode: Nullable(StringEnum(BILLING_MODES)),
  associationType: Nullable(StringEnum(ASSOCIATION_TYPES)),
  period: Type.String({ description: 'booking period YYYY-MM' }),
  correctsPeriod: Nullable(Type.String({ description: 'the closed period a forwarded event or TrueUp belongs to' })),
  rulesVersion: Nullable(Type.String()),
  base: Amount('what the rate applies to: the cash part, negative for refunds and rebates'),
  rate: Amount('rule rate + tier bonus + programme bonuses (0 when no rule matches)'),
  amount: Amount('round_half_up(base × rate, 2)'),
  status: StringEnum(LINE_STATUSES),
  occurredAt: Instant('occurredAt of the event behind the line (of the published revision for a TrueUp)'),
  currency: Type.String({ description: 'the currency of base and amount (the partner’s)' }),
  positions: Type.Array(Type.Integer(), {
    description: 'global log positions of the events behind the line: its own, its order’s, its association’s',
  }),
});
export type IncentiveItem = Static<typeof IncentiveItem>;

/**
 * Filters of the incentive detail: exact matches, except customerName, accountManager and
 * accountName, which match any part case-insensitively (accountName: the customer's account name
 * as the directory has it now). Their descriptions say what a value must be (a 400 repeats them).
 */
export const IncentiveFilter = Type.Object({
  period: Type.Optional(PeriodField()),
  year: Type.Optional(PeriodYearField()),
  orderId: Type.Optional(Id('an order id')),
  customerName: Type.Optional(FreeText('part of the customer name')),
  accountManager: Type.Optional(FreeText('part of the account manager')),
  accountName: Type.Optional(FreeText("part of the customer's cloud account name (客户账号名)")),
  productType: Type.Optional(FreeText('a product type like "ecs"')),
  associationType: Type.Optional(StringEnum(ASSOCIATION_TYPES)),
  billingMode: Type.Optional(StringEnum(BILLING_MODES)),
  status: Type.Optional(StringEnum(LINE_STATUSES)),
  correctsPeriod: Type.Optional(PeriodField()),
  from: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'an ISO-8601 date like 2026-10-01 or date-time: lines whose occurredAt is at or after it',
    }),
  ),
  to: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'an ISO-8601 date like 2026-11-01 or date-time: lines whose occurredAt is before it',
    }),
  ),
});
export type IncentiveFilter = Static<typeof IncentiveFilter>;

export const Statement = Type.Object({
  partnerId: Type.String(),
  period: Type.String({ description: 'booking period YYYY-MM' }),
  revision: Type.Integer(),
  rulesVersion: Nullable(Type.String()),
  status: StringEnum(STATEMENT_STATUSES, {
    description: 'estimated (period open), confirmed (period closed), superseded (history), draft (a rebuild)',
  }),
  total: Amount('Σ line amounts'),
  currency: Type.String({ description: 'the currency of the partner, in which every amount is' }),
  checksum: Type.String({ description: 'sha256 hex of the canonical lines (docs/incentives.md)' }),
  lines: Type.Array(IncentiveItem),
});
export type Statement = Static<typeof Statement>;

/** One period of a partner's statements: its current revision and how many it has had. */
export const StatementSummary = Type.Object({
  period: Type.String({ description: 'booking period YYYY-MM' }),
  revision: Type.Integer({ description: 'the current revision' }),
  rulesVersion: Nullable(Type.String()),
  status: StringEnum(STATEMENT_STATUSES),
  total: Amount('Σ line amounts of the current revision'),
  currency: Type.String(),
  revisions: Type.Integer({ description: 'revisions of the period, unpublished drafts included' }),
});
export type StatementSummary = Static<typeof StatementSummary>;

/** One revision of a statement (drafts included). */
export const StatementRevisionItem = Type.Object({
  revision: Type.Integer(),
  rulesVersion: Nullable(Type.String()),
  status: StringEnum(STATEMENT_STATUSES),
  total: Amount('Σ line amounts'),
  checksum: Type.String({ description: 'sha256 hex of the canonical lines' }),
  currency: Type.String({ description: 'the currency of the partner, in which total is' }),
});
export type StatementRevisionItem = Static<typeof StatementRevisionItem>;

/** The answer to a rebuild: the draft revision and its line-by-line diff against the current one. */
export const StatementDraft = Type.Object({
  revision: Type.Integer(),
  status: StringEnum(['draft']),
  rulesVersion: Type.String(),
  total: Amount('the draft total'),
  diff: Type.Object({
    totalBefore: Amount('total of the current revision'),
    totalAfter: Amount('total of the draft'),
    difference: Amount('totalAfter − totalBefore'),
    lines: Type.Array(
      Type.Object({
        sourceType: StringEnum(INCENTIVE_SOURCE_TYPES),
        sourceId: Type.String(),
        before: Nullable(Type.String()),
        after: Nullable(Type.String()),
      }),
      { description: 'lines added (before null), removed (after null) or re-rated, in log order' },
    ),
  }),
});
export type StatementDraft = Static<typeof StatementDraft>;

export const TrueUp = Type.Object({
  period: Type.String({ description: 'the first open period, where the TrueUp line is booked' }),
  amount: Amount('totalAfter − totalBefore, booked as a TrueUp line'),
});
export type TrueUp = Static<typeof TrueUp>;

/** The answer to publishing a draft revision. */
export const PublishedRevision = Type.Object({
  revision: Type.Integer(),
  status: StringEnum(['published']),
  trueUp: Type.Union([TrueUp, Type.Null()], { description: 'for a closed period: the TrueUp booked; else null' }),
});
export type PublishedRevision = Static<typeof PublishedRevision>;
