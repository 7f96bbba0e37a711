import { Decimal, formatMoney } from '@reckon/domain';
import type { EventStore } from '@reckon/event-store';
import {
  checkPublish,
  draftAnswer,
  getStatement,
  INCENTIVES_SCHEMA,
  incentivesProjection,
  markPublished,
  rebuildStatement,
  revisionPublishedEvent,
  statementHead,
  trueUpAnswer,
  waitForPosition,
} from '@reckon/projections';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { CommandHandler } from '../../application/command-handler';
import { WRITER_ROLES } from '../../auth/access';
import { principalOf } from '../../plugins/auth';
import { ProblemError, problem, RETRY_AFTER_SECONDS } from '../../plugins/problems';
import { actorOf } from '../actor';
import { toCsv, wantsCsv } from '../csv';
import {
  type CommonQuery,
  commonQueryProperties,
  idParam,
  PERIOD_PATTERN,
  queryErrorResponses,
  revisionParam,
} from '../queries/params';
import type { ReadSide } from '../queries/read-side';
import {
  INCENTIVE_ITEM_FIELDS,
  publishAnswerSchema,
  rebuildAnswerSchema,
  rebuildBodySchema,
  statementSchema,
} from './schemas';

export interface StatementRouteOptions {
  read: ReadSide;
  commands: CommandHandler;
  store: EventStore;
  /** How long a command waits for the incentives projection (default 5 s). */
  waitMs?: number;
}

/** 409 for a revision that cannot be published (not a draft, or stale). */
function conflict(detail: string) {
  return {
    ...problem('concurrent-modification', detail),
    type: 'urn:reckon:problem:statement-conflict',
    title: 'Statement revision conflict',
  };
}

const statementParams = {
  type: 'object',
  required: ['id', 'period'],
  properties: {
    id: idParam('partner id'),
    period: { type: 'string', pattern: PERIOD_PATTERN, description: 'period YYYY-MM' },
  },
} as const;

type StatementParams = { id: string; period: string };

/**
 * GET /v1/partners/{id}/statements/{period}[?revision=n], and the commands that rebuild a statement
 * under another rule version (a draft with a line diff) and publish a draft (SPEC §5;
 * docs/incentives.md has the runbook).
 */
