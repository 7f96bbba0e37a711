import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { MAX_INTEGER, PeriodField, PeriodYearField } from '@reckon/domain';
import type { EventStore } from '@reckon/event-store';
import {
  decodeCursor,
  encodeCursor,
  getStatement,
  INCENTIVES_SCHEMA,
  IncentiveItem,
  InvalidCursorError,
  incentivesProjection,
  listDigest,
  listRevisions,
  listStatements,
  type Page,
  PageOf,
  PublishedRevision,
  Statement,
  StatementDraft,
  StatementRevisionItem,
  StatementSummary,
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
import { bodyAsSent } from '../body-as-sent.js';
import { csvColumns, toCsv, wantsCsv } from '../csv.js';
import {
  DRAFT_EXAMPLE,
  NOT_REACHED,
  PUBLISHED_EXAMPLE,
  REVISIONS_EXAMPLE,
  STATEMENT_EXAMPLE,
  STATEMENTS_EXAMPLE,
} from '../examples.js';
import { sendList } from '../queries/csv.js';
import { CommonQuery, IdParam, IdParams, ListQuery, RevisionParam, renderInstant } from '../queries/params.js';
import type { ReadSide } from '../queries/read-side.js';
import { answer, partnerQueryProblems, problemAnswers } from '../responses.js';

export interface StatementRouteOptions {
  read: ReadSide;
  commands: CommandHandler;
  store: EventStore;
  /** How long a command waits for the incentives projection (default 5 s). */
  waitMs?: number;
}

/** 409 for a revision that cannot be published (not a draft, stale, or no longer what publishing books). */
function conflict(detail: string): Problem {
  return {
    ...problem('concurrent-modification', detail),
    type: 'urn:reckon:problem:statement-conflict',
    title: 'Statement revision conflict',
  };
}

/** The CSV columns of incentive lines: the incentive detail's and a statement's. */
export const LINE_COLUMNS = csvColumns(IncentiveItem);
const SUMMARY_COLUMNS = csvColumns(StatementSummary);
const REVISION_COLUMNS = csvColumns(StatementRevisionItem);

/**
 * An incentive line with its times in `zone` (UTC, or the partner's with `?tz=partner`): the one
 * rendering of a line, for the incentive detail and a statement's lines alike (SPEC §5).
 */
export function lineInZone(line: IncentiveItem, zone: string): IncentiveItem {
  return zone === 'UTC' ? line : { ...line, occurredAt: renderInstant(line.occurredAt, zone) };
}

/**
 * A short list held whole (a year of periods, the revisions of one), paged like every list: the
 * cursor carries the key of the last item given and the filters it was made for.
 */
function pageOf<T>(items: T[], keyOf: (item: T) => string | number, digest: string) {
  return async (limit: number, cursor: string | undefined): Promise<Page<T>> => {
    let from = 0;
    if (cursor) {
      const [after] = decodeCursor(cursor, digest);
      from = items.findIndex((item) => keyOf(item) === after) + 1;
      if (from === 0) throw new InvalidCursorError('not-issued');
    }
    const shown = items.slice(from, from + limit);
    const last = shown[shown.length - 1];
    const more = from + limit < items.length;
    return { items: shown, nextCursor: more && last !== undefined ? encodeCursor([keyOf(last)], digest) : null };
  };
}

const StatementParams = Type.Object({ id: IdParam('a partner id'), period: PeriodField() });

const RebuildBody = Type.Object(
  {
    rulesVersion: Type.Union(
      [Type.String({ minLength: 1, maxLength: 64 }), Type.Integer({ minimum: 1, maximum: MAX_INTEGER })],
      {
        description: 'a published rule-set version: a string of 1–64 characters like "2026.11", or a positive integer',
      },
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
    '/v1/partners/:id/statements',
    {
      schema: {
        summary: 'Statements of a partner, one per period (对账单)',
        description:
          'Per booking period, oldest first: the current revision with its rule version, status and total, and how ' +
          'many revisions the period has had (unpublished drafts included). year keeps the periods of one year. ' +
          'Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'listStatements',
        params: IdParams('a partner id'),
        querystring: Type.Object({
          year: Type.Optional(PeriodYearField()),
          ...ListQuery.properties,
        }),
        response: {
          200: answer('a page of statements', PageOf(StatementSummary, 'by period, oldest first'), STATEMENTS_EXAMPLE),
          ...partnerQueryProblems('querystring/year must be >= 1969 (got 26)'),
        },
      },
    },
    async (request, reply) => {
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const items = await listStatements(read.pool, INCENTIVES_SCHEMA, partner.partnerId, partner.currency, query.year);
      const digest = listDigest('statements', { partnerId: partner.partnerId, year: query.year });
      return sendList(request, reply, {
        columns: SUMMARY_COLUMNS,
        filename: `statements-${partner.partnerId}${query.year ? `-${query.year}` : ''}.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page: pageOf(items, (item) => item.period, digest),
      });
    },
  );

  app.get(
    '/v1/partners/:id/statements/:period/revisions',
    {
      schema: {
        summary: 'Every revision of a statement',
        description:
          'The revisions of a partner’s statement of a period, by revision: the one frozen at close, rebuilds ' +
          'published since (superseding it), and unpublished drafts, each with its rule version, status, total and ' +
          'checksum. Pages with limit and cursor; Accept: text/csv gives the same fields.',
        tags: ['queries'],
        security: [{ bearer: [] }],
        operationId: 'listStatementRevisions',
        params: StatementParams,
        querystring: ListQuery,
        response: {
          200: answer('a page of revisions', PageOf(StatementRevisionItem, 'by revision'), REVISIONS_EXAMPLE),
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
      const { query } = request;
      await read.reach(reply, query.minPosition);
      const partner = await read.readablePartner(request, request.params.id);
      const { period } = request.params;
      const items = await listRevisions(read.pool, INCENTIVES_SCHEMA, partner.partnerId, period, partner.currency);
      if (items.length === 0) {
        throw new ProblemError(problem('not-found', `partner ${partner.partnerId} has no statement for ${period}`));
      }
      const digest = listDigest('statement-revisions', { partnerId: partner.partnerId, period });
      return sendList(request, reply, {
        columns: REVISION_COLUMNS,
        filename: `statement-${partner.partnerId}-${period}-revisions.csv`,
        limit: query.limit,
        cursor: query.cursor,
        page: pageOf(items, (item) => item.revision, digest),
      });
    },
  );

  app.get(
    '/v1/partners/:id/statements/:period',
    {
      schema: {
        summary: 'Incentive statement of a partner and period',
        description:
          'The current revision (or ?revision=n: an earlier one, or an unpublished draft) with its lines, total and ' +
          'checksum (sha256 of the canonical lines, reproduced exactly by a replay). Status: estimated (period ' +
          'open, follows new events), confirmed (period closed), superseded (history), draft (a rebuild). ' +
          'tz=partner renders the lines as the incentive detail does (occurredAt in the partner’s zone). ' +
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
      const found = await getStatement(
        read.pool,
        INCENTIVES_SCHEMA,
        partner.partnerId,
        period,
        partner.currency,
        revision,
      );
      if (!found) {
        const what = revision === undefined ? '' : ` revision ${revision}`;
        throw new ProblemError(
          problem('not-found', `partner ${partner.partnerId} has no statement${what} for ${period}`),
        );
      }
      const zone = await read.zone(request.query, partner.partnerId);
      const statement = { ...found, lines: found.lines.map((line) => lineInZone(line, zone)) };
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
      preValidation: bodyAsSent(RebuildBody),
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
            400: 'body/rulesVersion must be a published rule-set version: a string of 1–64 characters like "2026.11", or a positive integer (got true)',
            403: 'role partner may not POST /v1/partners/:id/statements/:period/rebuild',
            413: 'the body is 16777216 bytes; the limit is 8388608',
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
          'draft current. The statement is first recomputed as the projection will make it: for a closed period the ' +
          'closed revision stays as it was and the difference of totals is booked as a TrueUp line (correctsPeriod ' +
          'set) in the first open period, and a draft that no longer matches the recomputation (a back-dated level ' +
          'or programme change since the rebuild) is refused; an open period is published as recomputed (its ' +
          'revision follows new events). The event carries the totals of the revision it publishes. 404: no such ' +
          'revision; 409: the revision is not a draft, the statement got a newer revision since the rebuild, or a ' +
          "closed period's draft no longer matches what publishing would book (rebuild again; nothing appended); " +
          '422 (rule statement-total-within-bounds): its totals are beyond the bounds of an amount (15 integer ' +
          'digits), nothing is appended and the draft stays a draft.',
        tags: ['commands'],
        security: [{ bearer: [] }],
        operationId: 'publishStatementRevision',
        params: Type.Object({ ...StatementParams.properties, revision: RevisionParam('the draft revision') }),
        response: {
          200: answer('published, with the TrueUp it booked', PublishedRevision, PUBLISHED_EXAMPLE),
          ...problemAnswers({
            400: 'params/revision must be >= 1 (got 0)',
            403: 'role partner may not POST /v1/partners/:id/statements/:period/revisions/:revision/publish',
            413: 'the body is 16777216 bytes; the limit is 8388608',
            404: 'partner R200 has no revision 7 for 2026-10',
            409: {
              kind: 'concurrent-modification',
              detail: 'revision 2 of 2026-10 is confirmed, not a draft; only drafts are published',
              members: { type: 'urn:reckon:problem:statement-conflict', title: 'Statement revision conflict' },
            },
            422: {
              kind: 'invariant-violated',
              detail:
                'revision 2 cannot be published: its totals are beyond the bounds of an amount ' +
                '(/data/totalBefore: must have at most 15 integer digits (got 16))',
              members: { rule: 'statement-total-within-bounds' },
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
    case 'changed':
      return conflict(
        `revision ${revision} of ${period} no longer matches what publishing would book: events since the rebuild changed its lines or rates (draft total ${outcome.draftTotal}, now ${outcome.total}); rebuild it again and publish the new draft`,
      );
    case 'refused':
      return outcome.rule === 'statement-revision-is-new'
        ? conflict(outcome.detail)
        : problem('invariant-violated', outcome.detail, outcome.rule ? { rule: outcome.rule } : {});
  }
}
