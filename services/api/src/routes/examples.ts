/**
 * Example answers of the routes for the OpenAPI document, about the partners, customers and
 * orders of the domain's EXAMPLES (reseller R200 of distributor D100, its customer C300, order O1).
 * The contract test checks each against its schema, so an example cannot drift from the answer.
 */

import { EXAMPLES, type ExampleEnvelope } from '@reckon/domain';
import type {
  AssociationRecord,
  CustomerItem,
  DiscountItem,
  FundOperation,
  HeldVoucherQuota,
  IncentiveItem,
  MarketplaceSummary,
  MarketplaceTransaction,
  Me,
  MeasureUnitItem,
  OnDemandItem,
  Page,
  PartnerBalance,
  PartnerConsumption,
  PartnerItem,
  PartnerMonthlyConsumption,
  PartnerSubscriptionItem,
  ProductTypeItem,
  PublishedRevision,
  RefundSource,
  ResellerItem,
  Statement,
  StatementDraft,
  StatementRevisionItem,
  StatementSummary,
  SubscriptionItem,
  UsageTypeItem,
  VoucherItem,
  VoucherQuotaOperation,
} from '@reckon/projections';
import type { ProblemExample } from './responses.js';
import type { StoredEvent } from './schemas.js';

export const CONSUMPTION_EXAMPLE: PartnerConsumption = {
  partnerId: 'R200',
  period: '2026-10',
  currency: 'CNY',
  consumption: '970.00',
  refunds: { refundOrders: '100.00', specChangeRebates: '0.00', total: '100.00' },
  adjustments: '-10.00',
  vouchersUsed: '100.00',
  net: '860.00',
  customers: [
    {
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      consumption: '970.00',
      refunds: { refundOrders: '100.00', specChangeRebates: '0.00', total: '100.00' },
      adjustments: '-10.00',
      vouchersUsed: '100.00',
      net: '860.00',
    },
  ],
};

const ZERO_FIGURES = {
  consumption: '0.00',
  refunds: { refundOrders: '0.00', specChangeRebates: '0.00', total: '0.00' },
  adjustments: '0.00',
  vouchersUsed: '0.00',
  net: '0.00',
};

export const MONTHLY_CONSUMPTION_EXAMPLE: PartnerMonthlyConsumption = {
  partnerId: 'R200',
  currency: 'CNY',
  items: [
    { period: '2026-08', ...ZERO_FIGURES, customerCount: 0 },
    { period: '2026-09', ...ZERO_FIGURES, consumption: '120.00', net: '120.00', customerCount: 1 },
    {
      period: '2026-10',
      consumption: '970.00',
      refunds: { refundOrders: '100.00', specChangeRebates: '0.00', total: '100.00' },
      adjustments: '-10.00',
      vouchersUsed: '100.00',
      net: '860.00',
      customerCount: 1,
    },
  ],
};

export const BALANCE_EXAMPLE: PartnerBalance = {
  partnerId: 'R200',
  currency: 'CNY',
  funds: { allocated: '2000.00', reclaimed: '300.00', spent: '750.00', returned: '100.00', available: '1050.00' },
  voucherQuota: { granted: '1000.00', issued: '150.00', reclaimed: '200.00', returned: '50.00', available: '700.00' },
};

const ADMIN_ACTOR = { kind: 'api-key', keyId: 'k-ops', role: 'admin' };

export const OPERATIONS_EXAMPLE: Page<VoucherQuotaOperation> = {
  items: [
    {
      time: '2026-09-10T01:00:00.000Z',
      quotaId: 'Q1',
      kind: 'issued',
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      voucherId: 'V1',
      amount: '100.00',
      quotaLeftAfter: '700.00',
      actor: ADMIN_ACTOR,
      position: 21,
      currency: 'CNY',
    },
    {
      time: '2026-09-06T01:00:00.000Z',
      quotaId: 'Q1',
      kind: 'reclaimed',
      customerId: null,
      customerName: null,
      voucherId: null,
      amount: '200.00',
      quotaLeftAfter: '800.00',
      actor: ADMIN_ACTOR,
      position: 20,
      currency: 'CNY',
    },
  ],
  nextCursor: 'eyJhIjpbMjBdLCJmIjoiM2Q5ZjBjNmE3YjFlIn0',
};

