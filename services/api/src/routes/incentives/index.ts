import type { EventStore } from '@reckon/event-store';
import { INCENTIVES_SCHEMA, type IncentiveFilter, incentiveLines } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import type { CommandHandler } from '../../application/command-handler';
import { sendList } from '../queries/csv';
import {
  idParam,
  idParams,
  type ListQuery,
  listQueryProperties,
  PERIOD_PATTERN,
  queryErrorResponses,
  textParam,
} from '../queries/params';
import { type QueryDeps, ReadSide } from '../queries/read-side';
import { statementRoutes } from '../statements';
import { INCENTIVE_ITEM_FIELDS, incentivePageSchema } from '../statements/schemas';

type IncentiveQuery = ListQuery & Omit<IncentiveFilter, 'limit' | 'cursor'>;

/** GET /v1/partners/{id}/incentives: the incentive detail (the lines of each current statement revision). */
async function incentiveDetailRoutes(app: FastifyInstance, options: { read: ReadSide }): Promise<void> {
  const { read } = options;
  app.get<{ Params: { id: string }; Querystring: IncentiveQuery }>(
    '/v1/partners/:id/incentives',
    {
      schema: {
        summary: 'Incentive detail lines of a partner',
        description:
          'The lines of the current revision of each statement of the partner, by booking period then log order. ' +
          'Filters: period (booking period), year, orderId, productType, associationType, billingMode and status ' +
          'match exactly; customerName and accountManager match any part, case-insensitively. Pages with limit and ' +
          'cursor; Accept: text/csv gives the same fields (the whole list without limit).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        params: idParams('id', 'partner id'),
        querystring: {
          type: 'object',
          properties: {
            period: { type: 'string', pattern: PERIOD_PATTERN, description: 'booking period YYYY-MM' },
            year: { type: 'integer', minimum: 1, maximum: 9999, description: 'booking periods of this year' },
            orderId: idParam('lines of this order'),
            customerName: textParam('part of the customer name'),
            accountManager: textParam('part of the account manager'),
            productType: textParam('product type'),
            associationType: { type: 'string', enum: ['referral', 'resale'] },
            billingMode: { type: 'string', enum: ['subscription', 'on_demand'] },
            status: { type: 'string', enum: ['estimated', 'confirmed'] },
            ...listQueryProperties,
          },
        },
        response: { 200: incentivePageSchema, ...queryErrorResponses },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const filter: IncentiveFilter = {};
      for (const key of [
        'period',
        'orderId',
        'customerName',
        'accountManager',
        'productType',
        'associationType',
        'billingMode',
      ] as const) {
        if (query[key] !== undefined) filter[key] = query[key];
      }
      if (query.year !== undefined) filter.year = query.year;
      if (query.status !== undefined) filter.status = query.status;
      // A cursor the list did not issue throws InvalidCursorError, which the problem handler answers with 400.
      const page = (limit: number, cursor: string | undefined) =>
        incentiveLines(read.pool, INCENTIVES_SCHEMA, partner.partnerId, partner.currency, {
          ...filter,
          limit,
          ...(cursor ? { cursor } : {}),
        });
      return sendList(request, reply, {
        columns: INCENTIVE_ITEM_FIELDS,
        filename: `incentives-${partner.partnerId}.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page,
      });
    },
  );
}

export interface IncentiveRouteOptions {
  queries: QueryDeps;
  commands: CommandHandler;
  store: EventStore;
}

/** Incentive detail and statements (SPEC §5; docs/incentives.md). */
export async function incentiveRoutes(app: FastifyInstance, options: IncentiveRouteOptions): Promise<void> {
  const read = new ReadSide(options.queries);
  await app.register(incentiveDetailRoutes, { read });
  await app.register(statementRoutes, { read, commands: options.commands, store: options.store });
}
