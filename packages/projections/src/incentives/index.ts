export { trueUpId } from './handler';
export { incentivesProjection } from './projection';
export { type ProgramSpell, type RatedLine, rateLine, type SourceLine, type SourceType, statementTier } from './rating';
export { INCENTIVES_SCHEMA, type StatementHead } from './schema';