export const SUBSCRIPTIONS_EXAMPLE: Page<SubscriptionItem> = {
  items: [
    {
      resourceId: 'ecs-1',
      customerId: 'C300',
      orderId: 'O1',
      productType: 'ecs',
      spec: 's6.xlarge.2',
      termEnd: '2027-10-05T15:59:59.000Z',
      autoRenew: true,
      status: 'active',
      releasedAt: null,
      lastRefund: null,
      renewalHistory: [
        { orderId: 'O1', renewalOf: null, placedAt: '2026-10-05T02:00:00.000Z', termEnd: '2027-10-05T15:59:59.000Z' },
      ],
    },
  ],
  nextCursor: null,
};

export const INCENTIVE_ITEM_EXAMPLE: IncentiveItem = {
  sourceType: 'OrderPlaced',
  sourceId: 'O1',
  orderId: 'O1',
  customerId: 'C300',
  customerName: 'Acme Trading Co',
  accountManager: 'Li Lei',
  productType: 'ecs',
  billingMode: 'subscription',
  associationType: 'resale',
  period: '2026-10',
  correctsPeriod: null,
  rulesVersion: '2026.10',
  base: '750.00',
  rate: '0.08',
  amount: '60.00',
  status: 'estimated',
  occurredAt: '2026-10-05T02:00:00.000Z',
  currency: 'CNY',
  positions: [21, 4, 9],
};

export const INCENTIVES_EXAMPLE: Page<IncentiveItem> = {
  items: [
    INCENTIVE_ITEM_EXAMPLE,
    {
      ...INCENTIVE_ITEM_EXAMPLE,
      sourceType: 'OrderRefunded',
      sourceId: 'RF1',
      base: '-100.00',
      amount: '-8.00',
    },
  ],
  nextCursor: 'eyJhIjpbIjIwMjYtMTAiLDI3XSwiZiI6IjkxYzJlNGQwOGE3NyJ9',
};

export const STATEMENT_EXAMPLE: Statement = {
  partnerId: 'R200',
  period: '2026-10',
  revision: 1,
  rulesVersion: '2026.10',
  status: 'estimated',
  total: '52.00',
  currency: 'CNY',
  checksum: '9b1f0c3e5d7a2b4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d',
  lines: INCENTIVES_EXAMPLE.items,
};

export const DRAFT_EXAMPLE: StatementDraft = {
  revision: 2,
  status: 'draft',
  rulesVersion: '2026.11',
  total: '65.00',
  diff: {
    totalBefore: '52.00',
    totalAfter: '65.00',
    difference: '13.00',
    lines: [
      { sourceType: 'OrderPlaced', sourceId: 'O1', before: '60.00', after: '75.00' },
      { sourceType: 'OrderRefunded', sourceId: 'RF1', before: '-8.00', after: '-10.00' },
    ],
  },
};

export const PUBLISHED_EXAMPLE: PublishedRevision = {
  revision: 2,
  status: 'published',
  trueUp: { period: '2026-11', amount: '13.00' },
};

/** The order and the refund of the domain's examples, as the audit view shows them in `order-O1`. */
const [ORDER, REFUND] = (['OrderPlaced', 'OrderRefunded'] as const).map((type) => {
  const found = EXAMPLES.find((example) => example.type === type);
  if (!found) throw new Error(`EXAMPLES has no ${type}`);
  return found;
}) as [ExampleEnvelope, ExampleEnvelope];
const metadata = (requestId: string) => ({ actor: { kind: 'api-key', keyId: 'k-ops', role: 'admin' }, requestId });

