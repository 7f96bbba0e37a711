import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PageOf, VoucherQuotaOperation, voucherQuotaOperations } from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { ProblemError, problem } from '../../plugins/problems.js';
import { NOT_REACHED, OPERATIONS_EXAMPLE } from '../examples.js';
import { answer, problemAnswers } from '../responses.js';
import { csvColumns, sendList } from './csv.js';
import { IdParam, IdParams, ListQuery, renderInstant, TextParam, TimeParam, timeRange } from './params.js';
import type { ReadSide } from './read-side.js';

const OPERATION_COLUMNS = csvColumns(VoucherQuotaOperation);

/** GET /v1/voucher-quotas/{id}/operations: the operation records of a quota, newest first (SPEC §4). */
export const voucherQuotaRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;

  app.get(
    '/v1/voucher-quotas/:id/operations',
    {
      schema: {
        summary: 'Operation records of a voucher quota',
        description:
          'One record per VoucherQuotaGranted, VoucherIssued, VoucherQuotaReclaimed and VoucherRevoked of the quota, ' +
          'newest first, with the quota left after each (in the quota’s currency) and the actor that appended it ' +
          '(the object the audit view shows). from (inclusive) and to (exclusive) bound the business ' +
          'time; a date or a date-time without offset is read in the zone of the answer (UTC, or the partner’s ' +
          'with tz=partner). customerName matches any part of the name, case-insensitively. Readable by the quota ' +
          'holder (and its distributor). Pages with limit and cursor; Accept: text/csv gives the same fields (the actor as dotted columns).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'listVoucherQuotaOperations',
        params: IdParams('a voucher quota id'),
        querystring: Type.Object({
          from: Type.Optional(TimeParam('the earliest time, inclusive: an ISO-8601 date or date-time')),
          to: Type.Optional(TimeParam('the latest time, exclusive: an ISO-8601 date or date-time')),
          customerName: Type.Optional(TextParam('part of the customer name')),
          voucherId: Type.Optional(IdParam('a voucher id')),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of operation records', PageOf(VoucherQuotaOperation, 'newest first'), OPERATIONS_EXAMPLE),
          ...problemAnswers({
            400: 'from must be an ISO-8601 date like 2026-10-05 or date-time like 2026-10-05T10:00:00+08:00 (got "yesterday")',
            403: 'this key may not read voucher quota Q1',
            404: 'voucher quota Q9 is not known',
            503: NOT_REACHED,
          }),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const quotaId = request.params.id;
      const quota = await read.voucherQuota(quotaId);
      if (!quota) throw new ProblemError(problem('not-found', `voucher quota ${quotaId} is not known`));
      const partner = await read.readablePartner(request, quota.partnerId, `voucher quota ${quotaId}`);
      const zone = await read.zone(query, partner.partnerId);
      const filter = {
        ...timeRange(zone, ['from', query.from], ['to', query.to]),
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
        columns: OPERATION_COLUMNS,
        filename: `voucher-quota-${quotaId}-operations.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page,
      });
    },
  );
};
