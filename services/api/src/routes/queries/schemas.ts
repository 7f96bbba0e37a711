/** JSON schemas of the query answers (validation of nothing, serialisation and the OpenAPI document). */

const amount = (description: string) => ({ type: 'string', description: `${description} (decimal string)` }) as const;
const instant = (description: string) =>
  ({ type: 'string', format: 'date-time', description: `${description} (ISO-8601; UTC unless ?tz=partner)` }) as const;
const nullable = <T extends { type: string }>(schema: T) => ({ ...schema, type: [schema.type, 'null'] }) as const;

const figureProperties = {
  consumption: amount('Σ OrderPlaced.amount + Σ positive SpecChanged.amount + Σ OnDemandCharged.amount'),
  refunds: {
    type: 'object',
    required: ['refundOrders', 'specChangeRebates', 'total'],
    properties: {
      refundOrders: amount('Σ OrderRefunded.amount'),
      specChangeRebates: amount('Σ |negative SpecChanged.amount|'),
      total: amount('refundOrders + specChangeRebates'),
    },
  },
  adjustments: amount('Σ AdjustmentPosted.amount (signed)'),
  vouchersUsed: amount('Σ OrderPlaced.voucherAmount'),
  net: amount('consumption − refunds.total + adjustments'),
} as const;
const figureNames = ['consumption', 'refunds', 'adjustments', 'vouchersUsed', 'net'] as const;

export const consumptionSchema = {
  type: 'object',
  required: ['partnerId', 'period', 'currency', ...figureNames, 'customers'],
  properties: {
    partnerId: { type: 'string' },
    period: { type: 'string', description: 'booking period YYYY-MM' },
    currency: { type: 'string' },
    ...figureProperties,
    customers: {
      type: 'array',
      description: 'the same figures per customer of the partner in that period, by customerId',
      items: {
        type: 'object',
        required: ['customerId', 'customerName', ...figureNames],
        properties: { customerId: { type: 'string' }, customerName: { type: ['string', 'null'] }, ...figureProperties },
      },
    },
  },
} as const;

/** CSV columns of the customers of a consumption answer. */
export const CONSUMPTION_CSV_COLUMNS = [
  'customerId',
  'customerName',
  'consumption',
  'refunds.refundOrders',
  'refunds.specChangeRebates',
  'refunds.total',
  'adjustments',
  'vouchersUsed',
  'net',
] as const;

const fiveFigures = (names: readonly string[], description: string) =>
  ({
    type: 'object',
    description,
    required: names,
    properties: Object.fromEntries(names.map((name) => [name, amount(name)])),
  }) as const;

export const balanceSchema = {
  type: 'object',
  required: ['partnerId', 'currency', 'funds', 'voucherQuota'],
  properties: {
    partnerId: { type: 'string' },
    currency: { type: 'string' },
    funds: fiveFigures(
      ['allocated', 'reclaimed', 'spent', 'returned', 'available'],
      'reseller funds: available = allocated − reclaimed − spent + returned',
    ),
    voucherQuota: fiveFigures(
      ['granted', 'issued', 'reclaimed', 'returned', 'available'],
      'voucher quota held by the partner, over all its quotas',
    ),
  },
} as const;

const operationSchema = {
  type: 'object',
  required: [
    'time',
    'quotaId',
    'kind',
    'customerId',
    'customerName',
    'voucherId',
    'amount',
    'quotaLeftAfter',
    'actor',
    'position',
  ],
  properties: {
    time: instant('business time (occurredAt) of the operation'),
    quotaId: { type: 'string' },
    kind: { type: 'string', enum: ['granted', 'issued', 'reclaimed', 'revoked'] },
    customerId: { type: ['string', 'null'] },
    customerName: { type: ['string', 'null'] },
    voucherId: { type: ['string', 'null'] },
    amount: amount('the amount the operation moved'),
    quotaLeftAfter: amount('what was left of the quota after it'),
    actor: { type: ['string', 'null'], description: 'who appended the event (JSON of the metadata actor)' },
    position: { type: 'integer', description: 'global log position of the event' },
  },
} as const;

export const OPERATION_CSV_COLUMNS = operationSchema.required;

export const operationsPageSchema = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', description: 'newest first', items: operationSchema },
    nextCursor: { type: ['string', 'null'], description: 'null on the last page' },
  },
} as const;

const subscriptionSchema = {
  type: 'object',
  required: [
    'resourceId',
    'customerId',
    'orderId',
    'productType',
    'termEnd',
    'autoRenew',
    'status',
    'releasedAt',
    'lastRefund',
    'renewalHistory',
  ],
  properties: {
    resourceId: { type: 'string' },
    customerId: { type: 'string' },
    orderId: { type: 'string', description: 'the order that bought or last renewed the resource' },
    productType: { type: 'string' },
    spec: { description: 'the resource spec as last ordered or changed' },
    termEnd: instant('expiry of the current term'),
    autoRenew: { type: 'boolean' },
    status: { type: 'string', description: 'active, or released after an unsubscribe refund' },
    releasedAt: nullable(instant('when an unsubscribe refund released it')),
    lastRefund: {
      type: ['object', 'null'],
      required: ['refundId', 'reason'],
      properties: { refundId: { type: 'string' }, reason: { type: 'string' } },
    },
    renewalHistory: {
      type: 'array',
      description: 'the orders of the resource, oldest first: the first purchase, then each renewal',
      items: {
        type: 'object',
        required: ['orderId', 'renewalOf', 'placedAt', 'termEnd'],
        properties: {
          orderId: { type: 'string' },
          renewalOf: { type: ['string', 'null'] },
          placedAt: instant('occurredAt of the order'),
          termEnd: instant('term end of the order'),
        },
      },
    },
  },
} as const;

export const SUBSCRIPTION_CSV_COLUMNS = [
  'resourceId',
  'customerId',
  'orderId',
  'productType',
  'spec',
  'termEnd',
  'autoRenew',
  'status',
  'releasedAt',
  'lastRefund.refundId',
  'lastRefund.reason',
  'renewalHistory',
] as const;

export const subscriptionsPageSchema = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: {
    items: { type: 'array', description: 'soonest term end first', items: subscriptionSchema },
    nextCursor: { type: ['string', 'null'], description: 'null on the last page' },
  },
} as const;
