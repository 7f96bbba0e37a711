export { appendSyntheticLog, syntheticLog } from './generate';
export { event, type Harness, openHarness } from './harness';
export { associate, at, order, partner } from './incentive-events';
