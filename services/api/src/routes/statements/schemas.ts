/** JSON schemas of the incentive and statement answers (serialisation and the OpenAPI document). */
import { MAX_INTEGER } from '@reckon/domain';

const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const amount = (description: string) => ({ type: 'string', description: `${description} (decimal string)` }) as const;

/** The fields of an incentive line, in order (SPEC §5); also the CSV columns. */
export const INCENTIVE_ITEM_FIELDS = [
  'sourceType',
  'sourceId',
  'orderId',
  'customerId',
  'customerName',
  'accountManager',
  'productType',
  'billingMode',
  'associationType',
  'period',
  'correctsPeriod',
  'rulesVersion',
  'base',
  'rate',
  'amount',
  'status',
] as const;

export const incentiveItemSchema = {
  type: 'object',
  required: [...INCENTIVE_ITEM_FIELDS],
  properties: {
    sourceType: {
      type: 'string',
      enum: ['OrderPlaced', 'OrderRefunded', 'SpecChanged', 'OnDemandCharged', 'TrueUp'],
    },
    sourceId: {
      type: 'string',
      description: 'orderId, refundId, changeId, chargeId, or <period>/r<revision> of a TrueUp',
    },
    orderId: nullableText,
    customerId: nullableText,
    customerName: nullableText,
    accountManager: nullableText,
    productType: nullableText,
    billingMode: nullableText,
    associationType: nullableText,
    period: { type: 'string', description: 'booking period YYYY-MM' },
    correctsPeriod: { ...nullableText, description: 'the closed period a forwarded event or TrueUp belongs to' },
    rulesVersion: nullableText,
    base: amount('what the rate applies to: the cash part, negative for refunds and rebates'),
    rate: amount('rule rate + tier bonus + programme bonuses (0 when no rule matches)'),
    amount: amount('round_half_up(base × rate, 2)'),
    status: { type: 'string', enum: ['estimated', 'confirmed'] },
  },
} as const;

export const incentivePageSchema = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: incentiveItemSchema }, nextCursor: nullableText },
} as const;

export const statementSchema = {
  type: 'object',
  required: ['partnerId', 'period', 'revision', 'rulesVersion', 'status', 'total', 'checksum', 'lines'],
  properties: {
    partnerId: text,
    period: text,
    revision: { type: 'integer' },
    rulesVersion: nullableText,
    status: { type: 'string', enum: ['estimated', 'confirmed', 'superseded', 'draft'] },
    total: amount('Σ line amounts'),
    checksum: { type: 'string', description: 'sha256 hex of the canonical lines (docs/incentives.md)' },
    lines: { type: 'array', items: incentiveItemSchema },
  },
} as const;

export const rebuildBodySchema = {
  type: 'object',
  required: ['rulesVersion'],
  additionalProperties: false,
  properties: {
    rulesVersion: {
      anyOf: [
        { type: 'string', minLength: 1, maxLength: 64 },
        { type: 'integer', minimum: 1, maximum: MAX_INTEGER },
      ],
      description: 'a published rule-set version',
    },
  },
} as const;

export const rebuildAnswerSchema = {
  type: 'object',
  required: ['revision', 'status', 'rulesVersion', 'total', 'diff'],
  properties: {
    revision: { type: 'integer' },
    status: { type: 'string', enum: ['draft'] },
    rulesVersion: text,
    total: amount('the draft total'),
    diff: {
      type: 'object',
      required: ['totalBefore', 'totalAfter', 'difference', 'lines'],
      properties: {
        totalBefore: amount('total of the current revision'),
        totalAfter: amount('total of the draft'),
        difference: amount('totalAfter − totalBefore'),
        lines: {
          type: 'array',
          description: 'lines added (before null), removed (after null) or re-rated, in log order',
          items: {
            type: 'object',
            required: ['sourceType', 'sourceId', 'before', 'after'],
            properties: { sourceType: text, sourceId: text, before: nullableText, after: nullableText },
          },
        },
      },
    },
  },
} as const;

export const publishAnswerSchema = {
  type: 'object',
  required: ['revision', 'status', 'trueUp'],
  properties: {
    revision: { type: 'integer' },
    status: { type: 'string', enum: ['published'] },
    trueUp: {
      anyOf: [
        {
          type: 'object',
          required: ['period', 'amount'],
          properties: { period: text, amount: amount('totalAfter − totalBefore, booked as a TrueUp line') },
        },
        { type: 'null' },
      ],
    },
  },
} as const;