export const STREAM_EXAMPLE: { streamId: string; version: number; items: StoredEvent[]; nextCursor: string | null } = {
  streamId: 'order-O1',
  version: 3,
  items: [
    {
      ...ORDER,
      streamId: 'order-O1',
      streamPosition: 1,
      globalPosition: 24,
      recordedAt: '2026-10-05T02:00:00.412Z',
      metadata: metadata('req-7f3a'),
    },
    {
      ...REFUND,
      streamId: 'order-O1',
      streamPosition: 2,
      linkedFrom: { streamId: `refund-${REFUND.data.refundId}`, streamPosition: 1 },
      globalPosition: 25,
      recordedAt: '2026-10-10T02:00:00.087Z',
      metadata: metadata('req-8c21'),
    },
  ],
  nextCursor: 'eyJhIjpbM10sImYiOiI1YjBhZTI4YzE0ZDkifQ',
};

/** The 503 of a query whose `minPosition` the projections did not reach in time. */
export const NOT_REACHED: ProblemExample = {
  kind: 'not-ready',
  detail: 'the projections have reached position 41, not yet 42 (waited 5000 ms); retry',
  members: { minPosition: 42, position: 41 },
};

/** The 400 of a list given a cursor with other filters than the page that issued it. */
export const CURSOR_OTHER_FILTERS =
  'cursor was issued for other filters than these; send the filters of the first page with it, or start again without a cursor';

export const ME_EXAMPLE: Me = {
  role: 'partner',
  partnerId: 'D100',
  partnerName: 'Huadong Cloud Distribution',
  tier: 'distributor',
  timeZone: 'Asia/Shanghai',
  language: 'zh-CN',
  resellers: ['R200'],
};

export const PARTNERS_EXAMPLE: Page<PartnerItem> = {
  items: [
    {
      partnerId: 'D100',
      name: 'Huadong Cloud Distribution',
      tier: 'distributor',
      parentId: null,
      level: 'gold',
      timeZone: 'Asia/Shanghai',
      language: 'zh-CN',
      currency: 'CNY',
      programs: [],
    },
    {
      partnerId: 'R200',
      name: 'Hangzhou Reseller Ltd',
      tier: 'reseller',
      parentId: 'D100',
      level: 'silver',
      timeZone: 'Asia/Shanghai',
      language: null,
      currency: 'CNY',
      programs: ['PCE'],
    },
  ],
  nextCursor: null,
};

export const CUSTOMERS_EXAMPLE: Page<CustomerItem> = {
  items: [
    {
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      accountName: 'acme-trading-prod',
      associationType: 'resale',
      accountManager: 'Li Lei',
      associatedAt: '2026-09-02T01:00:00.000Z',
    },
  ],
  nextCursor: null,
};

export const ASSOCIATION_RECORDS_EXAMPLE: Page<AssociationRecord> = {
  items: [
    {
      time: '2026-10-15T02:00:00.000Z',
      kind: 'switched',
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      associationType: 'referral',
      actor: { kind: 'api-key', role: 'partner', keyId: 'key-5f2a9c01d7e4', partnerId: 'R200' },
    },
    {
      time: '2026-09-02T01:00:00.000Z',
      kind: 'associated',
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      associationType: 'resale',
      actor: { kind: 'api-key', role: 'admin', keyId: 'key-3c81e0b94a27' },
    },
  ],
  nextCursor: null,
};

export const RESELLERS_EXAMPLE: Page<ResellerItem> = {
  items: [
    {
      partnerId: 'R200',
      name: 'Hangzhou Reseller Ltd',
      currency: 'CNY',
      funds: { allocated: '5000.00', reclaimed: '0.00', spent: '870.00', returned: '100.00', available: '4230.00' },
      voucherQuota: {
        granted: '1000.00',
        issued: '300.00',
        reclaimed: '200.00',
        returned: '0.00',
        available: '500.00',
      },
    },
  ],
  nextCursor: null,
};

