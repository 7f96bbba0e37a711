import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageOf, SubscriptionItem, subscriptionsPage } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { ProblemError, problem } from '../../plugins/problems.js';
import { NOT_REACHED, SUBSCRIPTIONS_EXAMPLE } from '../examples.js';
import { answer, problemAnswers } from '../responses.js';
import { csvColumns, sendList } from './csv.js';
import { IdParams, ListQuery, parseInstant, renderInstant, TimeParam } from './params.js';
import type { ReadSide } from './read-side.js';

const SUBSCRIPTION_COLUMNS = csvColumns(SubscriptionItem);

/** GET /v1/customers/{id}/subscriptions: subscribed resources, soonest expiry first. */
export const customerQueryRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/customers/:id/subscriptions',
    {
      schema: {
        summary: 'Subscriptions of a customer',
        description:
          'The subscribed resources of a customer with their term end, auto-renew flag, status and renewal ' +
          'history, soonest term end first. status is expired once termEnd has passed (judged at the request, ' +
          'as the partner’s subscriptions list judges it), else active or released. expiringBefore keeps the ' +
          'ones not released whose term ends before that instant (a date or a date-time without offset is read ' +
          'in the zone of the answer; one whose term has ended is among them, as expired). Readable by the ' +
          'customer’s current partner (and its distributor). Pages with limit and cursor; Accept: text/csv gives ' +
          'the same fields (lastRefund as dotted columns, renewalHistory as JSON).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'listCustomerSubscriptions',
        params: IdParams('a customer id'),
        querystring: Type.Object({
          expiringBefore: Type.Optional(
            TimeParam('an ISO-8601 date like 2026-11-01 or date-time like 2026-11-01T00:00:00+08:00'),
          ),
          ...ListQuery.properties,
        }),
        response: {
          200: answer(
            'a page of subscribed resources',
            PageOf(SubscriptionItem, 'soonest term end first'),
            SUBSCRIPTIONS_EXAMPLE,
          ),
          ...problemAnswers({
            400: 'querystring/limit must be <= 1000 (got 5000)',
            403: 'this key may not read customer C300',
            404: 'customer C999 is not known',
            503: NOT_REACHED,
          }),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const customerId = request.params.id;
      const customer = await read.customer(customerId);
      if (!customer) throw new ProblemError(problem('not-found', `customer ${customerId} is not known`));
      let zone = 'UTC';
      if (customer.partnerId) {
        const partner = await read.readablePartner(request, customer.partnerId, `customer ${customerId}`);
        zone = await read.zone(query, partner.partnerId);
      } else {
        read.assertReadsEverything(request, `customer ${customerId}, which has no partner`);
      }
      const expiringBefore = query.expiringBefore
        ? parseInstant('expiringBefore', query.expiringBefore, zone)
        : undefined;
      const page = async (limit: number, cursor: string | undefined) => {
        const result = await subscriptionsPage(read.db, customerId, {
          limit,
          ...(cursor ? { cursor } : {}),
          ...(expiringBefore ? { expiringBefore } : {}),
        });
        return { items: result.items.map((item) => inZone(item, zone)), nextCursor: result.nextCursor };
      };
      return sendList(request, reply, {
        columns: SUBSCRIPTION_COLUMNS,
        filename: `customer-${customerId}-subscriptions.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page,
      });
    },
  );
};

function inZone(item: SubscriptionItem, zone: string): SubscriptionItem {
  if (zone === 'UTC') return item;
  return {
    ...item,
    termEnd: renderInstant(item.termEnd, zone),
    releasedAt: renderInstant(item.releasedAt, zone),
    renewalHistory: item.renewalHistory.map((order) => ({
      ...order,
      placedAt: renderInstant(order.placedAt, zone),
      termEnd: renderInstant(order.termEnd, zone),
    })),
  };
}
