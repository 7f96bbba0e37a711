export { ProjectionApplier } from './applier.js';
export { type BatchApplier, type CatchUpOptions, catchUp } from './catch-up.js';
export { assertBillingZone, type Checkpoint, readCheckpoint, type Stall } from './checkpoint.js';
export {
  BillingZoneError,
  CheckpointMovedError,
  EventFoldError,
  ProjectionError,
  UnknownEventError,
} from './errors.js';
export * from './incentives/index.js';
export { type ProjectionLag, projectionLag, stalledProjections } from './lag.js';
export { migrateProjections } from './migrations.js';
export type { ProjectionContext, ProjectionDefinition, ProjectionHandler, ProjectionMigration } from './projection.js';
export {
  consumptionOfPartner,
  monthlyConsumptionOfPartner,
  type PartnerSubscriptionFilters,
  partnerSubscriptionsPage,
  type SubscriptionPageOptions,
  subscriptionsPage,
} from './queries/api-views.js';
export {
  MeasureUnitItem,
  measureUnitsPage,
  type OnDemandFilters,
  OnDemandItem,
  onDemandPage,
  ProductTypeItem,
  productTypesPage,
  UsageTypeItem,
  usageTypesPage,
} from './queries/catalogue.js';
export {
  Actor,
  Amount,
  ConsumptionFigures,
  CustomerConsumption,
  DEFAULT_PAGE_SIZE,
  Instant,
  MAX_PAGE_SIZE,
  MonthlyConsumption,
  Nullable,
  type Page,
  PageOf,
  PageRequest,
  PartnerBalance,
  PartnerConsumption,
  PartnerMonthlyConsumption,
  StringEnum,
  SUBSCRIPTION_STATUSES,
  SubscriptionItem,
  VOUCHER_QUOTA_OPERATION_KINDS,
  VoucherQuotaOperation,
} from './queries/contract.js';
export { type CursorKey, decodeCursor, encodeCursor, listDigest } from './queries/cursor.js';
export type { ReadModelDatabase, ReadModelDb } from './queries/db.js';
export { readModelDb } from './queries/db.js';
export { InvalidCursorError } from './queries/format.js';
export {
  type MarketplaceFilters,
  MarketplaceSummary,
  MarketplaceTransaction,
  marketplaceSummary,
  marketplaceTransactionsPage,
} from './queries/marketplace.js';
export {
  ASSOCIATION_RECORD_KINDS,
  AssociationRecord,
  type AssociationRecordFilters,
  associationRecordsPage,
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
} from './queries/partner-centre.js';
export {
  DiscountItem,
  discountsPage,
  FUND_OPERATION_KINDS,
  FundOperation,
  type FundOperationFilters,
  type FundOperationKind,
  fundOperationsPage,
  RefundSource,
  type RefundSourceFilters,
  refundSourcesPage,
  VOUCHER_STATUSES,
  type VoucherFilters,
  VoucherItem,
  type VoucherStatus,
  vouchersPage,
} from './queries/partner-money.js';
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
} from './queries/read-models.js';
export { BALANCES_SCHEMA, balancesProjection } from './read-models/balances.js';
export { CATALOGUE_SCHEMA, catalogueProjection } from './read-models/catalogue.js';
export { CONSUMPTION_SCHEMA, consumptionProjection } from './read-models/consumption.js';
export { DIRECTORY_SCHEMA, directoryProjection } from './read-models/directory.js';
export { BILLING_STATUSES, MARKETPLACE_SCHEMA, SUPERVISION_STATUSES } from './read-models/marketplace.js';
export { ON_DEMAND_SCHEMA, onDemandProjection } from './read-models/on-demand.js';
export { SUBSCRIPTIONS_SCHEMA, subscriptionsProjection } from './read-models/subscriptions.js';
export {
  type Behind,
  type Difference,
  nextSchema,
  type RebuildOptions,
  type RebuildPhase,
  type RebuildResult,
  type ReplayOptions,
  type ReplayProgress,
  rebuildProjections,
  rebuildsRunning,
  type VerifyResult,
  verifyProjections,
} from './rebuild.js';
export { PROJECTIONS, projectionByName } from './registry.js';
export {
  lockKey,
  type ProjectionLogger,
  type ProjectionStatus,
  type ProjectionsHandle,
  type StartProjectionsOptions,
  startProjections,
} from './runner.js';
export * from './statements/index.js';
export { minimumCheckpoint, waitForPosition } from './wait.js';