export const FUND_OPERATIONS_EXAMPLE: Page<FundOperation> = {
  items: [
    {
      time: '2026-10-20T06:00:00.000Z',
      kind: 'returned',
      amount: '100.00',
      availableAfter: '4230.00',
      sourceType: 'refund',
      sourceId: 'RF1',
      distributorId: 'D100',
      resellerId: 'R200',
      currency: 'CNY',
    },
    {
      time: '2026-10-05T02:00:00.000Z',
      kind: 'spent',
      amount: '870.00',
      availableAfter: '4130.00',
      sourceType: 'order',
      sourceId: 'O1',
      distributorId: 'D100',
      resellerId: 'R200',
      currency: 'CNY',
    },
    {
      time: '2026-09-01T01:00:00.000Z',
      kind: 'allocated',
      amount: '5000.00',
      availableAfter: '5000.00',
      sourceType: 'allocation',
      sourceId: 'AL1',
      distributorId: 'D100',
      resellerId: 'R200',
      currency: 'CNY',
    },
  ],
  nextCursor: null,
};

export const VOUCHERS_EXAMPLE: Page<VoucherItem> = {
  items: [
    {
      voucherId: 'V1',
      quotaId: 'Q1',
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      amount: '300.00',
      used: '100.00',
      remaining: '200.00',
      expiresAt: '2027-03-31T15:59:59.000Z',
      status: 'active',
      currency: 'CNY',
    },
  ],
  nextCursor: null,
};

export const DISCOUNTS_EXAMPLE: Page<DiscountItem> = {
  items: [
    {
      discountId: 'DSC1',
      customerId: 'C300',
      customerName: 'Acme Trading Co',
      rate: '0.12',
      productTypes: ['ecs'],
      validFrom: '2026-08-31T16:00:00.000Z',
      validTo: '2027-08-31T15:59:59.000Z',
      revokedFrom: null,
      changes: [
        { rate: '0.15', effectiveFrom: '2026-08-31T16:00:00.000Z' },
        { rate: '0.12', effectiveFrom: '2026-10-31T16:00:00.000Z' },
      ],
    },
  ],
  nextCursor: null,
};

export const HELD_QUOTAS_EXAMPLE: Page<HeldVoucherQuota> = {
  items: [
    {
      quotaId: 'Q1',
      grantorId: 'D100',
      currency: 'CNY',
      granted: '1000.00',
      issued: '300.00',
      reclaimed: '200.00',
      returned: '0.00',
      available: '500.00',
      expiresAt: '2027-06-30T15:59:59.000Z',
      grantedAt: '2026-09-05T01:00:00.000Z',
    },
  ],
  nextCursor: null,
};

export const STATEMENTS_EXAMPLE: Page<StatementSummary> = {
  items: [
    {
      period: '2026-10',
      revision: 2,
      rulesVersion: '2026.11',
      status: 'confirmed',
      total: '55.00',
      currency: 'CNY',
      revisions: 2,
    },
  ],
  nextCursor: null,
};

export const REVISIONS_EXAMPLE: Page<StatementRevisionItem> = {
  items: [
    {
      revision: 1,
      rulesVersion: '2026.10',
      status: 'superseded',
      total: '52.00',
      checksum: '9b1f0c3e5d7a2b4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d',
      currency: 'CNY',
    },
    {
      revision: 2,
      rulesVersion: '2026.11',
      status: 'confirmed',
      total: '55.00',
      checksum: '3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d9b1f0c3e5d7a2b4c6e8f0a1b',
      currency: 'CNY',
    },
  ],
  nextCursor: null,
};

export const PARTNER_SUBSCRIPTIONS_EXAMPLE: Page<PartnerSubscriptionItem> = {
  items: SUBSCRIPTIONS_EXAMPLE.items.map((item) => ({ ...item, customerName: 'Acme Trading Co' })),
  nextCursor: null,
};

export const PRODUCT_TYPES_EXAMPLE: Page<ProductTypeItem> = {
  items: [
    {
      productType: 'obs',
      name: 'Object Storage Service',
      resourceTypes: ['bucket'],
      registeredAt: '2026-10-03T01:02:00.000Z',
    },
  ],
  nextCursor: null,
};

export const USAGE_TYPES_EXAMPLE: Page<UsageTypeItem> = {
  items: [
    {
      usageType: 'traffic',
      productType: 'obs',
      unit: 'GB',
      dimension: 'data',
      registeredAt: '2026-10-03T01:03:00.000Z',
    },
  ],
  nextCursor: null,
};

