import { randomBytes } from 'node:crypto';
import type { EventStore } from '@reckon/event-store';
import { EventStoreDbEventStore, type MultiStreamSupport } from './event-store.js';

/**
 * Stores on a real KurrentDB for the contract suite: the server named by EVENTSTORE_URL (e.g.
 * `kurrentdb://localhost:2113?tls=false`), else one container started by testcontainers if a Docker
 * engine answers, else none (the suite skips). The capabilities the suite holds the store to follow
 * what the server offers (`multiStreamSupport`): all of them on KurrentDB 26.1+.
 *
 * Each setup call draws one random stream prefix, and every store of that setup uses it: the stores
 * of one suite see one log (the contract's stress case writes through a second store and reads
 * through the first), while other suites, processes and earlier runs against the same server stay
 * out of their streams, ids and $all reads.
 */

export interface EventStoreDbTestStore {
  store: EventStore;
  teardown: () => Promise<void>;
  capabilities: { atomicMultiStreamAppend: boolean; multiStreamGuardsAndInterleaving: boolean };
}

export type EventStoreDbFactory = () => Promise<EventStoreDbTestStore>;

/** The server the tests start: KurrentDB 26.1 (atomic multi-stream appends with guards). */
export const IMAGE = 'kurrentplatform/kurrentdb:26.1.2';
const PORT = 2113;

/** The contract capabilities of a store on a server offering `support`. */
export function capabilitiesFor(support: MultiStreamSupport): EventStoreDbTestStore['capabilities'] {
  return {
    atomicMultiStreamAppend: support !== 'none',
    multiStreamGuardsAndInterleaving: support === 'append-records',
  };
}

export async function eventStoreDbSetup(): Promise<EventStoreDbFactory | null> {
  const prefix = `t${randomBytes(6).toString('hex')}-`;
  const url = process.env.EVENTSTORE_URL;
  if (url) return factory(prefix, async () => url);
  if (!(await dockerAvailable())) return null;
  // One container per test process, started on first use; testcontainers' reaper removes it when
  // the process exits.
  let started: Promise<string> | undefined;
  const container = () => {
    started ??= startContainer();
    return started;
  };
  return factory(prefix, container, 'append-records');
}

/**
 * `expected`: what the server is known to offer (the image started here is 26.1): a store that
 * detects less would otherwise hold itself to less, and the contract would check refusals instead
 * of the multi-stream cases without failing.
 */
function factory(
  streamPrefix: string,
  connectionString: () => Promise<string>,
  expected?: MultiStreamSupport,
): EventStoreDbFactory {
  let ready: Promise<MultiStreamSupport> | undefined;
  return async () => {
    const url = await connectionString();
    const store = EventStoreDbEventStore.connect(url, { streamPrefix });
    let support: MultiStreamSupport;
    try {
      ready ??= waitUntilReady(store)
        .then(() => store.multiStreamSupport())
        .then((offered) => {
          if (expected !== undefined && offered !== expected) {
            throw new Error(`${IMAGE} should offer ${expected}, the store detected ${offered}`);
          }
          return offered;
        });
      support = await ready;
    } catch (error) {
      ready = undefined;
      await store.close();
      throw error;
    }
    return { store, teardown: () => store.close(), capabilities: capabilitiesFor(support) };
  };
}

/** The server accepts connections before it has elected itself leader; ask until it answers. */
async function waitUntilReady(store: EventStore, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await store.streamVersion('readiness-probe');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function startContainer(): Promise<string> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({
      KURRENTDB_INSECURE: 'true',
      KURRENTDB_MEM_DB: 'true',
      KURRENTDB_RUN_PROJECTIONS: 'None',
    })
    .withExposedPorts(PORT)
    // Live over HTTP; waitUntilReady then waits for the node to lead (it answers reads).
    .withWaitStrategy(Wait.forHttp('/health/live', PORT))
    .withStartupTimeout(120_000)
    .start();
  return `kurrentdb://${container.getHost()}:${container.getMappedPort(PORT)}?tls=false`;
}

/** Whether testcontainers finds a working container engine; quick and never throws. */
export async function dockerAvailable(timeoutMs = 5_000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([getContainerRuntimeClient().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
