export { ProjectionApplier } from './applier';
export { type BatchApplier, type CatchUpOptions, catchUp } from './catch-up';
export { type Checkpoint, readCheckpoint, type Stall } from './checkpoint';
export { CheckpointMovedError, EventFoldError, ProjectionError, UnknownEventError } from './errors';
export * from './incentives';
export { type ProjectionLag, projectionLag, stalledProjections } from './lag';
export { migrateProjections } from './migrations';
export type { ProjectionContext, ProjectionDefinition, ProjectionHandler, ProjectionMigration } from './projection';
export {
  consumptionOfPartner,
  PARTNER_SUBSCRIPTION_STATUSES,
  type PartnerSubscriptionFilters,
  partnerSubscriptionsPage,
  type SubscriptionPageOptions,
  subscriptionsPage,
} from './queries/api-views';
export {
  Amount,
  ConsumptionFigures,
  CustomerConsumption,
  DEFAULT_PAGE_SIZE,
  Instant,
  MAX_PAGE_SIZE,
  Nullable,
  type Page,
  PageOf,
  PageRequest,
  PartnerBalance,
  PartnerConsumption,
  StringEnum,
  SubscriptionItem,
  VOUCHER_QUOTA_OPERATION_KINDS,
  VoucherQuotaOperation,
} from './queries/contract';
export { type CursorKey, decodeCursor, encodeCursor, listDigest } from './queries/cursor';
export type { ReadModelDatabase, ReadModelDb } from './queries/db';
export { readModelDb } from './queries/db';
export { InvalidCursorError } from './queries/format';
export {
  type CustomerFilters,
  CustomerItem,
  customersPage,
  HeldVoucherQuota,
  heldVoucherQuotasPage,
  Me,
  type PartnerFilters,
  PartnerItem,
  PartnerSubscriptionItem,
  partnersPage,
  ResellerItem,
  resellerIds,
  resellersPage,
} from './queries/partner-centre';
export {
  type CustomerInfo,
  getCustomer,
  getPartner,
  getVoucherQuota,
  type PartnerInfo,
  partnerBalance,
  type VoucherQuotaInfo,
  type VoucherQuotaOperationFilter,
  voucherQuotaOperations,
} from './queries/read-models';
export { BALANCES_SCHEMA, balancesProjection } from './read-models/balances';
export { CONSUMPTION_SCHEMA, consumptionProjection } from './read-models/consumption';
export { DIRECTORY_SCHEMA, directoryProjection } from './read-models/directory';
export { SUBSCRIPTIONS_SCHEMA, subscriptionsProjection } from './read-models/subscriptions';
export {
  type Behind,
  type Difference,
  type RebuildOptions,
  type RebuildPhase,
  type RebuildResult,
  type ReplayOptions,
  type ReplayProgress,
  rebuildProjections,
  type VerifyResult,
  verifyProjections,
} from './rebuild';
export { PROJECTIONS, projectionByName } from './registry';
export {
  lockKey,
  type ProjectionLogger,
  type ProjectionStatus,
  type ProjectionsHandle,
  type StartProjectionsOptions,
  startProjections,
} from './runner';
export * from './statements';
export { minimumCheckpoint, waitForPosition } from './wait';
