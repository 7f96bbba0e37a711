export {
  ASTRAL,
  type BoundaryProfile,
  boundaryHistory,
  CJK,
  EARLIEST,
  extremeProfile,
  LATEST,
  MAX_AMOUNT,
  minimalProfile,
  missingTypes,
} from './boundary-events';
export { appendSyntheticLog, syntheticLog } from './generate';
export { event, type Harness, openHarness } from './harness';
export { associate, at, order, partner } from './incentive-events';
