import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PeriodField } from '@reckon/domain';
import {
  BILLING_STATUSES,
  MarketplaceSummary,
  MarketplaceTransaction,
  marketplaceSummary,
  marketplaceTransactionsPage,
  PageOf,
  StringEnum,
  SUPERVISION_STATUSES,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { MARKETPLACE_SUMMARY_EXAMPLE, MARKETPLACE_TRANSACTIONS_EXAMPLE } from '../examples.js';
import { answer, partnerQueryProblems } from '../responses.js';
import { csvColumns } from './csv.js';
import { CommonQuery, IdParam, IdParams, ListQuery, renderInstant, TimeParam, timeRange } from './params.js';
import { mapPage, sendPartnerList } from './partner-list.js';
import type { ReadSide } from './read-side.js';

const TRANSACTION_COLUMNS = csvColumns(MarketplaceTransaction);

/** SPEC §6 "Marketplace revenue split" (销售 > 云商店 > 商品分账 > 交易明细查询). */
export const marketplaceRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/partners/:id/marketplace/transactions',
    {
      schema: {
        summary: 'Marketplace transactions of a seller (交易明细查询)',
        description:
          'The seller’s marketplace transactions, newest first, each with its commission (round_half_up(amount × ' +
          'commissionRate, 2)) and partner share, booking period, billing status (出账状态) and supervision status ' +
          '(服务监管状态). Filters: period (booking period, 账期), orderId, from/to on the transaction date (交易发生日; a ' +
          'date or local date-time is read in the zone of the answer), billingStatus, supervisionStatus. Pages with ' +
          'limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listMarketplaceTransactions',
        params: IdParams('a seller partner id'),
        querystring: Type.Object({
          period: Type.Optional(PeriodField()),
          orderId: Type.Optional(IdParam('a marketplace order id')),
          from: Type.Optional(TimeParam('an ISO-8601 date like 2026-10-01 or date-time')),
          to: Type.Optional(TimeParam('an ISO-8601 date like 2026-11-01 or date-time')),
          billingStatus: Type.Optional(StringEnum(BILLING_STATUSES)),
          supervisionStatus: Type.Optional(StringEnum(SUPERVISION_STATUSES)),
          ...ListQuery.properties,
        }),
        response: {
          200: answer(
            'a page of marketplace transactions',
            PageOf(MarketplaceTransaction, 'newest first'),
            MARKETPLACE_TRANSACTIONS_EXAMPLE,
          ),
          ...partnerQueryProblems('querystring/billingStatus must be one of "unbilled", "billed" (got "paid")'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: TRANSACTION_COLUMNS,
        filename: (id) => `marketplace-${id}-transactions.csv`,
        pages: (partner, zone) => {
          const filters = {
            ...(query.period ? { period: query.period } : {}),
            ...(query.orderId ? { orderId: query.orderId } : {}),
            ...timeRange(zone, ['from', query.from], ['to', query.to]),
            ...(query.billingStatus ? { billingStatus: query.billingStatus } : {}),
            ...(query.supervisionStatus ? { supervisionStatus: query.supervisionStatus } : {}),
          };
          return async (asked) =>
            mapPage(await marketplaceTransactionsPage(read.db, partner.partnerId, filters, asked), (t) => ({
              ...t,
              occurredAt: renderInstant(t.occurredAt, zone),
            }));
        },
      });
    },
  );

  app.get(
    '/v1/partners/:id/marketplace/summary',
    {
      schema: {
        summary: 'Marketplace sums of a seller in a booking period',
        description:
          'Σ amount, commission and partner share of the seller’s transactions booked into the period, and of the ' +
          'partner shares: billed, unbilled, and still under supervision.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'getMarketplaceSummary',
        params: IdParams('a seller partner id'),
        querystring: Type.Object({ period: PeriodField(), ...CommonQuery.properties }),
        response: {
          200: answer('the sums of the period', MarketplaceSummary, MARKETPLACE_SUMMARY_EXAMPLE),
          ...partnerQueryProblems('querystring/period must be a period "YYYY-MM" like "2026-10" (got "2026-13")'),
        },
      },
    },
    async (request, reply) => {
      await read.reach(reply, request.query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      return marketplaceSummary(read.db, partner.partnerId, request.query.period, partner.currency);
    },
  );
};
