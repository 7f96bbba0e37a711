import { Kysely, PostgresDialect } from 'kysely';
import type { Pool } from 'pg';
import type { KyselyTables } from '../model/table';
import type { BALANCES_SCHEMA, balancesTables } from '../read-models/balances';
import type { CONSUMPTION_SCHEMA, consumptionTables } from '../read-models/consumption';
import type { DIRECTORY_SCHEMA, directoryTables } from '../read-models/directory';

/** Numeric columns come back as strings (see @reckon/database's type parsers); ids are text. */
type Numeric = string;

export interface SubscriptionTable {
  customer_id: string;
  resource_id: string;
  order_id: string;
  first_order_id: string;
  product_type: string;
  spec: unknown;
  term_end: Date;
  auto_renew: boolean;
  status: string;
  renewals: number;
  placed_at: Date;
  released_at: Date | null;
  last_refund_id: string | null;
  last_refund_reason: string | null;
  updated_position: string;
}

export interface SubscriptionOrderTable {
  order_id: string;
  resource_id: string;
  customer_id: string;
  product_type: string;
  renewal_of: string | null;
  term_end: Date;
  auto_renew: boolean;
  placed_at: Date;
  refund_id: string | null;
  refund_reason: string | null;
  refunded_at: Date | null;
  position: string;
}

/** The public read-model tables (docs/read-models.md), as Kysely sees them. */
export type ReadModelDatabase = KyselyTables<typeof DIRECTORY_SCHEMA, PublicDirectoryTables> &
  KyselyTables<typeof CONSUMPTION_SCHEMA, Pick<typeof consumptionTables, 'consumption_summary'>> &
  KyselyTables<typeof BALANCES_SCHEMA, PublicBalancesTables> &
  HandWritten;

/** The directory's public tables (its closed periods and enrolments are its own business). */
type PublicDirectoryTables = Pick<typeof directoryTables, 'partners' | 'customers' | 'customer_associations'>;

/** The balances' public tables (its orders, partners and vouchers are its own business). */
type PublicBalancesTables = Pick<
  typeof balancesTables,
  'reseller_funds' | 'voucher_quota_balances' | 'voucher_quotas' | 'voucher_quota_operations'
>;

/** Tables of projections not declared yet (model/projection.ts). */
interface HandWritten {
  'rm_subscriptions.subscriptions': SubscriptionTable;
  'rm_subscriptions.subscription_orders': SubscriptionOrderTable;
}

export type ReadModelDb = Kysely<ReadModelDatabase>;

/** A Kysely instance over the pool (it does not own the pool: `destroy()` is not needed). */
export function readModelDb(pool: Pool): ReadModelDb {
  return new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool }) });
}
