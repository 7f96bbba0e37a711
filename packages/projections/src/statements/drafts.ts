/**
 * Draft revisions made by a statement rebuild. They are not facts of the log, so they live outside
 * the projection's schema (a projection rebuild swaps that schema; drafts survive it) until they
 * are published (then the log's StatementRevisionPublished makes the revision) or replaced by a
 * newer rebuild of the same statement.
 */
import { type Migration, migrate } from '@reckon/database';
import type { Pool } from 'pg';
import { widenAmounts } from '../sql.js';
import type { IncentiveItem, StatementDraft } from './contract.js';

export const DRAFTS_SCHEMA = 'statement_drafts';
export const DRAFTS_TABLE = `${DRAFTS_SCHEMA}.drafts`;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'statement drafts',
    sql: `CREATE SCHEMA IF NOT EXISTS ${DRAFTS_SCHEMA};
      CREATE TABLE ${DRAFTS_TABLE} (
        partner_id text NOT NULL,
        period text NOT NULL,
        revision integer NOT NULL,
        rules_version text NOT NULL,
        based_on_revision integer NOT NULL,
        total numeric(30,8) NOT NULL,
        checksum text NOT NULL,
        lines jsonb NOT NULL,
        diff jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        actor jsonb,
        published_position bigint,
        PRIMARY KEY (partner_id, period, revision)
      );`,
  },
  {
    version: 2,
    name: 'totals hold sums of 30 integer digits',
    sql: widenAmounts(DRAFTS_SCHEMA, { drafts: ['total'] }),
  },
];

export async function migrateDrafts(pool: Pool): Promise<void> {
  await migrate(pool, 'statement-drafts', MIGRATIONS);
}

/** A draft line: an incentive item with canonical decimals (formatted for the currency on read). */
export type DraftLine = IncentiveItem & { position: number };

/** A draft's diff as stored: the answer's shape with canonical decimals. */
export type DiffJson = StatementDraft['diff'];

export interface Draft {
  partnerId: string;
  period: string;
  revision: number;
  rulesVersion: string;
  basedOnRevision: number;
  total: string;
  checksum: string;
  lines: DraftLine[];
  diff: DiffJson;
  publishedPosition: number | null;
}

export function draftFromRow(r: Record<string, unknown>): Draft {
  return {
    partnerId: r.partner_id as string,
    period: r.period as string,
    revision: Number(r.revision),
    rulesVersion: r.rules_version as string,
    basedOnRevision: Number(r.based_on_revision),
    total: r.total as string,
    checksum: r.checksum as string,
    lines: r.lines as DraftLine[],
    diff: r.diff as DiffJson,
    publishedPosition: r.published_position === null ? null : Number(r.published_position),
  };
}
