import { Kysely, PostgresDialect } from 'kysely';
import type { Pool } from 'pg';
import type { KyselyTables } from '../model/table';
import type { CONSUMPTION_SCHEMA, consumptionTables } from '../read-models/consumption';
import type { DIRECTORY_SCHEMA, directoryTables } from '../read-models/directory';

/** Numeric columns come back as strings (see @reckon/database's type parsers); ids are text. */
type Numeric = string;

export interface FundsTable {
  partner_id: string;
  currency: string;
  allocated: Numeric;
  reclaimed: Numeric;
  spent: Numeric;
  returned: Numeric;
  available: Numeric;
  last_position: string;
}

export interface QuotaBalanceTable {
  partner_id: string;
  currency: string;
  granted: Numeric;
  issued: Numeric;
  reclaimed: Numeric;
  returned: Numeric;
  available: Numeric;
  last_position: string;
}

export interface VoucherQuotaTable {
  quota_id: string;
  partner_id: string;
  grantor_id: string;
  currency: string;
  granted: Numeric;
  issued: Numeric;
  reclaimed: Numeric;
  returned: Numeric;
  available: Numeric;
  expires_at: Date | null;
  granted_at: Date;
  last_position: string;
}

export interface OperationTable {
  position: string;
  quota_id: string;
  kind: string;
  occurred_at: Date;
  recorded_at: Date;
  customer_id: string | null;
  customer_name: string | null;
  voucher_id: string | null;
  amount: Numeric;
  quota_left_after: Numeric;
  actor: string | null;
  event_id: string;
}

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
  HandWritten;

/** The directory's public tables (its closed periods and enrolments are its own business). */
type PublicDirectoryTables = Pick<typeof directoryTables, 'partners' | 'customers' | 'customer_associations'>;

/** Tables of projections not declared yet (model/projection.ts). */
interface HandWritten {
  'rm_balances.reseller_funds': FundsTable;
  'rm_balances.voucher_quota_balances': QuotaBalanceTable;
  'rm_balances.voucher_quotas': VoucherQuotaTable;
  'rm_balances.voucher_quota_operations': OperationTable;
  'rm_subscriptions.subscriptions': SubscriptionTable;
  'rm_subscriptions.subscription_orders': SubscriptionOrderTable;
}

export type ReadModelDb = Kysely<ReadModelDatabase>;

/** A Kysely instance over the pool (it does not own the pool: `destroy()` is not needed). */
export function readModelDb(pool: Pool): ReadModelDb {
  return new Kysely<ReadModelDatabase>({ dialect: new PostgresDialect({ pool }) });
}
