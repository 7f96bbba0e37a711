export { appendSyntheticLog, syntheticLog } from './generate';
export { event, type Harness, openHarness } from './harness';
