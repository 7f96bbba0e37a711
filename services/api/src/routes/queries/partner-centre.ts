import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PARTNER_TIERS } from '@reckon/domain';
import {
  AssociationRecord,
  associationRecordsPage,
  CustomerItem,
  customersPage,
  HeldVoucherQuota,
  heldVoucherQuotasPage,
  Me,
  PageOf,
  PartnerItem,
  PartnerSubscriptionItem,
  partnerSubscriptionsPage,
  partnersPage,
  ResellerItem,
  resellerIds,
  resellersPage,
  StringEnum,
  SUBSCRIPTION_STATUSES,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { principalOf } from '../../plugins/auth.js';
import {
  ASSOCIATION_RECORDS_EXAMPLE,
  CUSTOMERS_EXAMPLE,
  HELD_QUOTAS_EXAMPLE,
  ME_EXAMPLE,
  NOT_REACHED,
  PARTNER_SUBSCRIPTIONS_EXAMPLE,
  PARTNERS_EXAMPLE,
  RESELLERS_EXAMPLE,
} from '../examples.js';
import { answer, partnerQueryProblems, problemAnswers } from '../responses.js';
import { csvColumns, sendList } from './csv.js';
import { CommonQuery, IdParam, IdParams, ListQuery, renderInstant, TextParam, TimeParam, timeRange } from './params.js';
import { mapPage, sendPartnerList } from './partner-list.js';
import type { ReadSide } from './read-side.js';

const PARTNER_COLUMNS = csvColumns(PartnerItem);
const CUSTOMER_COLUMNS = csvColumns(CustomerItem);
const ASSOCIATION_RECORD_COLUMNS = csvColumns(AssociationRecord);
const RESELLER_COLUMNS = csvColumns(ResellerItem);
const HELD_QUOTA_COLUMNS = csvColumns(HeldVoucherQuota);
const PARTNER_SUBSCRIPTION_COLUMNS = csvColumns(PartnerSubscriptionItem);

/** SPEC §6 "Who and what" and "Customers": GET /v1/me, /v1/partners, /v1/partners/{id}/customers. */
export const partnerCentreRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/me',
    {
      schema: {
        summary: 'Who this key is',
        description:
          'The role of the key and, for a partner key, its partner: name, tier, time zone, language (once chosen) and (a distributor) ' +
          'its resellers. The partner centre starts here.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'getMe',
        querystring: CommonQuery,
        response: {
          200: answer('the key’s role and partner', Me, ME_EXAMPLE),
          ...problemAnswers({
            400: 'querystring/bogus: is not a parameter here; it takes minPosition, tz',
            503: NOT_REACHED,
          }),
        },
      },
    },
    async (request, reply) => {
      await read.reach(reply, request.query.minPosition);
      const principal = principalOf(request);
      const me: Me = { role: principal.role };
      if (!principal.partnerId) return me;
      me.partnerId = principal.partnerId;
      const partner = await read.profile(principal.partnerId);
      if (!partner) return me;
      me.partnerName = partner.name;
      me.tier = partner.tier as Me['tier'];
      me.timeZone = partner.timeZone;
      if (partner.language !== null) me.language = partner.language;
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
          tier: Type.Optional(StringEnum(PARTNER_TIERS, { description: 'the tier of the partners to list' })),
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
          ...partnerQueryProblems('querystring/limit must be <= 1000 (got 5000)'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const filters = {
        ...(query.associationType ? { associationType: query.associationType } : {}),
        ...(query.customerName ? { customerName: query.customerName } : {}),
        ...(query.accountName ? { accountName: query.accountName } : {}),
      };
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: CUSTOMER_COLUMNS,
        filename: (id) => `partner-${id}-customers.csv`,
        pages: (partner, zone) => async (asked) =>
          mapPage(await customersPage(read.db, partner.partnerId, filters, asked), (item) => ({
            ...item,
            associatedAt: renderInstant(item.associatedAt, zone),
          })),
      });
    },
  );

  app.get(
    '/v1/partners/:id/association-records',
    {
      schema: {
        summary: 'Association records of a partner (关联记录)',
        description:
          'One row per CustomerAssociated, AssociationTypeSwitched and CustomerDisassociated that names the partner, ' +
          'newest first: kind, the customer, the association type (the new one for a switch, the ended one for a ' +
          'disassociation) and the actor the event recorded, the object the audit view shows (null when none). ' +
          'from (inclusive) and to (exclusive) ' +
          'bound the time (a date or local date-time is read in the zone of the answer); customerName by substring ' +
          '(case-insensitive). Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listAssociationRecords',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          from: Type.Optional(TimeParam('the earliest time, inclusive: an ISO-8601 date or date-time')),
          to: Type.Optional(TimeParam('the latest time, exclusive: an ISO-8601 date or date-time')),
          customerName: Type.Optional(TextParam('text to search for (substring, case-insensitive)')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer(
            'a page of association records',
            PageOf(AssociationRecord, 'newest first'),
            ASSOCIATION_RECORDS_EXAMPLE,
          ),
          ...partnerQueryProblems('querystring/limit must be <= 1000 (got 5000)'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: ASSOCIATION_RECORD_COLUMNS,
        filename: (id) => `partner-${id}-association-records.csv`,
        pages: (partner, zone) => {
          const filters = {
            ...timeRange(zone, ['from', query.from], ['to', query.to]),
            ...(query.customerName ? { customerName: query.customerName } : {}),
          };
          return async (asked) =>
            mapPage(await associationRecordsPage(read.db, partner.partnerId, filters, asked), (item) => ({
              ...item,
              time: renderInstant(item.time, zone),
            }));
        },
      });
    },
  );

  app.get(
    '/v1/partners/:id/resellers',
    {
      schema: {
        summary: 'Resellers of a distributor and their money (拨款, 代金券额度)',
        description:
          'Each reseller registered under the distributor, by partner id, with its funds and voucher quota figures ' +
          '(SPEC §4, as GET /v1/partners/{id}/balance). A partner that is not a distributor has none. Pages with ' +
          'limit and cursor; Accept: text/csv gives the same fields as dotted columns.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listResellers',
        params: IdParams('a distributor id'),
        querystring: ListQuery,
        response: {
          200: answer('a page of resellers', PageOf(ResellerItem, 'by partnerId'), RESELLERS_EXAMPLE),
          ...partnerQueryProblems('querystring/limit must be <= 1000 (got 5000)'),
        },
      },
    },
    async (request, reply) =>
      sendPartnerList(read, request, reply, request.params.id, request.query, {
        columns: RESELLER_COLUMNS,
        filename: (id) => `partner-${id}-resellers.csv`,
        pages: (partner) => (asked) => resellersPage(read.db, partner.partnerId, asked),
      }),
  );

  app.get(
    '/v1/partners/:id/voucher-quotas',
    {
      schema: {
        summary: 'Voucher quotas a partner holds (代金券额度)',
        description:
          'Each quota granted to the partner, by quota id: granted, issued, reclaimed, returned and available ' +
          '(available = granted − issued − reclaimed + returned), when it expires and when it was granted. Pages ' +
          'with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listHeldVoucherQuotas',
        params: IdParams('a partner id'),
        querystring: ListQuery,
        response: {
          200: answer('a page of voucher quotas', PageOf(HeldVoucherQuota, 'by quotaId'), HELD_QUOTAS_EXAMPLE),
          ...partnerQueryProblems('querystring/limit must be <= 1000 (got 5000)'),
        },
      },
    },
    async (request, reply) =>
      sendPartnerList(read, request, reply, request.params.id, request.query, {
        columns: HELD_QUOTA_COLUMNS,
        filename: (id) => `partner-${id}-voucher-quotas.csv`,
        pages: (partner, zone) => async (asked) =>
          mapPage(await heldVoucherQuotasPage(read.db, partner.partnerId, asked), (q) => ({
            ...q,
            expiresAt: renderInstant(q.expiresAt, zone),
            grantedAt: renderInstant(q.grantedAt, zone),
          })),
      }),
  );

  app.get(
    '/v1/partners/:id/subscriptions',
    {
      schema: {
        summary: 'Subscriptions of a partner’s customers (包年/包月资源)',
        description:
          'The subscribed resources of the partner’s customers, soonest term end first: a resource is the ' +
          'partner’s when the order holding its current term was placed while the customer was associated with ' +
          'it. status is expired once termEnd has passed (judged at the request). expiringBefore / expiringAfter ' +
          'bound termEnd (a date or local date-time is read in the zone of the answer); autoRenew, status and ' +
          'productType filter exactly, customerName by substring. Pages with limit and cursor; Accept: text/csv ' +
          'gives the same fields.',
        tags: ['partner centre'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerSubscriptions',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          expiringBefore: Type.Optional(TimeParam('an ISO-8601 date like 2026-11-01 or date-time')),
          expiringAfter: Type.Optional(TimeParam('an ISO-8601 date like 2026-11-01 or date-time')),
          autoRenew: Type.Optional(Type.Boolean({ description: 'true or false' })),
          status: Type.Optional(StringEnum(SUBSCRIPTION_STATUSES)),
          productType: Type.Optional(TextParam('a product type like ecs')),
          customerName: Type.Optional(TextParam('text to search for (substring, case-insensitive)')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer(
            'a page of subscribed resources',
            PageOf(PartnerSubscriptionItem, 'soonest term end first'),
            PARTNER_SUBSCRIPTIONS_EXAMPLE,
          ),
          ...partnerQueryProblems('querystring/status must be one of "active", "released", "expired" (got "gone")'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      return sendPartnerList(read, request, reply, request.params.id, query, {
        columns: PARTNER_SUBSCRIPTION_COLUMNS,
        filename: (id) => `partner-${id}-subscriptions.csv`,
        pages: (partner, zone) => {
          const filters = {
            ...timeRange(zone, ['expiringAfter', query.expiringAfter], ['expiringBefore', query.expiringBefore]),
            ...(query.autoRenew !== undefined ? { autoRenew: query.autoRenew } : {}),
            ...(query.status ? { status: query.status } : {}),
            ...(query.productType ? { productType: query.productType } : {}),
            ...(query.customerName ? { customerName: query.customerName } : {}),
          };
          return async (asked) =>
            mapPage(await partnerSubscriptionsPage(read.db, partner.partnerId, filters, asked), (item) => ({
              ...item,
              termEnd: renderInstant(item.termEnd, zone),
              releasedAt: renderInstant(item.releasedAt, zone),
              renewalHistory: item.renewalHistory.map((order) => ({
                ...order,
                placedAt: renderInstant(order.placedAt, zone),
                termEnd: renderInstant(order.termEnd, zone),
              })),
            }));
        },
      });
    },
  );
};
