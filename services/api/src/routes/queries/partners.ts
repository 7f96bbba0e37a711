import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { PeriodField, periodsSpanned } from '@reckon/domain';
import {
  CONSUMPTION_SCHEMA,
  CustomerConsumption,
  consumptionOfPartner,
  DIRECTORY_SCHEMA,
  MonthlyConsumption,
  monthlyConsumptionOfPartner,
  PartnerBalance,
  PartnerConsumption,
  PartnerMonthlyConsumption,
  partnerBalance,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import { ProblemError, problem } from '../../plugins/problems.js';
import { BALANCE_EXAMPLE, CONSUMPTION_EXAMPLE, MONTHLY_CONSUMPTION_EXAMPLE } from '../examples.js';
import { answer, partnerQueryProblems } from '../responses.js';
import { AnswerCache, ReadModelVersion } from './answer-cache.js';
import { csvColumns, sendCsv, wantsCsv } from './csv.js';
import { CommonQuery, checkRange, IdParams } from './params.js';
import type { ReadSide } from './read-side.js';

/** The CSV of a consumption: one row per customer. */
const CUSTOMER_COLUMNS = csvColumns(CustomerConsumption);

/** The CSV of a monthly consumption: one row per period. */
const MONTH_COLUMNS = csvColumns(MonthlyConsumption);

/** The most periods one monthly consumption spans (two years: a trend and the year before it). */
export const MAX_MONTHLY_PERIODS = 24;

/** Staleness a consumption answer may have when the client did not ask for a position. */
const ANSWER_MAX_AGE_MS = 20;

/** GET /v1/partners/{id}/consumption, /consumption/monthly and /balance (SPEC §4, §5). */
export const partnerQueryRoutes: FastifyPluginAsyncTypebox<{ read: ReadSide }> = async (app, options) => {
  const { read } = options;
  // The heaviest answer (every customer of a partner): kept until the tables it reads change.
  const consumptionAnswers = new AnswerCache<PartnerConsumption>(
    new ReadModelVersion(read.pool, [CONSUMPTION_SCHEMA, DIRECTORY_SCHEMA]),
  );

  app.get(
    '/v1/partners/:id/consumption',
    {
      schema: {
        summary: 'Consumption summary of a partner in a booking period',
        description:
          'Per customer and summed: consumption, refunds, adjustments, vouchers used and net in the booking period ' +
          '(late events of closed periods count in the period they are booked into). Accept: text/csv gives the ' +
          'customers as CSV (nested figures as dotted columns).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'getPartnerConsumption',
        params: IdParams('a partner id'),
        querystring: Type.Object({ period: PeriodField(), ...CommonQuery.properties }),
        response: {
          200: answer('the consumption of the partner and of each customer', PartnerConsumption, CONSUMPTION_EXAMPLE),
          ...partnerQueryProblems('querystring/period must be a period "YYYY-MM" like "2026-10" (got "2026-13")'),
        },
      },
    },
    async (request, reply) => {
      await read.reach(reply, request.query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const { period } = request.query;
      const answer = await consumptionAnswers.get(
        `${partner.partnerId}\u0000${period}`,
        () => consumptionOfPartner(read.db, partner, period),
        (value) => String(reply.serialize(value)),
        // Read-your-writes asks for the version now; otherwise one read up to 20 ms ago will do
        // (the projections themselves poll the log every 100 ms).
        request.query.minPosition === undefined ? ANSWER_MAX_AGE_MS : 0,
      );
      const consumption = answer.value;
      if (wantsCsv(request)) {
        return sendCsv(reply, {
          columns: CUSTOMER_COLUMNS,
          filename: `consumption-${partner.partnerId}-${request.query.period}.csv`,
          limit: consumption.customers.length,
          cursor: undefined,
          page: async () => ({ items: consumption.customers, nextCursor: null }),
        });
      }
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      if (acceptsGzip(request.headers['accept-encoding'])) {
        return reply.header('content-encoding', 'gzip').send((await answer.gzip()) as unknown as PartnerConsumption);
      }
      // The cached body is this route's answer, serialised by its schema when it was computed.
      return reply.send(answer.body as unknown as PartnerConsumption);
    },
  );

  app.get(
    '/v1/partners/:id/consumption/monthly',
    {
      schema: {
        summary: 'Consumption of a partner in each booking period of a range',
        description:
          'The partner figures of GET /v1/partners/{id}/consumption for every period from `from` to `to` ' +
          `(inclusive, at most ${MAX_MONTHLY_PERIODS}), oldest first, with how many customers each lists; ` +
          'zeros for a period with nothing booked. One request for a trend instead of one per month. ' +
          'Accept: text/csv gives the periods as CSV.',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'getPartnerMonthlyConsumption',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          from: PeriodField(),
          to: PeriodField(),
          ...CommonQuery.properties,
        }),
        response: {
          200: answer(
            'the consumption of the partner in each period',
            PartnerMonthlyConsumption,
            MONTHLY_CONSUMPTION_EXAMPLE,
          ),
          ...partnerQueryProblems(
            `from 2024-01 to 2026-10 spans 34 periods; at most ${MAX_MONTHLY_PERIODS} are answered at once`,
          ),
        },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      checkRange({ name: 'from', text: from, value: from }, { name: 'to', text: to, value: to }, (a, b) => a > b);
      const spanned = periodsSpanned(from, to);
      if (spanned > MAX_MONTHLY_PERIODS) {
        throw new ProblemError(
          problem(
            'invalid-request',
            `from ${from} to ${to} spans ${spanned} periods; at most ${MAX_MONTHLY_PERIODS} are answered at once`,
          ),
        );
      }
      await read.reach(reply, request.query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const monthly = await monthlyConsumptionOfPartner(read.db, partner, from, to);
      if (wantsCsv(request)) {
        return sendCsv(reply, {
          columns: MONTH_COLUMNS,
          filename: `consumption-${partner.partnerId}-${from}-${to}.csv`,
          limit: monthly.items.length,
          cursor: undefined,
          page: async () => ({ items: monthly.items, nextCursor: null }),
        });
      }
      return monthly;
    },
  );

  app.get(
    '/v1/partners/:id/balance',
    {
      schema: {
        summary: 'Reseller funds and voucher quota of a partner',
        description: 'Zeros where nothing happened (e.g. funds of a partner that is not a reseller).',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'getPartnerBalance',
        params: IdParams('a partner id'),
        querystring: CommonQuery,
        response: {
          200: answer('funds and voucher quota', PartnerBalance, BALANCE_EXAMPLE),
          ...partnerQueryProblems(
            'params/id must be a partner id (1–128 characters without spaces, /, ?, # or %) (got "P 1")',
          ),
        },
      },
    },
    async (request, reply) => {
      await read.reach(reply, request.query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const balance = await partnerBalance(read.db, partner.partnerId);
      if (!balance) throw new ProblemError(problem('not-found', `partner ${partner.partnerId} is not known`));
      return balance;
    },
  );
};

/** Whether `Accept-Encoding` allows gzip (named, or `*`, without `q=0`). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== '*') return false;
    return !params.some((param) => /^\s*q=0(\.0*)?\s*$/.test(param));
  });
}
