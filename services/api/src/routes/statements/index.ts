import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_INTEGER, PeriodField } from '@reckon/domain';
import type { EventStore } from '@reckon/event-store';
import {
  getStatement,
  INCENTIVES_SCHEMA,
  IncentiveItem,
  incentivesProjection,
  PublishedRevision,
  Statement,
  StatementDraft,
  waitForPosition,
} from '@reckon/projections';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { CommandHandler } from '../../application/command-handler.js';
import {
  publishStatementRevision,
  rebuildStatementDraft,
  type StatementCommandDeps,
  type StatementRefusal,
} from '../../application/statements.js';
import { WRITER_ROLES } from '../../auth/access.js';
import { principalOf } from '../../plugins/auth.js';
import { type Problem, ProblemError, problem, RETRY_AFTER_SECONDS } from '../../plugins/problems.js';
import { actorOf } from '../actor.js';
import { csvColumns, toCsv, wantsCsv } from '../csv.js';
import { DRAFT_EXAMPLE, NOT_REACHED, PUBLISHED_EXAMPLE, STATEMENT_EXAMPLE } from '../examples.js';
import { CommonQuery, IdParam, RevisionParam } from '../queries/params.js';
import type { ReadSide } from '../queries/read-side.js';
import { answer, problemAnswers } from '../responses.js';

export interface StatementRouteOptions {
  read: ReadSide;
  commands: CommandHandler;
  store: EventStore;
  /** How long a command waits for the incentives projection (default 5 s). */
  waitMs?: number;
}

/** 409 for a revision that cannot be published (not a draft, or stale). */
function conflict(detail: string): Problem {
  return {
    ...problem('concurrent-modification', detail),
    type: 'urn:reckon:problem:statement-conflict',
    title: 'Statement revision conflict',
  };
}

/** A statement's lines as CSV: the columns of the incentive detail. */
const LINE_COLUMNS = csvColumns(IncentiveItem);

const StatementParams = Type.Object({ id: IdParam('a partner id'), period: PeriodField() });

const RebuildBody = Type.Object(
  {
    rulesVersion: Type.Union(
      [Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1, maximum: MAX_INTEGER })],
      { description: 'a published rule-set version' },
    ),
  },
  { additionalProperties: false, examples: [{ rulesVersion: '2026.11' }] },
);

/**
 * GET /v1/partners/{id}/statements/{period}[?revision=n], and the commands that rebuild a statement
 * under another rule version (a draft with a line diff) and publish a draft (SPEC §5;
 * docs/incentives.md has the runbook).
 */
