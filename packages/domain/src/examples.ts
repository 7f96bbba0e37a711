/**
 * One example envelope per event type (a few types twice), in an order that is valid when posted
 * one by one to an empty log: the examples of docs/events.md, checked by `examples.unit.spec.ts`.
 * Also handy for OpenAPI examples and end-to-end tests.
 */

export interface ExampleEnvelope {
  eventId: string;
  type: string;
  version: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

let n = 0;
function ex(type: string, occurredAt: string, data: Record<string, unknown>): ExampleEnvelope {
  n += 1;
  return {
    eventId: `6f1c2b9e-0a4d-4c7e-8b2f-${String(n).padStart(12, '0')}`,
    type,
    version: 1,
    occurredAt,
    data,
  };
}

export const EXAMPLES: readonly ExampleEnvelope[] = [
  // Partners and customers
  ex('PartnerRegistered', '2026-09-01T09:00:00+08:00', {
    partnerId: 'D100',
    name: 'Huadong Cloud Distribution',
    tier: 'distributor',
    level: 'gold',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  }),
  ex('PartnerRegistered', '2026-09-01T09:05:00+08:00', {
    partnerId: 'R200',
    name: 'Hangzhou Reseller Ltd',
    tier: 'reseller',
    parentId: 'D100',
    level: 'silver',
    timeZone: 'Asia/Shanghai',
    currency: 'CNY',
  }),
  ex('PartnerProgramEnrolled', '2026-09-01T10:00:00+08:00', { partnerId: 'R200', program: 'PCE' }),
  ex('PartnerProgramEnrolled', '2026-09-01T10:00:00+08:00', { partnerId: 'D100', program: 'PCE' }),
  ex('PartnerProgramWithdrawn', '2026-09-15T10:00:00+08:00', { partnerId: 'D100', program: 'PCE' }),
  ex('CustomerAssociated', '2026-09-02T09:00:00+08:00', {
    customerId: 'C300',
    customerName: 'Acme Trading Co',
    partnerId: 'R200',
    associationType: 'resale',
    accountManager: 'Li Lei',
    accountName: 'acme-trading-prod',
  }),
  ex('CustomerAssociated', '2026-09-02T09:30:00+08:00', {
    customerId: 'C301',
    customerName: 'Beta Games',
    partnerId: 'D100',
    associationType: 'referral',
  }),
  ex('AssociationTypeSwitched', '2026-09-20T09:00:00+08:00', {
    customerId: 'C301',
    partnerId: 'D100',
    associationType: 'resale',
  }),
  ex('CustomerDisassociated', '2026-12-31T23:59:59+08:00', { customerId: 'C301', partnerId: 'D100' }),
  // Discounts
  ex('DiscountGranted', '2026-09-03T09:00:00+08:00', {
    discountId: 'DSC1',
    customerId: 'C300',
    rate: '0.15',
    productTypes: ['ecs'],
    validFrom: '2026-09-01T00:00:00+08:00',
    validTo: '2027-08-31T23:59:59+08:00',
  }),
  ex('DiscountChanged', '2026-09-03T09:10:00+08:00', {
    discountId: 'DSC1',
    rate: '0.2',
    effectiveFrom: '2026-11-01T00:00:00+08:00',
  }),
  ex('DiscountRevoked', '2026-09-03T09:20:00+08:00', {
    discountId: 'DSC1',
    effectiveFrom: '2027-01-01T00:00:00+08:00',
  }),
  // Reseller money
  ex('FundsAllocated', '2026-09-04T09:00:00+08:00', {
    allocationId: 'AL1',
    distributorId: 'D100',
    resellerId: 'R200',
    amount: '2000.00',
    currency: 'CNY',
  }),
  ex('FundsReclaimed', '2026-09-04T10:00:00+08:00', {
    reclaimId: 'RC1',
    distributorId: 'D100',
    resellerId: 'R200',
    amount: '300.00',
    currency: 'CNY',
  }),
  ex('VoucherQuotaGranted', '2026-09-05T09:00:00+08:00', {
    quotaId: 'Q1',
    grantorId: 'D100',
    partnerId: 'R200',
    amount: '1000.00',
    currency: 'CNY',
    expiresAt: '2027-06-30T23:59:59+08:00',
  }),
  ex('VoucherQuotaReclaimed', '2026-09-06T09:00:00+08:00', { quotaId: 'Q1', amount: '200.00' }),
  ex('VoucherIssued', '2026-09-10T09:00:00+08:00', {
    voucherId: 'V1',
    quotaId: 'Q1',
    customerId: 'C300',
    amount: '100.00',
    expiresAt: '2027-03-31T23:59:59+08:00',
  }),
  ex('VoucherIssued', '2026-09-10T09:05:00+08:00', {
    voucherId: 'V2',
    quotaId: 'Q1',
    customerId: 'C300',
    amount: '50.00',
    expiresAt: '2027-03-31T23:59:59+08:00',
  }),
  ex('VoucherRevoked', '2026-09-12T09:00:00+08:00', { voucherId: 'V2' }),
  // Orders and consumption
  ex('OrderPlaced', '2026-10-05T10:00:00+08:00', {
    orderId: 'O1',
    customerId: 'C300',
    productType: 'ecs',
    billingMode: 'subscription',
    currency: 'CNY',
    listAmount: '1000.00',
    discountId: 'DSC1',
    amount: '850.00',
    voucherId: 'V1',
    voucherAmount: '100.00',
    resources: [{ resourceId: 'ecs-1', spec: 's6.large.2' }],
    termEnd: '2027-10-05T23:59:59+08:00',
    autoRenew: false,
  }),
  ex('OrderRefunded', '2026-10-10T10:00:00+08:00', {
    refundId: 'RF1',
    orderId: 'O1',
    reason: 'downgrade',
    amount: '100.00',
    resourceIds: ['ecs-1'],
  }),
  ex('SpecChanged', '2026-10-12T10:00:00+08:00', {
    changeId: 'CH1',
    orderId: 'O1',
    resourceId: 'ecs-1',
    fromSpec: 's6.large.2',
    toSpec: 's6.xlarge.2',
    amount: '300.00',
  }),
  ex('AutoRenewSet', '2026-10-15T10:00:00+08:00', { orderId: 'O1', resourceId: 'ecs-1', autoRenew: true }),
  ex('OnDemandCharged', '2026-10-06T00:05:00+08:00', {
    chargeId: 'CHG1',
    customerId: 'C300',
    productType: 'obs',
    resourceId: 'bucket-1',
    usageType: 'storage',
    quantity: '120.5',
    unit: 'GB-day',
    amount: '36.15',
    currency: 'CNY',
    windowStart: '2026-10-05T00:00:00+08:00',
    windowEnd: '2026-10-06T00:00:00+08:00',
  }),
  ex('AdjustmentPosted', '2026-10-20T10:00:00+08:00', {
    adjustmentId: 'ADJ1',
    customerId: 'C300',
    amount: '-20.00',
    currency: 'CNY',
    reason: 'goodwill credit for the outage of 2026-09-28',
    correctsPeriod: '2026-09',
  }),
  // Periods and rules
  ex('BillingPeriodClosed', '2026-10-01T02:00:00+08:00', { period: '2026-09' }),
  ex('IncentiveRulesPublished', '2026-10-01T03:00:00+08:00', {
    version: '2026.1',
    effectiveFrom: '2026-09',
    rules: [
      { id: 'base', rate: '0.03' },
      { id: 'resale-ecs', match: { associationType: 'resale', productType: 'ecs' }, rate: '0.05' },
      { id: 'gold-subscription', match: { partnerLevel: 'gold', billingMode: 'subscription' }, rate: '0.04' },
    ],
    tiers: [
      { minNet: '0', bonusRate: '0' },
      { minNet: '100000', bonusRate: '0.01' },
    ],
    programs: { PCE: { bonusRate: '0.02' } },
  }),
  ex('StatementRevisionPublished', '2026-10-02T09:00:00+08:00', {
    partnerId: 'R200',
    period: '2026-09',
    revision: 2,
    rulesVersion: '2026.1',
    totalBefore: '0.00',
    totalAfter: '0.00',
  }),
  // Partner profile (SPEC §6): last, so that the ids of the examples above stay as they were.
  ex('PartnerProfileChanged', '2026-10-03T09:00:00+08:00', {
    partnerId: 'D100',
    timeZone: 'Asia/Hong_Kong',
    language: 'zh-CN',
    level: 'platinum',
  }),
  // Product catalogue
  ex('MeasureUnitRegistered', '2026-10-03T09:00:00+08:00', {
    unit: 'MB',
    dimension: 'data',
    baseUnit: 'MB',
    factor: '1',
  }),
  ex('MeasureUnitRegistered', '2026-10-03T09:01:00+08:00', {
    unit: 'GB',
    dimension: 'data',
    baseUnit: 'MB',
    factor: '1024',
  }),
  ex('ProductTypeRegistered', '2026-10-03T09:02:00+08:00', {
    productType: 'obs',
    name: 'Object Storage Service',
    resourceTypes: ['bucket'],
  }),
  ex('UsageTypeRegistered', '2026-10-03T09:03:00+08:00', { usageType: 'traffic', productType: 'obs', unit: 'GB' }),
  ex('OnDemandCharged', '2026-10-07T00:05:00+08:00', {
    chargeId: 'CHG2',
    customerId: 'C300',
    productType: 'obs',
    resourceId: 'bucket-1',
    usageType: 'traffic',
    quantity: '512',
    unit: 'MB',
    amount: '0.25',
    currency: 'CNY',
    windowStart: '2026-10-06T00:00:00+08:00',
    windowEnd: '2026-10-07T00:00:00+08:00',
  }),
  // Marketplace (云商店): D100 sells, a partial refund, billed, supervision released.
  ex('MarketplaceTransactionRecorded', '2026-10-08T09:00:00+08:00', {
    transactionId: 'MT1',
    orderId: 'MO1',
    partnerId: 'D100',
    customerName: 'Acme Trading Co',
    productName: 'Cloud backup appliance',
    kind: 'purchase',
    amount: '100.05',
    currency: 'CNY',
    commissionRate: '0.05',
    supervised: true,
  }),
  ex('MarketplaceTransactionRecorded', '2026-10-09T09:00:00+08:00', {
    transactionId: 'MT2',
    orderId: 'MO1',
    partnerId: 'D100',
    customerName: 'Acme Trading Co',
    productName: 'Cloud backup appliance',
    kind: 'refund',
    amount: '-20.00',
    currency: 'CNY',
    commissionRate: '0.05',
    refundOf: 'MT1',
    supervised: false,
  }),
  ex('MarketplaceTransactionBilled', '2026-10-10T09:00:00+08:00', { transactionId: 'MT1' }),
  ex('MarketplaceSupervisionReleased', '2026-10-11T09:00:00+08:00', { transactionId: 'MT1' }),
];
