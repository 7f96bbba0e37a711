/** Test helpers of the domain (`@reckon/domain/testing`): not for production code. */
export { event, givenWhen, InMemoryLog, type Then } from './decider-spec';
export { ev, resaleSetup } from './fixtures';
export { referencePlanBatch } from './reference-plan';
