import { type VoucherQuotaOperation, voucherQuotaOperations } from '@reckon/projections';
import type { FastifyInstance } from 'fastify';
import { ProblemError, problem } from '../../plugins/problems';
import { sendList } from './csv';
import {
  idParam,
  idParams,
  type ListQuery,
  listQueryProperties,
  parseInstant,
  queryErrorResponses,
  renderInstant,
  textParam,
  zoneOf,
} from './params';
import type { ReadSide } from './read-side';
import { OPERATION_CSV_COLUMNS, operationsPageSchema } from './schemas';

interface OperationsQuery extends ListQuery {
  from?: string;
  to?: string;
  customerName?: string;
  voucherId?: string;
}

/** GET /v1/voucher-quotas/{id}/operations: the operation records of a quota, newest first (SPEC §4). */
export async function voucherQuotaRoutes(app: FastifyInstance, options: { read: ReadSide }): Promise<void> {
  const { read } = options;

  app.get<{ Params: { id: string }; Querystring: OperationsQuery }>(
    '/v1/voucher-quotas/:id/operations',
    {
      schema: {
        summary: 'Operation records of a voucher quota',
        description:
          'One record per VoucherQuotaGranted, VoucherIssued, VoucherQuotaReclaimed and VoucherRevoked of the quota, ' +
          'newest first, with the quota left after each. from (inclusive) and to (exclusive) bound the business ' +
          'time; a date or a date-time without offset is read in the zone of the answer (UTC, or the partner’s ' +
          'with tz=partner). customerName matches any part of the name, case-insensitively. Readable by the quota ' +
          'holder (and its distributor). Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['queries'],
        security: [{ bearer: [] }],
        params: idParams('id', 'voucher quota id'),
        querystring: {
          type: 'object',
          properties: {
            from: { type: 'string', maxLength: 64, description: 'earliest time, inclusive (ISO-8601)' },
            to: { type: 'string', maxLength: 64, description: 'latest time, exclusive (ISO-8601)' },
            customerName: textParam('part of the customer name'),
            voucherId: idParam('records of this voucher'),
            ...listQueryProperties,
          },
        },
        response: { 200: operationsPageSchema, ...queryErrorResponses },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const quotaId = request.params.id;
      const quota = await read.voucherQuota(quotaId);
      if (!quota) throw new ProblemError(problem('not-found', `voucher quota ${quotaId} is not known`));
      const partner = await read.readablePartner(request, quota.partnerId, `voucher quota ${quotaId}`);
      const zone = zoneOf(query, partner.timeZone);
      const filter = {
        ...(query.from ? { from: parseInstant('from', query.from, zone).toISOString() } : {}),
        ...(query.to ? { to: parseInstant('to', query.to, zone).toISOString() } : {}),
        ...(query.customerName ? { customerName: query.customerName } : {}),
        ...(query.voucherId ? { voucherId: query.voucherId } : {}),
      };
      const page = async (limit: number, cursor: string | undefined) => {
        const result = await voucherQuotaOperations(read.db, quotaId, {
          ...filter,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        const items = result.items.map(
          (item): VoucherQuotaOperation => ({ ...item, time: renderInstant(item.time, zone) }),
        );
        return { items, nextCursor: result.nextCursor };
      };
      return sendList(request, reply, {
        columns: OPERATION_CSV_COLUMNS,
        filename: `voucher-quota-${quotaId}-operations.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page,
      });
    },
  );
}
