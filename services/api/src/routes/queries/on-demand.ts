import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PeriodField } from '@reckon/domain';
import { OnDemandItem, onDemandPage, PageOf } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { ON_DEMAND_EXAMPLE } from '../examples.js';
import { answer, partnerQueryProblems } from '../responses.js';
import { csvColumns } from './csv.js';
import { IdParam, IdParams, ListQuery, TextParam } from './params.js';
import { sendPartnerList } from './partner-list.js';
import type { ReadSide } from './read-side.js';

const ON_DEMAND_COLUMNS = csvColumns(OnDemandItem);

/** SPEC §6 "Subscriptions and resources": GET /v1/partners/{id}/on-demand (按需资源). */
export const onDemandRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/partners/:id/on-demand',
    {
      schema: {
        summary: 'On-demand usage of a partner’s customers (按需资源)',
        description:
          'Per resource × usage type × booking period: the OnDemandCharged of the customers associated with the ' +
          'partner at each charge’s occurredAt, summed. quantity is in the usage type’s catalogue unit when the ' +
          'catalogue (as of the charge) defines one, converted exactly; else in the charge’s own unit. period, ' +
          'productType, usageType and resourceId filter exactly. Pages with limit and cursor; Accept: text/csv ' +
          'gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerOnDemand',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          period: Type.Optional(PeriodField()),
          productType: Type.Optional(TextParam('a product type (exact)')),
          usageType: Type.Optional(TextParam('a usage type (exact)')),
          resourceId: Type.Optional(IdParam('a resource id')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer(
            'a page of on-demand usage',
            PageOf(OnDemandItem, 'by period, resourceId, usageType, unit, customerId'),
            ON_DEMAND_EXAMPLE,
          ),
          ...partnerQueryProblems('querystring/period must be a period "YYYY-MM" like "2026-10" (got "2026-13")'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const filters = {
        ...(query.period ? { period: query.period } : {}),
        ...(query.productType ? { productType: query.productType } : {}),
        ...(query.usageType ? { usageType: query.usageType } : {}),
        ...(query.resourceId ? { resourceId: query.resourceId } : {}),
      };
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: ON_DEMAND_COLUMNS,
        filename: (id) => `partner-${id}-on-demand.csv`,
        pages: (partner) => (asked) => onDemandPage(read.db, partner.partnerId, filters, asked),
      });
    },
  );
};
