export { IncentivesHandler } from './handler.js';
export { trueUpId } from './lifecycle.js';
export { incentivesProjection } from './projection.js';
export {
  type ProgramSpell,
  type RatedLine,
  rateLine,
  type SourceLine,
  type SourceType,
  statementTier,
} from './rating.js';
export { INCENTIVES_SCHEMA, type StatementHead } from './schema.js';
