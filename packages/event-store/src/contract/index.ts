import { afterAll, beforeAll, describe } from 'vitest';
import { appendCases } from './appendCases.js';
import { ContractContext, type ContractSetup } from './context.js';
import { multiStreamCases } from './multiStreamCases.js';
import { readCases } from './readCases.js';
import { stressCase } from './stressCase.js';
import { subscribeCases } from './subscribeCases.js';

export {
  type ContractAdapter,
  type ContractCapabilities,
  type ContractSetup,
  type ContractSetupOptions,
  FULL_CAPABILITIES,
} from './context.js';
export { newEvent } from './fixtures.js';

/**
 * Registers the event store contract suite for one adapter: the same cases for every adapter, so
 * that they all keep the port's semantics. Where backends genuinely differ, the adapter declares a
 * capability (see `ContractCapabilities`) and the cases check the documented alternative behaviour.
 *
 * `setup` is null when the adapter's backend is not available here: the cases are then registered
 * as skipped and one line says how to run them (`howToRun`).
 */
export function eventStoreContract(adapterName: string, setup: ContractSetup | null, howToRun?: string): void {
  if (!setup) {
    console.log(`[event store contract] ${adapterName}: skipped. ${howToRun ?? 'Its backend is not available.'}`);
  }
  (setup ? describe : describe.skip)(`event store contract: ${adapterName}`, () => {
    const ctx = new ContractContext(setup);
    beforeAll(() => ctx.start(), 180_000);
    afterAll(() => ctx.stop(), 60_000);

    appendCases(ctx);
    multiStreamCases(ctx);
    readCases(ctx);
    subscribeCases(ctx);
    stressCase(ctx);
  });
}
