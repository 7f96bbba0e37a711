import type { ProjectionContext, ProjectionDefinition } from '../projection.js';
import { IncentivesHandler } from './handler.js';
import {
  INCENTIVES_SCHEMA,
  INCENTIVES_TABLES,
  incentivesDdl,
  incentivesTablesDdl,
  incentivesV2Ddl,
  incentivesV3Ddl,
} from './schema.js';

/** Incentive source lines and partner statements with their revisions (SPEC §4; docs/incentives.md). */
export const incentivesProjection: ProjectionDefinition = {
  name: 'incentives',
  schema: INCENTIVES_SCHEMA,
  migrations: [
    { version: 1, name: 'incentive source lines, statements, revisions', sql: incentivesDdl },
    { version: 2, name: 'wider amounts, optional partner level, long programme names', sql: incentivesV2Ddl },
    { version: 3, name: 'partner level changes', sql: incentivesV3Ddl },
  ],
  // A replay appends source lines (once per event) and a revision's lines (when it stops being
  // live): a rebuild keeps them logged while it fills them (`appended` in schema.ts).
  tables: INCENTIVES_TABLES,
  createTables: incentivesTablesDdl,
  create: (context: ProjectionContext) => new IncentivesHandler(context),
};
