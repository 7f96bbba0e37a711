export { type ChecksumLine, canonicalLines, statementChecksum } from './checksum';
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
} from './contract';
export { diffStatements, type LineChange, type StatementDiff } from './diff';
export { type DiffJson, DRAFTS_SCHEMA, type Draft, migrateDrafts } from './drafts';
export { getStatement, incentiveLines, listRevisions, listStatements, statementHead } from './read';
export {
  checkPublish,
  draftAnswer,
  markPublished,
  type PublishCheck,
  type RebuildOutcome,
  rebuildStatement,
  revisionPublishedEvent,
  trueUpAnswer,
} from './rebuild';
