import { type SubscriptionItem, subscriptionsPage } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import { ProblemError, problem } from '../../plugins/problems';
import { sendList } from './csv';
import {
  idParams,
  type ListQuery,
  listQueryProperties,
  parseInstant,
  queryErrorResponses,
  renderInstant,
  zoneOf,
} from './params';
import type { ReadSide } from './read-side';
import { SUBSCRIPTION_CSV_COLUMNS, subscriptionsPageSchema } from './schemas';

/** GET /v1/customers/{id}/subscriptions: subscribed resources, soonest expiry first. */
export async function customerQueryRoutes(app: FastifyInstance, options: { read: ReadSide }): Promise<void> {
  const { read } = options;

  app.get<{ Params: { id: string }; Querystring: ListQuery & { expiringBefore?: string } }>(
    '/v1/customers/:id/subscriptions',
    {
      schema: {
        summary: 'Subscriptions of a customer',
        description:
          'The subscribed resources of a customer with their term end, auto-renew flag, status and renewal ' +
          'history, soonest term end first. expiringBefore keeps the active ones whose term ends before that ' +
          'instant (a date or a date-time without offset is read in the zone of the answer). Readable by the ' +
          'customer’s current partner (and its distributor). Pages with limit and cursor; Accept: text/csv gives ' +
          'the same fields (lastRefund as dotted columns, renewalHistory as JSON).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        params: idParams('id', 'customer id'),
        querystring: {
          type: 'object',
          properties: {
            expiringBefore: { type: 'string', maxLength: 64, description: 'ISO-8601 date or date-time' },
            ...listQueryProperties,
          },
        },
        response: { 200: subscriptionsPageSchema, ...queryErrorResponses },
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
        zone = zoneOf(query, partner.timeZone);
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
        columns: SUBSCRIPTION_CSV_COLUMNS,
        filename: `customer-${customerId}-subscriptions.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page,
      });
    },
  );
}

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
