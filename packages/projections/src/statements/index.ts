export { type ChecksumLine, canonicalLines, statementChecksum } from './checksum.js';
export {
  IncentiveFilter,
  IncentiveItem,
  LINE_STATUSES,
  PublishedRevision,
  STATEMENT_STATUSES,
  Statement,
  StatementDraft,
  StatementRevisionItem,
  StatementSummary,
  TrueUp,
} from './contract.js';
export { diffStatements, type LineChange, type StatementDiff } from './diff.js';
export { type DiffJson, DRAFTS_SCHEMA, type Draft, migrateDrafts } from './drafts.js';
export { getStatement, incentiveLines, listRevisions, listStatements, statementHead } from './read.js';
export {
  checkPublish,
  draftAnswer,
  markPublished,
  type PublishCheck,
  type RebuildOutcome,
  type Recomputed,
  rebuildStatement,
  recomputeStatement,
  revisionPublishedEvent,
  trueUpAnswer,
} from './rebuild.js';
