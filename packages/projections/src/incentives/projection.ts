import type { ProjectionContext, ProjectionDefinition } from '../projection.js';
import { IncentivesHandler } from './handler.js';
import { INCENTIVES_SCHEMA, incentivesDdl, incentivesV2Ddl, incentivesV3Ddl } from './schema.js';

/** Incentive source lines and partner statements with their revisions (SPEC §4; docs/incentives.md). */
export const incentivesProjection: ProjectionDefinition = {
  name: 'incentives',
  schema: INCENTIVES_SCHEMA,
  migrations: [
    { version: 1, name: 'incentive source lines, statements, revisions', sql: incentivesDdl },
    { version: 2, name: 'wider amounts, optional partner level, long programme names', sql: incentivesV2Ddl },
    { version: 3, name: 'partner level changes', sql: incentivesV3Ddl },
  ],
  tables: [
    // A replay appends both (source lines once per event; a revision's lines when it stops being
    // live): a rebuild keeps them logged while it fills them (ProjectionDefinition.tables).
    { name: 'source_lines', key: ['partner_id', 'period', 'source_type', 'source_id'], keptLogged: true },
    { name: 'statements', key: ['partner_id', 'period', 'revision'] },
    {
      name: 'statement_lines',
      key: ['partner_id', 'period', 'revision', 'source_type', 'source_id'],
      keptLogged: true,
    },
    { name: 'partner_period_net', key: ['partner_id', 'period'] },
    { name: 'orders', key: ['order_id'] },
    { name: 'partners', key: ['partner_id'] },
    { name: 'partner_programs', key: ['partner_id', 'program', 'seq'] },
    { name: 'rule_sets', key: ['version'] },
    { name: 'customer_associations', key: ['customer_id', 'seq'] },
    { name: 'closed_periods', key: ['period'] },
  ],
  create: (context: ProjectionContext) => new IncentivesHandler(context),
};
