/**
 * What the query functions answer (SPEC §5 shapes), as TypeBox schemas: the functions return their
 * static types, the HTTP routes serialise and document them (OpenAPI), and the CSV columns are read
 * off them. One definition of each answer; nothing else describes its fields.
 */
import { REFUND_REASONS } from '@reckon/domain';
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** A closed set of strings as `enum` (one keyword in JSON Schema and OpenAPI), typed as their union. */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: { description?: string; default?: T[number] } = {},
) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

/**
 * `schema` or null, as a type list (`["string", "null"]`) that serialisers take fast and OpenAPI
 * 3.0 reads as nullable (an enum gets null among its values).
 */
export const Nullable = <T extends TSchema>(schema: T, description?: string) => {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  if (typeof type !== 'string') throw new TypeError('Nullable takes a schema of one type');
  return Type.Unsafe<Static<T> | null>({
    ...schema,
    type: [type, 'null'],
    ...(values ? { enum: [...values, null] } : {}),
    ...(description ? { description } : {}),
  });
};

export const Amount = (description: string) => Type.String({ description: `${description} (decimal string)` });

export const Instant = (description: string) =>
  Type.String({ format: 'date-time', description: `${description} (ISO-8601; UTC unless ?tz=partner)` });

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Which page of a list to read: its size and the cursor the previous page gave. */
export const PageRequest = Type.Object({
  limit: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      description: `a page size from 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}; a CSV without limit holds the whole list)`,
    }),
  ),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 512,
      description: 'the nextCursor of the previous page, with the same filters',
    }),
  ),
});
export type PageRequest = Static<typeof PageRequest>;