export const MEASURE_UNITS_EXAMPLE: Page<MeasureUnitItem> = {
  items: [
    {
      unit: 'GB',
      dimension: 'data',
      baseUnit: 'MB',
      factor: '1024',
      rootUnit: 'MB',
      toRoot: '1024',
      registeredAt: '2026-10-03T01:01:00.000Z',
    },
    {
      unit: 'MB',
      dimension: 'data',
      baseUnit: 'MB',
      factor: '1',
      rootUnit: 'MB',
      toRoot: '1',
      registeredAt: '2026-10-03T01:00:00.000Z',
    },
  ],
  nextCursor: null,
};

/** The two charges of C300 (R200's customer) in the domain's examples: 120.5 GB-day of storage, 512 MB of traffic = 0.5 GB. */
export const ON_DEMAND_EXAMPLE: Page<OnDemandItem> = {
  items: [
    {
      period: '2026-10',
      resourceId: 'bucket-1',
      customerId: 'C300',
      productType: 'obs',
      usageType: 'storage',
      unit: 'GB-day',
      quantity: '120.5',
      amount: '36.15',
      currency: 'CNY',
      charges: 1,
    },
    {
      period: '2026-10',
      resourceId: 'bucket-1',
      customerId: 'C300',
      productType: 'obs',
      usageType: 'traffic',
      unit: 'GB',
      quantity: '0.5',
      amount: '0.25',
      currency: 'CNY',
      charges: 1,
    },
  ],
  nextCursor: null,
};

export const MARKETPLACE_TRANSACTIONS_EXAMPLE: Page<MarketplaceTransaction> = {
  items: [
    {
      transactionId: 'MT2',
      orderId: 'MO1',
      period: '2026-10',
      correctsPeriod: null,
      occurredAt: '2026-10-09T01:00:00.000Z',
      productName: 'Cloud backup appliance',
      customerName: 'Acme Trading Co',
      kind: 'refund',
      amount: '-20.00',
      commissionRate: '0.05',
      commission: '-1.00',
      partnerShare: '-19.00',
      currency: 'CNY',
      billingStatus: 'unbilled',
      supervisionStatus: 'none',
    },
    {
      transactionId: 'MT1',
      orderId: 'MO1',
      period: '2026-10',
      correctsPeriod: null,
      occurredAt: '2026-10-08T01:00:00.000Z',
      productName: 'Cloud backup appliance',
      customerName: 'Acme Trading Co',
      kind: 'purchase',
      amount: '100.05',
      commissionRate: '0.05',
      commission: '5.00',
      partnerShare: '95.05',
      currency: 'CNY',
      billingStatus: 'billed',
      supervisionStatus: 'released',
    },
  ],
  nextCursor: null,
};

export const MARKETPLACE_SUMMARY_EXAMPLE: MarketplaceSummary = {
  period: '2026-10',
  currency: 'CNY',
  amount: '80.05',
  commission: '4.00',
  partnerShare: '76.05',
  billed: '95.05',
  unbilled: '-19.00',
  supervised: '0.00',
};

export const REFUND_SOURCES_EXAMPLE: Page<RefundSource> = {
  items: [
    {
      sourceType: 'SpecChanged',
      sourceId: 'SC2',
      orderId: 'O1',
      customerId: 'C500',
      resourceIds: ['i-abc123'],
      reason: null,
      amount: '5.00',
      cashPart: '0.00',
      voucherPart: '5.00',
      period: '2026-10',
      time: '2026-10-25T06:00:00.000Z',
      currency: 'CNY',
      correctsPeriod: null,
    },
    {
      sourceType: 'OrderRefunded',
      sourceId: 'RF1',
      orderId: 'O1',
      customerId: 'C500',
      resourceIds: ['i-abc123'],
      reason: 'unsubscribe',
      amount: '80.00',
      cashPart: '70.00',
      voucherPart: '10.00',
      period: '2026-10',
      time: '2026-10-20T06:00:00.000Z',
      currency: 'CNY',
      correctsPeriod: null,
    },
  ],
  nextCursor: null,
};
