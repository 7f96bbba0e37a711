/**
 * Reads of the incentives tables shared by the projection (inside its batch transaction) and by
 * the statement rebuild (inside a read transaction): source lines, programme spells, rule sets,
 * nets and revision lines; and the projection's record of enrolments (`recordProgramChange`).
 */
import { Decimal, type PublishedRuleSet } from '@reckon/domain';
import { ProjectionError } from '../errors.js';
import type { KnownEvent } from '../events.js';
import type { Queryable } from '../projection.js';
import type { RatedLineContent } from '../statements/checksum.js';
import { millis } from '../time.js';
import type { ProgramSpell, SourceLine, SourceType } from './rating.js';
import { SOURCE_LINE_SELECT, type StatementHead, sourceLineFromRow, statementFromRow } from './schema.js';

export interface Pair {
  partnerId: string;
  period: string;
}

/** Appends to the list kept under `key`, creating it. */
export function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export const pairKey = (partnerId: string, period: string): string => `${partnerId}\u0000${period}`;

/** Source lines of the given partner × periods, by pair key, in log order. */
export async function loadSourceLines(
  client: Queryable,
  schema: string,
  pairs: readonly Pair[],
): Promise<Map<string, SourceLine[]>> {
  const map = new Map<string, SourceLine[]>();
  if (pairs.length === 0) return map;
  const result = await client.query(
    `SELECT ${SOURCE_LINE_SELECT} FROM ${schema}.source_lines f
       JOIN unnest($1::text[], $2::text[]) AS k(partner_id, period) USING (partner_id, period)
      ORDER BY f.position, f.source_type, f.source_id`,
    [pairs.map((p) => p.partnerId), pairs.map((p) => p.period)],
  );
  for (const row of result.rows) {
    const line = sourceLineFromRow(row);
    const key = pairKey(line.partnerId, line.period);
    pushTo(map, key, line);
  }
  return map;
}

export async function loadSpells(
  client: Queryable,
  schema: string,
  partnerIds: Iterable<string>,
): Promise<Map<string, ProgramSpell[]>> {
  const ids = [...new Set(partnerIds)];
  const map = new Map<string, ProgramSpell[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return map;
  const result = await client.query(
    `SELECT partner_id, program, to_json(enrolled_at) #>> '{}' AS enrolled_at, to_json(withdrawn_at) #>> '{}' AS withdrawn_at
       FROM ${schema}.partner_programs WHERE partner_id = ANY($1::text[]) ORDER BY partner_id, program, seq`,
    [ids],
  );
  for (const r of result.rows) {
    map.get(r.partner_id)?.push({
      program: r.program,
      fromMs: millis(r.enrolled_at),
      toMs: r.withdrawn_at === null ? null : millis(r.withdrawn_at),
    });
  }
  return map;
}

/** Every published rule set, in publication (log) order. */
export async function loadRuleSets(client: Queryable, schema: string): Promise<PublishedRuleSet[]> {
  const result = await client.query(
    `SELECT version, effective_from, rules, tiers, programs, to_json(published_at) #>> '{}' AS published_at
       FROM ${schema}.rule_sets ORDER BY seq`,
  );
  return result.rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effective_from,
    rules: r.rules,
    tiers: r.tiers,
    programs: r.programs,
    publishedAt: r.published_at,
  }));
}

export async function loadNets(
  client: Queryable,
  schema: string,
  pairs: readonly Pair[],
): Promise<Map<string, Decimal>> {
  const map = new Map<string, Decimal>();
  if (pairs.length === 0) return map;
  const result = await client.query(
    `SELECT n.partner_id, n.period, n.net FROM ${schema}.partner_period_net n
       JOIN unnest($1::text[], $2::text[]) AS k(partner_id, period) USING (partner_id, period)`,
    [pairs.map((p) => p.partnerId), pairs.map((p) => p.period)],
  );
  for (const r of result.rows) map.set(pairKey(r.partner_id, r.period), new Decimal(r.net));
  return map;
}

