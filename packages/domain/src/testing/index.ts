/** Test helpers of the domain (`@reckon/domain/testing`): not for production code. */
export { event, givenWhen, InMemoryLog, type Then } from './decider-spec.js';
export { ev, resaleSetup } from './fixtures.js';
export { referencePlanBatch } from './reference-plan.js';
