import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { FUND_OPERATION_KINDS, FundOperation, fundOperationsPage, PageOf, StringEnum } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { FUND_OPERATIONS_EXAMPLE, NOT_REACHED } from '../examples.js';
import { answer, problemAnswers } from '../responses.js';
import { csvColumns, sendList } from './csv.js';
import { IdParams, ListQuery, parseInstant, renderInstant, TimeParam, zoneOf } from './params.js';
import type { ReadSide } from './read-side.js';

const FUND_OPERATION_COLUMNS = csvColumns(FundOperation);

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
          ...problemAnswers({
            400: 'querystring/kind must be one of "allocated", "reclaimed", "spent", "returned" (got "paid")',
            403: 'this key may not read partner P9',
            404: 'partner P9 is not known',
            503: NOT_REACHED,
          }),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const zone = zoneOf(query, partner.timeZone);
      const filters = {
        ...(query.from ? { from: parseInstant('from', query.from, zone) } : {}),
        ...(query.to ? { to: parseInstant('to', query.to, zone) } : {}),
        ...(query.kind ? { kind: query.kind } : {}),
      };
      return sendList(request, reply, {
        columns: FUND_OPERATION_COLUMNS,
        filename: `partner-${partner.partnerId}-fund-operations.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page: async (limit, cursor) => {
          const page = await fundOperationsPage(read.db, partner.partnerId, filters, {
            limit,
            ...(cursor ? { cursor } : {}),
          });
          return {
            items: page.items.map((item) => ({ ...item, time: renderInstant(item.time, zone) })),
            nextCursor: page.nextCursor,
          };
        },
      });
    },
  );
};
