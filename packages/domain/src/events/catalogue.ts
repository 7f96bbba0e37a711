/**
 * The event catalogue: every known type with the schema of its `data`, the envelope around it, and
 * the static types (`DomainEvent` is a union discriminated by `type`).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { INSTANT_PATTERN } from '../period.js';
import { Instant } from './fields.js';
import * as S from './schemas.js';

export const EVENT_DATA_SCHEMAS = {
  PartnerRegistered: S.PartnerRegisteredData,
  PartnerProgramEnrolled: S.PartnerProgramEnrolledData,
  PartnerProgramWithdrawn: S.PartnerProgramWithdrawnData,
  PartnerProfileChanged: S.PartnerProfileChangedData,
  CustomerAssociated: S.CustomerAssociatedData,
  AssociationTypeSwitched: S.AssociationTypeSwitchedData,
  CustomerDisassociated: S.CustomerDisassociatedData,
  DiscountGranted: S.DiscountGrantedData,
  DiscountChanged: S.DiscountChangedData,
  DiscountRevoked: S.DiscountRevokedData,
  OrderPlaced: S.OrderPlacedData,
  OrderRefunded: S.OrderRefundedData,
  SpecChanged: S.SpecChangedData,
  OnDemandCharged: S.OnDemandChargedData,
  AutoRenewSet: S.AutoRenewSetData,
  AdjustmentPosted: S.AdjustmentPostedData,
  FundsAllocated: S.FundsAllocatedData,
  FundsReclaimed: S.FundsReclaimedData,
  VoucherQuotaGranted: S.VoucherQuotaGrantedData,
  VoucherQuotaReclaimed: S.VoucherQuotaReclaimedData,
  VoucherIssued: S.VoucherIssuedData,
  VoucherRevoked: S.VoucherRevokedData,
  BillingPeriodClosed: S.BillingPeriodClosedData,
  IncentiveRulesPublished: S.IncentiveRulesPublishedData,
  StatementRevisionPublished: S.StatementRevisionPublishedData,
  ProductTypeRegistered: S.ProductTypeRegisteredData,
  UsageTypeRegistered: S.UsageTypeRegisteredData,
  MeasureUnitRegistered: S.MeasureUnitRegisteredData,
  MarketplaceTransactionRecorded: S.MarketplaceTransactionRecordedData,
  MarketplaceTransactionBilled: S.MarketplaceTransactionBilledData,
  MarketplaceSupervisionReleased: S.MarketplaceSupervisionReleasedData,
} as const;

export type EventType = keyof typeof EVENT_DATA_SCHEMAS;
export type EventDataMap = { [K in EventType]: Static<(typeof EVENT_DATA_SCHEMAS)[K]> };
export type EventData<K extends EventType = EventType> = EventDataMap[K];

/** Every known event type, in catalogue order. */
export const EVENT_TYPES = Object.keys(EVENT_DATA_SCHEMAS) as EventType[];

export function isEventType(t: unknown): t is EventType {
  return typeof t === 'string' && Object.hasOwn(EVENT_DATA_SCHEMAS, t);
}

/** The fields of each type's `data` that hold an instant (`Instant()` in schemas.ts). */
export const INSTANT_FIELDS: Readonly<Record<EventType, readonly string[]>> = Object.fromEntries(
  EVENT_TYPES.map((t) => {
    const properties = (EVENT_DATA_SCHEMAS[t] as TSchema).properties as Record<string, TSchema> | undefined;
    const fields = Object.entries(properties ?? {}).filter(([, schema]) => schema.pattern === INSTANT_PATTERN);
    return [t, fields.map(([name]) => name)];
  }),
) as unknown as Record<EventType, readonly string[]>;

/** Schema versions of `data` the engine knows, per type. Only version 1 exists so far. */
export const KNOWN_VERSIONS: Readonly<Record<EventType, readonly number[]>> = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, [1]]),
) as unknown as Record<EventType, readonly number[]>;

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

export type EventMetadata = Record<string, unknown>;

/** A parsed, valid event. `version` is filled in (default 1). */
export type DomainEvent<K extends EventType = EventType> = K extends EventType
  ? {
      eventId: string;
      type: K;
      version: number;
      occurredAt: string;
      data: EventDataMap[K];
      metadata?: EventMetadata;
    }
  : never;

export type EventOf<K extends EventType> = DomainEvent<K>;

function envelopeOf<K extends EventType>(type: K, data: TSchema) {
  return Type.Object(
    {
      eventId: Type.String({ pattern: UUID_PATTERN, description: 'a UUID, the idempotency key' }),
      type: Type.Literal(type),
      version: Type.Optional(Type.Integer({ minimum: 1, maximum: 1, default: 1, description: 'schema version 1' })),
      occurredAt: Instant(),
      data,
      metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'an object' })),
    },
    { additionalProperties: false, title: type },
  );
}

/** The JSON Schema of the complete envelope of each type (for the OpenAPI document). */
export const EVENT_ENVELOPE_SCHEMAS = Object.fromEntries(
  EVENT_TYPES.map((t) => [t, envelopeOf(t, EVENT_DATA_SCHEMAS[t])]),
) as unknown as { [K in EventType]: TSchema };

/** Any event envelope: one of the per-type envelopes. */
export const EventEnvelopeSchema = Type.Union(
  EVENT_TYPES.map((t) => EVENT_ENVELOPE_SCHEMAS[t]),
  { description: 'an event envelope' },
);

/** A batch as posted: `{"events": [ … ]}`. */
export const EventBatchSchema = Type.Object(
  { events: Type.Array(EventEnvelopeSchema, { minItems: 1 }) },
  { additionalProperties: false },
);
