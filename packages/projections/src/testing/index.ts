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
} from './boundary-events.js';
export { appendSyntheticLog, syntheticLog } from './generate.js';
export { event, type Harness, openHarness } from './harness.js';
export { associate, at, order, partner } from './incentive-events.js';
