/**
 * `reckon statements rebuild|publish|show`: the statement runbook from a terminal (docs/incentives.md),
 * in-process against the service's database, through the same code as the HTTP commands.
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { createPool, type Pool } from '@reckon/database';
import { Decimal, formatMoney, isPeriod } from '@reckon/domain';
import {
  catchUp,
  directoryProjection,
  getPartner,
  getStatement,
  INCENTIVES_SCHEMA,
  incentivesProjection,
  lockKey,
  migrateDrafts,
  migrateProjections,
  ProjectionApplier,
  readModelDb,
  waitForPosition,
} from '@reckon/projections';
import { CommandHandler } from '../application/command-handler.js';
import {
  publishStatementRevision,
  rebuildStatementDraft,
  type StatementCommandDeps,
  type StatementRefusal,
} from '../application/statements.js';
import type { ProjectionCommandContext } from './rebuild-context.js';
import { table, usageError } from './usage.js';

export const STATEMENTS_USAGE = `  statements rebuild --partner P --period YYYY-MM --rules V
      Rebuild the partner's statement of the period under rule-set version V (closed periods too):
      prints the draft revision and its line-by-line diff against the current revision.
  statements publish --partner P --period YYYY-MM --revision N
      Publish draft revision N (appends StatementRevisionPublished); for a closed period prints the
      TrueUp booked in the first open period.
  statements show --partner P --period YYYY-MM [--revision N]
      Print a statement revision (default: the current one): lines, total, checksum.
      Exit code: 0 done, 1 refused (unknown partner, statement, revision or rules; not a draft), 2 usage error.`;

const READ_SIDE = [directoryProjection, incentivesProjection];

/**
 * Brings the directory and incentives read models up to the head of the log: in this process when
 * no service runs them (their advisory locks are free), else by waiting for the service (30 s at
 * most: false if they did not get there).
 */
async function upToDate(pool: Pool, ctx: ProjectionCommandContext): Promise<boolean> {
  await migrateProjections(pool, READ_SIDE);
  await migrateDrafts(pool);
  const head = await ctx.store.headPosition();
  const client = await pool.connect();
  try {
    const mine = [];
    for (const definition of READ_SIDE) {
      const locked = await client.query('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        lockKey(definition.schema),
      ]);
      if (locked.rows[0]?.locked) mine.push(new ProjectionApplier(definition, definition.schema, pool, ctx.billingTz));
    }
    if (mine.length > 0) await catchUp({ store: ctx.store, appliers: mine, toPosition: head });
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
    client.release();
  }
  return waitForPosition(pool, head, 30_000, READ_SIDE);
}

/** Why a statement command did nothing, in the runbook's words. */
function refusalText(
  outcome: StatementRefusal,
  about: { partnerId: string; period: string; revision: number | undefined; rules: string | undefined },
): string {
  const { partnerId, period, revision, rules } = about;
  switch (outcome.kind) {
    case 'unknown-partner':
      return `partner ${partnerId} is not known`;
    case 'behind':
      return `the read models did not reach log position ${outcome.head} within 30 s`;
    case 'no-statement':
      return `partner ${partnerId} has no statement for ${period}`;
    case 'unknown-rules':
      return `rule-set version ${rules} is not published (published: ${outcome.known.join(', ') || 'none'})`;
    case 'no-revision':
      return `no revision ${revision} of ${period}`;
    case 'not-draft':
      return `revision ${revision} is ${outcome.status}, not a draft`;
    case 'stale':
      return `the statement got revision ${outcome.current} after the draft was made: rebuild again`;
    case 'changed':
      return `revision ${revision} no longer matches what publishing would book: events since the rebuild changed its lines or rates (draft total ${outcome.draftTotal}, now ${outcome.total}): rebuild again`;
    case 'refused':
      return `refused: ${outcome.detail}`;
  }
}