/** The current revisions of the given pairs (those that have one), by pair key. */
export async function loadCurrentHeads(
  client: Queryable,
  schema: string,
  pairs: readonly Pair[],
): Promise<Map<string, StatementHead>> {
  const map = new Map<string, StatementHead>();
  if (pairs.length === 0) return map;
  const result = await client.query(
    `SELECT s.* FROM ${schema}.statements s
       JOIN unnest($1::text[], $2::text[]) AS k(partner_id, period) USING (partner_id, period)
      WHERE s.current`,
    [pairs.map((p) => p.partnerId), pairs.map((p) => p.period)],
  );
  for (const r of result.rows) {
    const head = statementFromRow(r);
    map.set(pairKey(head.partnerId, head.period), head);
  }
  return map;
}

/** A line of a stored revision: its source facts and its rating. */
export interface RevisionLine extends SourceLine {
  rate: Decimal;
  amount: Decimal;
}

/** The lines of one stored revision, in log order. */
export async function loadRevisionLines(
  client: Queryable,
  schema: string,
  head: Pair & { revision: number },
): Promise<RevisionLine[]> {
  const result = await client.query(
    `SELECT ${SOURCE_LINE_SELECT}, l.rate, l.amount
       FROM ${schema}.statement_lines l
       JOIN ${schema}.source_lines f USING (partner_id, period, source_type, source_id)
      WHERE l.partner_id = $1 AND l.period = $2 AND l.revision = $3
      ORDER BY l.position, l.source_type, l.source_id`,
    [head.partnerId, head.period, head.revision],
  );
  return result.rows.map((row) => ({
    ...sourceLineFromRow(row),
    rate: new Decimal(row.rate),
    amount: new Decimal(row.amount),
  }));
}

/** Key of one revision of a partner × period. */
export const revisionKey = (r: Pair & { revision: number }): string =>
  `${pairKey(r.partnerId, r.period)}\u0000${r.revision}`;

/** What the checksums of stored revisions cover, per line, by `revisionKey`. */
export async function loadChecksumLines(
  client: Queryable,
  schema: string,
  revisions: readonly (Pair & { revision: number })[],
): Promise<Map<string, RatedLineContent[]>> {
  const map = new Map<string, RatedLineContent[]>();
  if (revisions.length === 0) return map;
  const result = await client.query(
    `SELECT l.partner_id, l.period, l.revision, l.source_type, l.source_id, f.base, l.rate, l.amount, f.corrects_period
       FROM ${schema}.statement_lines l
       JOIN unnest($1::text[], $2::text[], $3::integer[]) AS k(partner_id, period, revision)
         USING (partner_id, period, revision)
       JOIN ${schema}.source_lines f USING (partner_id, period, source_type, source_id)`,
    [revisions.map((r) => r.partnerId), revisions.map((r) => r.period), revisions.map((r) => r.revision)],
  );
  for (const row of result.rows) {
    pushTo(map, revisionKey({ partnerId: row.partner_id, period: row.period, revision: Number(row.revision) }), {
      sourceType: row.source_type,
      sourceId: row.source_id,
      base: new Decimal(row.base),
      rate: new Decimal(row.rate),
      amount: new Decimal(row.amount),
      correctsPeriod: row.corrects_period,
    });
  }
  return map;
}

/** The total and line count of stored revisions, by pair key (one revision per pair). */
export async function loadRevisionTotals(
  client: Queryable,
  schema: string,
  revisions: readonly (Pair & { revision: number })[],
): Promise<Map<string, { total: Decimal; lineCount: number }>> {
  const result = await client.query(
    `SELECT l.partner_id, l.period, sum(l.amount) AS total, count(*) AS lines FROM ${schema}.statement_lines l
       JOIN unnest($1::text[], $2::text[], $3::integer[]) AS k(partner_id, period, revision)
         USING (partner_id, period, revision)
      GROUP BY l.partner_id, l.period`,
    [revisions.map((h) => h.partnerId), revisions.map((h) => h.period), revisions.map((h) => h.revision)],
  );
  return new Map(
    result.rows.map((r) => [
      pairKey(r.partner_id, r.period),
      { total: new Decimal(r.total), lineCount: Number(r.lines) },
    ]),
  );
}