/** The page size asked for, within 1..MAX_PAGE_SIZE (default DEFAULT_PAGE_SIZE). */
export const pageSize = (limit: number | undefined): number =>
  Math.min(Math.max(limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);

/** One page of a list, keyset-paged: `nextCursor` asks for the next one (null on the last). */
export const PageOf = <T extends TSchema>(item: T, order: string) =>
  Type.Object({
    items: Type.Array(item, { description: order }),
    nextCursor: Nullable(
      Type.String({ description: 'the cursor of the next page (same filters), null on the last page' }),
    ),
  });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const consumptionFigures = {
  consumption: Amount('Σ OrderPlaced.amount + Σ positive SpecChanged.amount + Σ OnDemandCharged.amount'),
  refunds: Type.Object({
    refundOrders: Amount('Σ OrderRefunded.amount'),
    specChangeRebates: Amount('Σ |negative SpecChanged.amount|'),
    total: Amount('refundOrders + specChangeRebates'),
  }),
  adjustments: Amount('Σ AdjustmentPosted.amount (signed)'),
  vouchersUsed: Amount('Σ OrderPlaced.voucherAmount'),
  net: Amount('consumption − refunds.total + adjustments'),
};
export const ConsumptionFigures = Type.Object(consumptionFigures);
export type ConsumptionFigures = Static<typeof ConsumptionFigures>;

export const CustomerConsumption = Type.Object({
  customerId: Type.String(),
  customerName: Nullable(Type.String()),
  ...consumptionFigures,
});
export type CustomerConsumption = Static<typeof CustomerConsumption>;

export const PartnerConsumption = Type.Object({
  partnerId: Type.String(),
  period: Type.String({ description: 'booking period YYYY-MM' }),
  currency: Type.String(),
  ...consumptionFigures,
  customers: Type.Array(CustomerConsumption, {
    description: 'the same figures per customer of the partner in that period, by customerId',
  }),
});
export type PartnerConsumption = Static<typeof PartnerConsumption>;

export const MonthlyConsumption = Type.Object({
  period: Type.String({ description: 'booking period YYYY-MM' }),
  ...consumptionFigures,
  customerCount: Type.Integer({
    minimum: 0,
    description: 'how many customers have figures in the period (the length of its `customers`)',
  }),
});
export type MonthlyConsumption = Static<typeof MonthlyConsumption>;

export const PartnerMonthlyConsumption = Type.Object({
  partnerId: Type.String(),
  currency: Type.String(),
  items: Type.Array(MonthlyConsumption, {
    description: 'one per booking period from `from` to `to`, oldest first; zeros where nothing was booked',
  }),
});
export type PartnerMonthlyConsumption = Static<typeof PartnerMonthlyConsumption>;

const figures = <const K extends readonly string[]>(names: K, description: string) =>
  Type.Object(
    Object.fromEntries(names.map((name) => [name, Amount(name)])) as { [N in K[number]]: ReturnType<typeof Amount> },
    { description },
  );

export const PartnerBalance = Type.Object({
  partnerId: Type.String(),
  currency: Type.String(),
  funds: figures(
    ['allocated', 'reclaimed', 'spent', 'returned', 'available'],
    'reseller funds: available = allocated − reclaimed − spent + returned',
  ),
  voucherQuota: figures(
    ['granted', 'issued', 'reclaimed', 'returned', 'available'],
    'voucher quota held by the partner, over all its quotas',
  ),
});
export type PartnerBalance = Static<typeof PartnerBalance>;

/**
 * Who appended an event: its `metadata.actor`, the object the audit view (`GET /v1/streams/{id}/events`)
 * shows. The engine writes `{kind: "api-key", keyId, role, partnerId?}` for an HTTP key, `{kind:
 * "cli", user, command}` for `pnpm reckon`, `{kind: "demo", command}` for the demo; other members are
 * kept. An actor that is not an object (a log written by other means) is `{kind: "unknown", value}`.
 * Read back from the read models' text column by `actorFromText` (./format.ts).
 */
export const Actor = Type.Object(
  {
    kind: Type.String({ description: 'api-key (a key of RECKON_API_KEYS), cli (pnpm reckon), demo, or unknown' }),
    role: Type.Optional(Type.String({ description: 'an api-key: its role (admin, finance, partner)' })),
    partnerId: Type.Optional(Type.String({ description: 'a partner key: its partner' })),
    keyId: Type.Optional(Type.String({ description: 'an api-key: its id (derived from the key; never the key)' })),
    user: Type.Optional(Type.String({ description: 'cli: the operating-system user who ran it' })),
    command: Type.Optional(Type.String({ description: 'cli, demo: the command that appended it' })),
    value: Type.Optional(Type.String({ description: 'unknown: the actor as the log keeps it, as text' })),
  },
  { additionalProperties: true },
);
export type Actor = Static<typeof Actor>;

export const VOUCHER_QUOTA_OPERATION_KINDS = ['granted', 'issued', 'reclaimed', 'revoked'] as const;

export const VoucherQuotaOperation = Type.Object({
  time: Instant('business time (occurredAt) of the operation'),
  quotaId: Type.String(),
  kind: StringEnum(VOUCHER_QUOTA_OPERATION_KINDS),
  customerId: Nullable(Type.String()),
  customerName: Nullable(Type.String()),
  voucherId: Nullable(Type.String()),
  amount: Amount('the amount the operation moved'),
  quotaLeftAfter: Amount('what was left of the quota after it'),
  actor: Nullable(Actor, 'who appended the event (its metadata.actor, as the audit view gives it); null when none'),
  position: Type.Integer({ description: 'global log position of the event' }),
  currency: Type.String({ description: 'the currency of the quota, in which amount and quotaLeftAfter are' }),
});
export type VoucherQuotaOperation = Static<typeof VoucherQuotaOperation>;

/**
 * A subscribed resource's status as every subscription list answers it (SPEC §6; `subscriptionStatus`
 * in ./api-views.ts judges it): `expired` once its term has ended, else as stored, `active` or
 * `released` by an unsubscribe refund.
 */
export const SUBSCRIPTION_STATUSES = ['active', 'released', 'expired'] as const;

export const SubscriptionItem = Type.Object({
  resourceId: Type.String(),
  customerId: Type.String(),
  orderId: Type.String({ description: 'the order that bought or last renewed the resource' }),
  productType: Type.String(),
  spec: Type.Unknown({ description: 'the resource spec as last ordered or changed' }),
  termEnd: Instant('expiry of the current term'),
  autoRenew: Type.Boolean(),
  status: StringEnum(SUBSCRIPTION_STATUSES, {
    description:
      'expired once termEnd has passed (judged at the request; a released resource too); before that active, or released after an unsubscribe refund',
  }),
  releasedAt: Nullable(Instant('when an unsubscribe refund released it')),
  lastRefund: Nullable(Type.Object({ refundId: Type.String(), reason: StringEnum(REFUND_REASONS) })),
  renewalHistory: Type.Array(
    Type.Object({
      orderId: Type.String(),
      renewalOf: Nullable(Type.String()),
      placedAt: Instant('occurredAt of the order'),
      termEnd: Instant('term end of the order'),
    }),
    { description: 'the orders of the resource, oldest first: the first purchase, then each renewal' },
  ),
});
export type SubscriptionItem = Static<typeof SubscriptionItem>;