export async function statementsCommand(args: string[], ctx: ProjectionCommandContext): Promise<number> {
  const out = ctx.stdout ?? process.stdout;
  const err = ctx.stderr ?? process.stderr;
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      partner: { type: 'string' },
      period: { type: 'string' },
      rules: { type: 'string' },
      revision: { type: 'string' },
    },
  });
  const revision = values.revision === undefined ? undefined : Number(values.revision);
  const command = `statements${sub ? ` ${sub}` : ''}`;
  const usage = (why: string) => usageError(command, why, err);
  if (sub !== 'rebuild' && sub !== 'publish' && sub !== 'show') {
    return usageError('statements', `expected rebuild, publish or show, got ${sub ?? 'nothing'}`, err);
  }
  if (!values.partner) return usage('--partner is required');
  if (values.period === undefined) return usage('--period is required (a period YYYY-MM like 2026-10)');
  if (!isPeriod(values.period)) {
    return usage(`--period must be a period YYYY-MM like 2026-10 (got ${JSON.stringify(values.period)})`);
  }
  if (revision !== undefined && (!Number.isSafeInteger(revision) || revision < 1)) {
    return usage('--revision must be a positive integer');
  }
  if (sub === 'rebuild' && !values.rules) return usage('--rules V is required');
  if (sub === 'publish' && revision === undefined) return usage('--revision N is required');
  const partnerId = values.partner;
  const period = values.period;

  const pool = createPool(ctx.databaseUrl, { max: 4, applicationName: 'reckon-statements' });
  try {
    if (!(await upToDate(pool, ctx))) {
      err.write('reckon statements: the read models did not reach the head of the log within 30 s\n');
      return 1;
    }
    const partner = await getPartner(readModelDb(pool), partnerId);
    if (!partner) {
      err.write(`reckon statements: partner ${partnerId} is not known\n`);
      return 1;
    }
    const { currency } = partner;
    const actor = { kind: 'cli', user: userInfo().username, command: `statements ${sub}` };
    /** Exit code 1 with why a rebuild or publish did nothing. */
    const refused = (outcome: StatementRefusal, rules?: string) => {
      err.write(`reckon statements: ${refusalText(outcome, { partnerId, period, revision, rules })}\n`);
      return 1;
    };

    const deps: StatementCommandDeps = {
      pool,
      commands: new CommandHandler(ctx.store),
      head: () => ctx.store.headPosition(),
      reach: () => upToDate(pool, ctx),
    };

    if (sub === 'rebuild') {
      const outcome = await rebuildStatementDraft(deps, { partnerId, period, rulesVersion: values.rules!, actor });
      if (outcome.kind !== 'draft') return refused(outcome, values.rules);
      const answer = outcome.draft;
      out.write(
        `draft revision ${answer.revision} of ${partnerId} ${period} under rules ${answer.rulesVersion} ` +
          `(current revision ${outcome.basedOnRevision})\n\n`,
      );
      const rows = answer.diff.lines.map((l) => {
        const change = l.before === null ? 'added' : l.after === null ? 'removed' : 'changed';
        const delta =
          l.before !== null && l.after !== null
            ? formatMoney(new Decimal(l.after).minus(l.before), currency)
            : (l.after ?? `-${l.before}`);
        return [change, l.sourceType, l.sourceId, l.before ?? '', l.after ?? '', delta];
      });
      out.write(
        `${table(['change', 'sourceType', 'sourceId', 'before', 'after', 'difference'], rows, new Set([3, 4, 5]))}\n\n`,
      );
      out.write(
        `total before ${answer.diff.totalBefore}  after ${answer.diff.totalAfter}  difference ${answer.diff.difference}  ` +
          `(${rows.length} line${rows.length === 1 ? '' : 's'} differ)\n` +
          `publish: pnpm reckon statements publish --partner ${partnerId} --period ${period} --revision ${answer.revision}\n`,
      );
      return 0;
    }

    if (sub === 'publish') {
      const outcome = await publishStatementRevision(deps, {
        partnerId,
        period,
        revision: revision!,
        actor,
        requestId: `statements-${randomUUID()}`,
      });
      if (outcome.kind !== 'published') return refused(outcome);
      const { trueUp } = outcome.answer;
      out.write(
        `published revision ${revision} of ${partnerId} ${period} at log position ${outcome.position}` +
          (trueUp ? `; TrueUp ${trueUp.amount} booked in ${trueUp.period}\n` : '; no TrueUp\n'),
      );
      return 0;
    }

    const statement = await getStatement(pool, INCENTIVES_SCHEMA, partnerId, period, currency, revision);
    if (!statement) {
      err.write(
        `reckon statements: no statement${revision ? ` revision ${revision}` : ''} of ${partnerId} for ${period}\n`,
      );
      return 1;
    }
    out.write(
      `${partnerId} ${period} revision ${statement.revision} (${statement.status}) rules ${statement.rulesVersion ?? '-'}\n\n`,
    );
    const rows = statement.lines.map((l) => [
      l.sourceType,
      l.sourceId,
      l.customerName ?? '',
      l.productType ?? '',
      l.correctsPeriod ?? '',
      l.base,
      l.rate,
      l.amount,
    ]);
    out.write(
      `${table(['sourceType', 'sourceId', 'customer', 'product', 'corrects', 'base', 'rate', 'amount'], rows, new Set([5, 6, 7]))}\n\n`,
    );
    out.write(`total ${statement.total}  checksum ${statement.checksum}\n`);
    return 0;
  } catch (error) {
    err.write(`reckon statements: ${(error as Error).message}\n`);
    return 1;
  } finally {
    await pool.end();
  }
}
