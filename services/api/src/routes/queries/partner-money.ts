import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PeriodField } from '@reckon/domain';
import {
  DiscountItem,
  discountsPage,
  FUND_OPERATION_KINDS,
  FundOperation,
  fundOperationsPage,
  PageOf,
  RefundSource,
  refundSourcesPage,
  StringEnum,
  VOUCHER_STATUSES,
  VoucherItem,
  vouchersPage,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { DISCOUNTS_EXAMPLE, FUND_OPERATIONS_EXAMPLE, REFUND_SOURCES_EXAMPLE, VOUCHERS_EXAMPLE } from '../examples.js';
import { answer, partnerQueryProblems } from '../responses.js';
import { csvColumns } from './csv.js';
import { IdParam, IdParams, ListQuery, renderInstant, TextParam, TimeParam, timeRange } from './params.js';
import { mapPage, sendPartnerList } from './partner-list.js';
import type { ReadSide } from './read-side.js';

const FUND_OPERATION_COLUMNS = csvColumns(FundOperation);
const VOUCHER_COLUMNS = csvColumns(VoucherItem);
const DISCOUNT_COLUMNS = csvColumns(DiscountItem);
const REFUND_SOURCE_COLUMNS = csvColumns(RefundSource);

/** SPEC §6 "Money of resellers": the funds ledger, vouchers and discounts of a partner. */
export const partnerMoneyRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/partners/:id/fund-operations',
    {
      schema: {
        summary: 'The ledger of a reseller’s funds (拨款记录)',
        description:
          'Newest first, one row per FundsAllocated (allocated), FundsReclaimed (reclaimed), cash part of a resale ' +
          'order or upgrade paid from the funds (spent) and cash part given back by a refund or rebate (returned), ' +
          'with the funds available after it: replaying the rows from the oldest gives available of ' +
          'GET /v1/partners/{id}/balance. A distributor’s id lists the rows of its resellers. from (inclusive) and ' +
          'to (exclusive) bound the business time (a date or local date-time is read in the zone of the answer); ' +
          'kind filters exactly. Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listFundOperations',
        params: IdParams('a reseller (or distributor) id'),
        querystring: Type.Object({
          from: Type.Optional(TimeParam('the earliest time, inclusive: an ISO-8601 date or date-time')),
          to: Type.Optional(TimeParam('the latest time, exclusive: an ISO-8601 date or date-time')),
          kind: Type.Optional(StringEnum(FUND_OPERATION_KINDS)),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of fund operations', PageOf(FundOperation, 'newest first'), FUND_OPERATIONS_EXAMPLE),
          ...partnerQueryProblems(
            'querystring/kind must be one of "allocated", "reclaimed", "spent", "returned" (got "paid")',
          ),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: FUND_OPERATION_COLUMNS,
        filename: (id) => `partner-${id}-fund-operations.csv`,
        pages: (partner, zone) => {
          const filters = {
            ...timeRange(zone, ['from', query.from], ['to', query.to]),
            ...(query.kind ? { kind: query.kind } : {}),
          };
          return async (asked) =>
            mapPage(await fundOperationsPage(read.db, partner, filters, asked), (item) => ({
              ...item,
              time: renderInstant(item.time, zone),
            }));
        },
      });
    },
  );

  app.get(
    '/v1/partners/:id/vouchers',
    {
      schema: {
        summary: 'Vouchers issued from a partner’s quotas (提货券)',
        description:
          'Each voucher issued from a quota the partner holds, by voucher id: its customer, amount, used, remaining, ' +
          'expiry and status — revoked once revoked, used when nothing remains, expired once expiresAt has passed ' +
          '(judged at the request), else active. customerName filters by substring (case-insensitive), status ' +
          'exactly. Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerVouchers',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          customerName: Type.Optional(TextParam('text to search for (substring, case-insensitive)')),
          status: Type.Optional(StringEnum(VOUCHER_STATUSES)),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of vouchers', PageOf(VoucherItem, 'by voucherId'), VOUCHERS_EXAMPLE),
          ...partnerQueryProblems(
            'querystring/status must be one of "active", "used", "expired", "revoked" (got "gone")',
          ),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const filters = {
        ...(query.customerName ? { customerName: query.customerName } : {}),
        ...(query.status ? { status: query.status } : {}),
      };
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: VOUCHER_COLUMNS,
        filename: (id) => `partner-${id}-vouchers.csv`,
        pages: (partner, zone) => {
          // Expiry is judged once for the whole answer, once the position asked for is reached.
          const now = new Date();
          return async (asked) =>
            mapPage(await vouchersPage(read.db, partner.partnerId, filters, asked, now), (item) => ({
              ...item,
              expiresAt: renderInstant(item.expiresAt, zone),
            }));
        },
      });
    },
  );

  app.get(
    '/v1/partners/:id/discounts',
    {
      schema: {
        summary: 'Discounts of a partner’s customers (商务折扣)',
        description:
          'The business discounts of the customers associated with the partner now, by discount id: the rate in ' +
          'force now (null when none is: before validFrom, after validTo, from revokedFrom), the product types, ' +
          'validity, revocation and every rate with the time it applies from (the grant first). Pages with limit ' +
          'and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerDiscounts',
        params: IdParams('a partner id'),
        querystring: ListQuery,
        response: {
          200: answer('a page of discounts', PageOf(DiscountItem, 'by discountId'), DISCOUNTS_EXAMPLE),
          ...partnerQueryProblems('querystring/limit must be <= 1000 (got 5000)'),
        },
      },
    },
    async (request, reply) =>
      sendPartnerList(read, request, reply, request.params.id, request.query, {
        columns: DISCOUNT_COLUMNS,
        filename: (id) => `partner-${id}-discounts.csv`,
        pages: (partner, zone) => {
          // The rate in force is judged once for the whole answer.
          const now = new Date();
          return async (asked) =>
            mapPage(await discountsPage(read.db, partner.partnerId, asked, now), (d) => ({
              ...d,
              validFrom: renderInstant(d.validFrom, zone),
              validTo: renderInstant(d.validTo, zone),
              revokedFrom: renderInstant(d.revokedFrom, zone),
              changes: d.changes.map((c) => ({ ...c, effectiveFrom: renderInstant(c.effectiveFrom, zone) })),
            }));
        },
      }),
  );

  app.get(
    '/v1/partners/:id/refunds',
    {
      schema: {
        summary: 'Where a partner’s refunds and rebates came from (查询退款来自哪些资源和订单)',
        description:
          'Newest first, one row per OrderRefunded and per SpecChanged with a negative amount (a rebate) of an order ' +
          'of a customer associated with the partner at its time: the order, the resources it names, the reason (null ' +
          'for a spec change), the amount (positive) and its split cash first — cashPart out of what remains of the ' +
          'order’s cash, voucherPart the rest — and the booking period as the consumption summary books it. Filters: ' +
          'period (booking period, 账期) and orderId. Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerRefunds',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          period: Type.Optional(PeriodField()),
          orderId: Type.Optional(IdParam('an order id')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of refund sources', PageOf(RefundSource, 'newest first'), REFUND_SOURCES_EXAMPLE),
          ...partnerQueryProblems('querystring/period must be a period "YYYY-MM" like "2026-10" (got "2026-13")'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const filters = {
        ...(query.period ? { period: query.period } : {}),
        ...(query.orderId ? { orderId: query.orderId } : {}),
      };
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: REFUND_SOURCE_COLUMNS,
        filename: (id) => `partner-${id}-refunds.csv`,
        pages: (partner, zone) => async (asked) =>
          mapPage(await refundSourcesPage(read.db, partner.partnerId, filters, asked), (item) => ({
            ...item,
            time: renderInstant(item.time, zone),
          })),
      });
    },
  );
};