export async function statementRoutes(app: FastifyInstance, options: StatementRouteOptions): Promise<void> {
  const { read, commands, store } = options;
  const waitMs = options.waitMs ?? 5000;

  /** Commands act on the log as it is now: wait until the incentives projection has all of it. */
  async function caughtUp(reply: FastifyReply, position?: number): Promise<boolean> {
    const target = position ?? (await store.headPosition());
    const reached = await waitForPosition(read.pool, target, waitMs, [incentivesProjection]);
    if (!reached && position === undefined) {
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      throw new ProblemError(
        problem('not-ready', `the incentives projection has not reached position ${target} yet; retry`),
      );
    }
    return reached;
  }

  async function knownPartner(partnerId: string) {
    const partner = await read.partner(partnerId);
    if (!partner) throw new ProblemError(problem('not-found', `partner ${partnerId} is not known`));
    return partner;
  }

  app.get<{ Params: StatementParams; Querystring: CommonQuery & { revision?: number } }>(
    '/v1/partners/:id/statements/:period',
    {
      schema: {
        summary: 'Incentive statement of a partner and period',
        description:
          'The current revision (or ?revision=n: an earlier one, or an unpublished draft) with its lines, total and ' +
          'checksum (sha256 of the canonical lines, reproduced exactly by a replay). Status: estimated (period ' +
          'open, follows new events), confirmed (period closed), superseded (history), draft (a rebuild). ' +
          'Accept: text/csv gives the lines as CSV (the columns of the incentive detail) with the revision, ' +
          'status, total and checksum in X-Statement-* headers.',
        tags: ['queries'],
        security: [{ bearer: [] }],
        params: statementParams,
        querystring: {
          type: 'object',
          properties: { revision: revisionParam('an earlier revision, or a draft'), ...commonQueryProperties },
        },
        response: { 200: statementSchema, ...queryErrorResponses },
      },
    },
    async (request, reply) => {
      await read.reach(reply, request.query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const { period } = request.params;
      const { revision } = request.query;
      const statement = await getStatement(
        read.pool,
        INCENTIVES_SCHEMA,
        partner.partnerId,
        period,
        partner.currency,
        revision,
      );
      if (!statement) {
        const what = revision === undefined ? '' : ` revision ${revision}`;
        throw new ProblemError(
          problem('not-found', `partner ${partner.partnerId} has no statement${what} for ${period}`),
        );
      }
      if (wantsCsv(request)) {
        // The lines are the list; what belongs to the revision as a whole goes into headers.
        return reply
          .type('text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="statement-${partner.partnerId}-${period}-r${statement.revision}.csv"`,
          )
          .header('x-statement-revision', String(statement.revision))
          .header('x-statement-status', statement.status)
          .header('x-statement-total', statement.total)
          .header('x-statement-checksum', statement.checksum)
          .send(toCsv(INCENTIVE_ITEM_FIELDS, statement.lines));
      }
      return statement;
    },
  );

  app.post<{ Params: StatementParams; Body: { rulesVersion: string | number } }>(
    '/v1/partners/:id/statements/:period/rebuild',
    {
      config: { roles: WRITER_ROLES },
      schema: {
        summary: 'Rebuild a statement under a rule version (a draft revision)',
        description:
          'Computes a draft revision of the statement under the named published rule set (closed periods ' +
          'included) with a line-by-line diff against the current revision. Nothing is appended: publish the draft ' +
          'to make it current. A newer rebuild of the same statement replaces the draft. 404: unknown partner or no ' +
          'statement for the period; 422: the rule version is not published.',
        tags: ['commands'],
        security: [{ bearer: [] }],
        params: statementParams,
        body: rebuildBodySchema,
        response: { 201: rebuildAnswerSchema, ...queryErrorResponses },
      },
    },
    async (request, reply) => {
      const partner = await knownPartner(request.params.id);
      const { period } = request.params;
      const rulesVersion = String(request.body.rulesVersion);
      await caughtUp(reply);
      const outcome = await rebuildStatement(
        read.pool,
        partner.partnerId,
        period,
        rulesVersion,
        actorOf(principalOf(request)),
      );
      if (outcome.kind === 'no-statement') {
        throw new ProblemError(problem('not-found', `partner ${partner.partnerId} has no statement for ${period}`));
      }
      if (outcome.kind === 'unknown-rules') {
        const known = outcome.known.length > 0 ? outcome.known.map((v) => JSON.stringify(v)).join(', ') : 'none';
        throw new ProblemError(
          problem(
            'invariant-violated',
            `rule-set version ${JSON.stringify(rulesVersion)} is not published (published: ${known})`,
            {
              rule: 'referenced-id-exists',
            },
          ),
        );
      }
      request.log.info(
        { partnerId: partner.partnerId, period, revision: outcome.draft.revision, rulesVersion },
        'statement rebuilt',
      );
      return reply.code(201).send(draftAnswer(outcome.draft, partner.currency));
    },
  );

  app.post<{ Params: StatementParams & { revision: number } }>(
    '/v1/partners/:id/statements/:period/revisions/:revision/publish',
    {
      config: { roles: WRITER_ROLES },
      schema: {
        summary: 'Publish a draft revision of a statement',
        description:
          'Appends StatementRevisionPublished (so a replay reproduces the revision and its true-up) and makes the ' +
          'draft current. For a closed period the closed revision stays as it was and the difference of totals is ' +
          'booked as a TrueUp line (correctsPeriod set) in the first open period. 404: no such revision; 409: the ' +
          'revision is not a draft, or the statement got a newer revision since the rebuild (rebuild again).',
        tags: ['commands'],
        security: [{ bearer: [] }],
        params: {
          type: 'object',
          required: ['id', 'period', 'revision'],
          properties: { ...statementParams.properties, revision: revisionParam('the draft revision') },
        },
        response: { 200: publishAnswerSchema, ...queryErrorResponses },
      },
    },
    async (request, reply) => {
      const partner = await knownPartner(request.params.id);
      const { period, revision } = request.params;
      await caughtUp(reply);
      const check = await checkPublish(read.pool, partner.partnerId, period, revision);
      if (check.kind === 'not-found') {
        throw new ProblemError(
          problem('not-found', `partner ${partner.partnerId} has no revision ${revision} for ${period}`),
        );
      }
      if (check.kind === 'not-draft') {
        throw new ProblemError(
          conflict(`revision ${revision} of ${period} is ${check.status}, not a draft; only drafts are published`),
        );
      }
      if (check.kind === 'stale') {
        throw new ProblemError(
          conflict(
            `the statement got revision ${check.current} after this draft was made; rebuild it again and publish the new draft`,
          ),
        );
      }
      const { draft } = check;
      const outcome = await commands.append(
        [revisionPublishedEvent(check, partner.partnerId, period, partner.currency)],
        { actor: actorOf(principalOf(request)), requestId: request.id },
      );
      if (outcome.kind === 'refused' && outcome.rule === 'statement-revision-is-new') {
        throw new ProblemError(conflict(outcome.detail));
      }
      if (outcome.kind !== 'appended') {
        const detail = 'detail' in outcome ? outcome.detail : `could not append (${outcome.kind}); retry`;
        throw new ProblemError(problem('invariant-violated', detail, 'rule' in outcome ? { rule: outcome.rule } : {}));
      }
      await markPublished(read.pool, partner.partnerId, period, revision, outcome.lastPosition);
      let trueUp: { period: string; amount: string } | null;
      if (await caughtUp(reply, outcome.lastPosition)) {
        trueUp = trueUpAnswer(
          await statementHead(read.pool, INCENTIVES_SCHEMA, partner.partnerId, period, revision),
          partner.currency,
        );
      } else {
        // The projection is slow: the same figures from the draft (it books them once it gets there).
        const difference = new Decimal(draft.total).minus(check.currentTotal);
        trueUp =
          check.closed && check.firstOpen && !difference.isZero()
            ? { period: check.firstOpen, amount: formatMoney(difference, partner.currency) }
            : null;
      }
      request.log.info(
        { partnerId: partner.partnerId, period, revision, position: outcome.lastPosition },
        'statement revision published',
      );
      return reply.code(200).send({ revision, status: 'published', trueUp });
    },
  );
}