/** Splits a list into chunks of at most `size`: whole-period work is done a few statements at a time. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The ratings of one stored revision's lines (what a diff compares), in log order. */
export async function loadRevisionRatings(
  client: Queryable,
  schema: string,
  head: Pair & { revision: number },
): Promise<
  { sourceType: SourceType; sourceId: string; position: number; base: Decimal; rate: Decimal; amount: Decimal }[]
> {
  const result = await client.query(
    `SELECT l.source_type, l.source_id, l.position, f.base, l.rate, l.amount
       FROM ${schema}.statement_lines l
       JOIN ${schema}.source_lines f USING (partner_id, period, source_type, source_id)
      WHERE l.partner_id = $1 AND l.period = $2 AND l.revision = $3
      ORDER BY l.position`,
    [head.partnerId, head.period, head.revision],
  );
  return result.rows.map((r) => ({
    sourceType: r.source_type,
    sourceId: r.source_id,
    position: Number(r.position),
    base: new Decimal(r.base),
    rate: new Decimal(r.rate),
    amount: new Decimal(r.amount),
  }));
}

/** Records an enrolment (numbered after the partner's earlier ones in the programme) or ends the open one. */
export async function recordProgramChange(
  client: Queryable,
  schema: string,
  e: Extract<KnownEvent, { type: 'PartnerProgramEnrolled' | 'PartnerProgramWithdrawn' }>,
): Promise<void> {
  const { partnerId, program } = e.data;
  const rows = await client.query(
    `SELECT seq, withdrawn_at FROM ${schema}.partner_programs WHERE partner_id = $1 AND program = $2 ORDER BY seq`,
    [partnerId, program],
  );
  if (e.type === 'PartnerProgramEnrolled') {
    const seq = rows.rows.reduce((m, r) => Math.max(m, Number(r.seq)), 0) + 1;
    await client.query(
      `INSERT INTO ${schema}.partner_programs (partner_id, program, seq, enrolled_at) VALUES ($1, $2, $3, $4)`,
      [partnerId, program, seq, e.occurredAt],
    );
  } else {
    const open = rows.rows.find((r) => r.withdrawn_at === null);
    if (!open) {
      throw new ProjectionError(
        `PartnerProgramWithdrawn: ${partnerId} is not enrolled in ${program}`,
        e.globalPosition,
      );
    }
    await client.query(
      `UPDATE ${schema}.partner_programs SET withdrawn_at = $4 WHERE partner_id = $1 AND program = $2 AND seq = $3`,
      [partnerId, program, open.seq, e.occurredAt],
    );
  }
}

/**
 * A partner's source lines from `occurredAt` on take the level now in force at their own
 * occurredAt (`levelOf`, the fold's `levelAt`): the lines a back-dated level change reaches. Returns
 * how many changed.
 */
export async function relevelSourceLines(
  client: Queryable,
  schema: string,
  partnerId: string,
  occurredAt: string,
  levelOf: (occurredAt: string) => string | null,
): Promise<number> {
  const found = await client.query(
    `SELECT period, source_type, source_id, partner_level, to_json(occurred_at) #>> '{}' AS occurred_at
       FROM ${schema}.source_lines WHERE partner_id = $1 AND occurred_at >= $2`,
    [partnerId, occurredAt],
  );
  const changed = found.rows
    .map((r) => ({ ...r, level: levelOf(r.occurred_at) }))
    .filter((r) => r.level !== r.partner_level);
  if (changed.length === 0) return 0;
  await client.query(
    `UPDATE ${schema}.source_lines AS f SET partner_level = u.level
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(period, source_type, source_id, level)
      WHERE f.partner_id = $1 AND f.period = u.period AND f.source_type = u.source_type AND f.source_id = u.source_id`,
    [
      partnerId,
      changed.map((r) => r.period),
      changed.map((r) => r.source_type),
      changed.map((r) => r.source_id),
      changed.map((r) => r.level),
    ],
  );
  return changed.length;
}