export const statementRoutes: FastifyPluginAsyncTypebox<StatementRouteOptions> = async (app, options) => {
  const { read, commands, store } = options;
  const waitMs = options.waitMs ?? 5000;
  /** The use cases as the service runs them: the projection runner is the service's, so they wait for it. */
  const deps: StatementCommandDeps = {
    pool: read.pool,
    commands,
    partner: (partnerId) => read.partner(partnerId),
    head: () => store.headPosition(),
    reach: (position) => waitForPosition(read.pool, position, waitMs, [incentivesProjection]),
  };

  app.get(
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
        operationId: 'getStatement',
        params: StatementParams,
        querystring: Type.Object({
          revision: Type.Optional(RevisionParam('an earlier revision, or a draft')),
          ...CommonQuery.properties,
        }),
        response: {
          200: answer('the statement revision with its lines', Statement, STATEMENT_EXAMPLE),
          ...problemAnswers({
            400: 'params/period must be a period "YYYY-MM" like "2026-10" (got "2026-13")',
            403: 'this key may not read partner P9',
            404: 'partner R200 has no statement for 2026-12',
            503: NOT_REACHED,
          }),
        },
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
          .send(toCsv(LINE_COLUMNS, statement.lines));
      }
      return statement;
    },
  );

  app.post(
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
        operationId: 'rebuildStatement',
        params: StatementParams,
        body: RebuildBody,
        response: {
          201: answer('the draft revision and its diff', StatementDraft, DRAFT_EXAMPLE),
          ...problemAnswers({
            400: 'body/rulesVersion must be a published rule-set version (got true)',
            403: 'role partner may not POST /v1/partners/:id/statements/:period/rebuild',
            404: 'partner R200 has no statement for 2026-12',
            422: {
              kind: 'invariant-violated',
              detail: 'rule-set version "9.9" is not published (published: "2026.10", "2026.11")',
              members: { rule: 'referenced-id-exists' },
            },
            503: NOT_CAUGHT_UP,
          }),
        },
      },
    },
    async (request, reply) => {
      const { id: partnerId, period } = request.params;
      const rulesVersion = String(request.body.rulesVersion);
      const outcome = await rebuildStatementDraft(deps, {
        partnerId,
        period,
        rulesVersion,
        actor: actorOf(principalOf(request)),
      });
      if (outcome.kind !== 'draft') {
        throw new ProblemError(refusal(reply, outcome, { partnerId, period, rulesVersion }));
      }
      request.log.info({ partnerId, period, revision: outcome.draft.revision, rulesVersion }, 'statement rebuilt');
      return reply.code(201).send(outcome.draft);
    },
  );

  app.post(
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
        operationId: 'publishStatementRevision',
        params: Type.Object({ ...StatementParams.properties, revision: RevisionParam('the draft revision') }),
        response: {
          200: answer('published, with the TrueUp it booked', PublishedRevision, PUBLISHED_EXAMPLE),
          ...problemAnswers({
            400: 'params/revision must be >= 1 (got 0)',
            403: 'role partner may not POST /v1/partners/:id/statements/:period/revisions/:revision/publish',
            404: 'partner R200 has no revision 7 for 2026-10',
            409: {
              kind: 'concurrent-modification',
              detail: 'revision 2 of 2026-10 is confirmed, not a draft; only drafts are published',
              members: { type: 'urn:reckon:problem:statement-conflict', title: 'Statement revision conflict' },
            },
            503: NOT_CAUGHT_UP,
          }),
        },
      },
    },
    async (request, reply) => {
      const { id: partnerId, period, revision } = request.params;
      const outcome = await publishStatementRevision(deps, {
        partnerId,
        period,
        revision,
        actor: actorOf(principalOf(request)),
        requestId: request.id,
      });
      if (outcome.kind !== 'published') {
        throw new ProblemError(refusal(reply, outcome, { partnerId, period, revision }));
      }
      request.log.info({ partnerId, period, revision, position: outcome.position }, 'statement revision published');
      return reply.code(200).send(outcome.answer);
    },
  );
};

/** The 503 of a statement command while the incentives projection is behind the log. */
const NOT_CAUGHT_UP = {
  kind: 'not-ready',
  detail: 'the incentives projection has not reached the head of the log (position 42) yet; retry',
} as const;

/** The problem answering a statement command that did nothing. */
function refusal(
  reply: FastifyReply,
  outcome: StatementRefusal,
  about: { partnerId: string; period: string; revision?: number; rulesVersion?: string },
): Problem {
  const { partnerId, period, revision, rulesVersion } = about;
  switch (outcome.kind) {
    case 'unknown-partner':
      return problem('not-found', `partner ${partnerId} is not known`);
    case 'behind':
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return problem(
        'not-ready',
        `the incentives projection has not reached the head of the log (position ${outcome.head}) yet; retry`,
      );
    case 'no-statement':
      return problem('not-found', `partner ${partnerId} has no statement for ${period}`);
    case 'unknown-rules': {
      const known = outcome.known.length > 0 ? outcome.known.map((v) => JSON.stringify(v)).join(', ') : 'none';
      return problem(
        'invariant-violated',
        `rule-set version ${JSON.stringify(rulesVersion)} is not published (published: ${known})`,
        { rule: 'referenced-id-exists' },
      );
    }
    case 'no-revision':
      return problem('not-found', `partner ${partnerId} has no revision ${revision} for ${period}`);
    case 'not-draft':
      return conflict(`revision ${revision} of ${period} is ${outcome.status}, not a draft; only drafts are published`);
    case 'stale':
      return conflict(
        `the statement got revision ${outcome.current} after this draft was made; rebuild it again and publish the new draft`,
      );
    case 'refused':
      return outcome.rule === 'statement-revision-is-new'
        ? conflict(outcome.detail)
        : problem('invariant-violated', outcome.detail, outcome.rule ? { rule: outcome.rule } : {});
  }
}
