export { type ChecksumLine, canonicalLines, statementChecksum } from './checksum';
export { diffStatements, type LineChange, type StatementDiff } from './diff';
export { type DiffJson, DRAFTS_SCHEMA, type Draft, migrateDrafts } from './drafts';
export {
  getStatement,
  type IncentiveFilter,
  type IncentiveItem,
  incentiveLines,
  type StatementView,
  statementHead,
} from './read';
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
