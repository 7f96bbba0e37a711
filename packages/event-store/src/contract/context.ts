import type { EventStore } from '../types.js';

export interface ContractCapabilities {
  /** `appendToStreams` with several streams is atomic; when false it must throw `UnsupportedOperationError`. */
  atomicMultiStreamAppend: boolean;
  /**
   * Such a call may also guard streams it does not write (requests without events) and interleave
   * the streams' events by its `order`; when false (KurrentDB 25.1: one block per stream, at least
   * one record each) those calls must throw `UnsupportedOperationError`, the others still succeed.
   */
  multiStreamGuardsAndInterleaving: boolean;
}

export interface ContractSetupOptions {
  /**
   * Awaited inside each append transaction after positions are assigned, before the commit (the
   * stress case delays commits with it). Adapters without such a transaction ignore it.
   */
  beforeCommit?: () => Promise<void>;
}

export interface ContractAdapter {
  store: EventStore;
  teardown?: () => Promise<void>;
  /** Omitted capabilities default to those of a full implementation (see `FULL_CAPABILITIES`). */
  capabilities?: Partial<ContractCapabilities>;
}

/** Creates a store on a backend the suite may fill with test streams; called once, and again by the stress case. */
export type ContractSetup = (options?: ContractSetupOptions) => Promise<ContractAdapter>;

export const FULL_CAPABILITIES: ContractCapabilities = {
  atomicMultiStreamAppend: true,
  multiStreamGuardsAndInterleaving: true,
};

/** What the cases of the suite use; filled in `beforeAll`. */
export class ContractContext {
  private adapter: ContractAdapter | undefined;
  private readonly extra: ContractAdapter[] = [];

  constructor(private readonly setup: ContractSetup | null) {}

  async start(): Promise<void> {
    if (this.setup) this.adapter = await this.setup();
  }

  async stop(): Promise<void> {
    for (const adapter of [...this.extra, ...(this.adapter ? [this.adapter] : [])]) {
      await adapter.teardown?.();
    }
  }

  get store(): EventStore {
    if (!this.adapter) throw new Error('event store contract: the adapter was not set up');
    return this.adapter.store;
  }

  get capabilities(): ContractCapabilities {
    return { ...FULL_CAPABILITIES, ...this.adapter?.capabilities };
  }

  /** A second store on the same backend, e.g. one that delays its commits; torn down with the suite. */
  async another(options: ContractSetupOptions): Promise<EventStore> {
    if (!this.setup) throw new Error('event store contract: no setup');
    const adapter = await this.setup(options);
    this.extra.push(adapter);
    return adapter.store;
  }
}
