import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CustomerItem, customersPage, Me, PageOf, PartnerItem, partnersPage, resellerIds } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../plugins/auth';
import { CUSTOMERS_EXAMPLE, ME_EXAMPLE, NOT_REACHED, PARTNERS_EXAMPLE } from '../examples';
import { answer, problemAnswers } from '../responses';
import { csvColumns, sendList } from './csv';
import { CommonQuery, IdParam, IdParams, ListQuery, renderInstant, TextParam, zoneOf } from './params';
import type { ReadSide } from './read-side';

const PARTNER_COLUMNS = csvColumns(PartnerItem);
const CUSTOMER_COLUMNS = csvColumns(CustomerItem);

/** SPEC §6 "Who and what" and "Customers": GET /v1/me, /v1/partners, /v1/partners/{id}/customers. */
export const partnerCentreRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/me',
    {
      schema: {
        summary: 'Who this key is',
        description:
          'The role of the key and, for a partner key, its partner: name, tier, time zone and (a distributor) ' +
          'its resellers. The partner centre starts here.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'getMe',
        querystring: CommonQuery,
        response: {
          200: answer('the key’s role and partner', Me, ME_EXAMPLE),
          ...problemAnswers({ 503: NOT_REACHED }),
        },
      },
    },
    async (request, reply) => {
      await read.reach(reply, request.query.minPosition);
      const principal = principalOf(request);
      const me: Me = { role: principal.role };
      if (!principal.partnerId) return me;
      me.partnerId = principal.partnerId;
      const partner = await read.partner(principal.partnerId);
      if (!partner) return me;
      me.partnerName = partner.name;
      me.tier = partner.tier;
      me.timeZone = partner.timeZone;
      if (partner.tier === 'distributor') me.resellers = await resellerIds(read.db, partner.partnerId);
      return me;
    },
  );

  app.get(
    '/v1/partners',
    {
      schema: {
        summary: 'The partner directory',
        description:
          'Partners by id: admin and finance see every partner, a distributor itself and its resellers, another ' +
          'partner itself. tier and parentId filter exactly, name by substring (case-insensitive). Pages with limit ' +
          'and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartners',
        querystring: Type.Object({
          tier: Type.Optional(TextParam('a tier: distributor, reseller, solution_provider, …')),
          parentId: Type.Optional(IdParam('the distributor whose resellers to list')),
          name: Type.Optional(TextParam('text to search for (substring, case-insensitive)')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of partners', PageOf(PartnerItem, 'by partnerId'), PARTNERS_EXAMPLE),
          ...problemAnswers({ 400: 'querystring/limit must be <= 1000 (got 5000)', 503: NOT_REACHED }),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const principal = principalOf(request);
      let visible: string[] | undefined;
      if (principal.role === 'partner') {
        const self = principal.partnerId;
        visible = self ? [self, ...(await resellerIds(read.db, self))] : [];
      }
      const filters = {
        ...(query.tier ? { tier: query.tier } : {}),
        ...(query.parentId ? { parentId: query.parentId } : {}),
        ...(query.name ? { name: query.name } : {}),
      };
      return sendList(request, reply, {
        columns: PARTNER_COLUMNS,
        filename: 'partners.csv',
        limit: query.limit,
        cursor: query.cursor,
        page: (limit, cursor) => partnersPage(read.db, visible, filters, { limit, ...(cursor ? { cursor } : {}) }),
      });
    },
  );

  app.get(
    '/v1/partners/:id/customers',
    {
      schema: {
        summary: 'Customers of a partner (客户管理)',
        description:
          'The customers associated with the partner now, by customer id, with their association type, account ' +
          'manager and since when. associationType filters exactly; customerName and accountName by substring ' +
          '(case-insensitive). Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerCustomers',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          associationType: Type.Optional(Type.Union([Type.Literal('referral'), Type.Literal('resale')])),
          customerName: Type.Optional(TextParam('text to search for (substring, case-insensitive)')),
          accountName: Type.Optional(TextParam('text to search for (substring, case-insensitive)')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of customers', PageOf(CustomerItem, 'by customerId'), CUSTOMERS_EXAMPLE),
          ...problemAnswers({
            400: 'querystring/limit must be <= 1000 (got 5000)',
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
        ...(query.associationType ? { associationType: query.associationType } : {}),
        ...(query.customerName ? { customerName: query.customerName } : {}),
        ...(query.accountName ? { accountName: query.accountName } : {}),
      };
      return sendList(request, reply, {
        columns: CUSTOMER_COLUMNS,
        filename: `partner-${partner.partnerId}-customers.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page: async (limit, cursor) => {
          const page = await customersPage(read.db, partner.partnerId, filters, {
            limit,
            ...(cursor ? { cursor } : {}),
          });
          return {
            items: page.items.map((item) => ({ ...item, associatedAt: renderInstant(item.associatedAt, zone) })),
            nextCursor: page.nextCursor,
          };
        },
      });
    },
  );
};
