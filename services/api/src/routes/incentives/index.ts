import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { EventStore } from '@reckon/event-store';
import { INCENTIVES_SCHEMA, IncentiveFilter, IncentiveItem, incentiveLines, PageOf } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CommandHandler } from '../../application/command-handler.js';
import { CURSOR_OTHER_FILTERS, INCENTIVES_EXAMPLE } from '../examples.js';
import { sendList } from '../queries/csv.js';
import { fieldsOf, IdParams, ListQuery, timeRange } from '../queries/params.js';
import { type QueryDeps, ReadSide } from '../queries/read-side.js';
import { answer, partnerQueryProblems } from '../responses.js';
import { LINE_COLUMNS, lineInZone, statementRoutes } from '../statements/index.js';

/** GET /v1/partners/{id}/incentives: the incentive detail (the lines of each current statement revision). */
const incentiveDetailRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;
  app.get(
    '/v1/partners/:id/incentives',
    {
      schema: {
        summary: 'Incentive detail lines of a partner',
        description:
          'The lines of the current revision of each statement of the partner, by booking period then log order. ' +
          'Filters: period (booking period), year, orderId, productType, associationType, billingMode, status and ' +
          "correctsPeriod match exactly; customerName, accountManager and accountName (the customer's account name) " +
          'match any part, case-insensitively; from and to bound occurredAt (a date or local date-time is read in the ' +
          'zone of the answer). Pages with limit and ' +
          'cursor; Accept: text/csv gives the same fields (the whole list without limit).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'listPartnerIncentives',
        params: IdParams('a partner id'),
        querystring: Type.Object({ ...IncentiveFilter.properties, ...ListQuery.properties }),
        response: {
          200: answer(
            'a page of incentive lines',
            PageOf(IncentiveItem, 'by booking period, then log order'),
            INCENTIVES_EXAMPLE,
          ),
          ...partnerQueryProblems(CURSOR_OTHER_FILTERS),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const { from, to, ...filter } = fieldsOf(IncentiveFilter, query);
      const zone = await read.zone(query, partner.partnerId);
      const bounds = timeRange(zone, ['from', from], ['to', to]);
      // A cursor the list did not issue throws InvalidCursorError, which the problem handler answers with 400.
      const page = async (limit: number, cursor: string | undefined) => {
        const lines = await incentiveLines(read.pool, INCENTIVES_SCHEMA, partner.partnerId, partner.currency, {
          ...filter,
          ...bounds,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return { ...lines, items: lines.items.map((line) => lineInZone(line, zone)) };
      };
      return sendList(request, reply, {
        columns: LINE_COLUMNS,
        filename: `incentives-${partner.partnerId}.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page,
      });
    },
  );
};

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
