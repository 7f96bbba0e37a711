import { Kysely, PostgresDialect } from 'kysely';
import type { Pool } from 'pg';
import type { INCENTIVES_SCHEMA, incentivesTables } from '../incentives/schema.js';
import type { KyselyTables } from '../model/table.js';
import type { BALANCES_SCHEMA, balancesTables } from '../read-models/balances.js';
import type { CATALOGUE_SCHEMA, catalogueTables } from '../read-models/catalogue.js';
import type { CONSUMPTION_SCHEMA, consumptionTables } from '../read-models/consumption.js';
import type { DIRECTORY_SCHEMA, directoryTables } from '../read-models/directory.js';
import type { MARKETPLACE_SCHEMA, marketplaceTables } from '../read-models/marketplace.js';
import type { ON_DEMAND_SCHEMA, onDemandTables } from '../read-models/on-demand.js';
import type { SUBSCRIPTIONS_SCHEMA, subscriptionsTables } from '../read-models/subscriptions.js';

/** The public read-model tables (docs/read-models.md), as Kysely sees them. */
export type ReadModelDatabase = KyselyTables<typeof DIRECTORY_SCHEMA, PublicDirectoryTables> &
  KyselyTables<typeof CONSUMPTION_SCHEMA, Pick<typeof consumptionTables, 'consumption_summary'>> &
  KyselyTables<typeof BALANCES_SCHEMA, PublicBalancesTables> &
  KyselyTables<typeof SUBSCRIPTIONS_SCHEMA, typeof subscriptionsTables> &
  KyselyTables<typeof CATALOGUE_SCHEMA, typeof catalogueTables> &
  KyselyTables<typeof ON_DEMAND_SCHEMA, Pick<typeof onDemandTables, 'on_demand_usage'>> &
  KyselyTables<
    typeof MARKETPLACE_SCHEMA,
    Pick<typeof marketplaceTables, 'marketplace_transactions' | 'marketplace_summary'>
  > &
  KyselyTables<
    typeof INCENTIVES_SCHEMA,
    Pick<typeof incentivesTables, 'source_lines' | 'statements' | 'statement_lines' | 'partner_period_net'>
  >;

/** The directory's public tables (its closed periods are its own business). */
type PublicDirectoryTables = Pick<
  typeof directoryTables,
  'partners' | 'partner_programs' | 'customers' | 'customer_associations' | 'association_records'
>;

/** The balances' public tables (its orders and partners are its own business). */
type PublicBalancesTables = Pick<
  typeof balancesTables,
  | 'reseller_funds'
  | 'fund_operations'
  | 'voucher_quota_balances'
  | 'voucher_quotas'
  | 'vouchers'
  | 'voucher_quota_operations'
  | 'discounts'
  | 'discount_rates'
  | 'refund_sources'
>;

export type ReadModelDb = Kysely<ReadModelDatabase>;

/** A Kysely instance over the pool (it does not own the pool: `destroy()` is not needed). */
export function readModelDb(pool: Pool): ReadModelDb {
  return new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool }) });
}
