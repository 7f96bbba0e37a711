import { randomBytes } from 'node:crypto';
import type { EventStore } from '@reckon/event-store';
import { EventStoreDbEventStore } from './event-store';

/**
 * Stores on a real EventStoreDB for the contract suite: the server named by EVENTSTORE_URL (e.g.
 * `esdb://localhost:2113?tls=false`), else one container started by testcontainers if a Docker
 * engine answers, else none (the suite skips).
 *
 * Each setup call draws one random stream prefix, and every store of that setup uses it: the stores
 * of one suite see one log (the contract's stress case writes through a second store and reads
 * through the first), while other suites, processes and earlier runs against the same server stay
 * out of their streams, ids and $all reads.
 */

export interface EventStoreDbTestStore {
  store: EventStore;
  teardown: () => Promise<void>;
  capabilities: { atomicMultiStreamAppend: false };
}

export type EventStoreDbFactory = () => Promise<EventStoreDbTestStore>;

const IMAGE = 'eventstore/eventstore:24.10';
const PORT = 2113;

export async function eventStoreDbSetup(): Promise<EventStoreDbFactory | null> {
  const prefix = `t${randomBytes(6).toString('hex')}-`;
  const url = process.env.EVENTSTORE_URL;
  if (url) return factory(prefix, async () => url);
  if (!(await dockerAvailable())) return null;
  // One container per test process, started on first use; testcontainers' reaper removes it when
  // the process exits.
  let started: Promise<string> | undefined;
  return factory(prefix, () => {
    started ??= startContainer();
    return started;
  });
}

function factory(streamPrefix: string, connectionString: () => Promise<string>): EventStoreDbFactory {
  let ready: Promise<void> | undefined;
  return async () => {
    const url = await connectionString();
    const store = EventStoreDbEventStore.connect(url, { streamPrefix });
    try {
      ready ??= waitUntilReady(store);
      await ready;
    } catch (error) {
      ready = undefined;
      await store.close();
      throw error;
    }
    return { store, teardown: () => store.close(), capabilities: { atomicMultiStreamAppend: false } };
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
      EVENTSTORE_INSECURE: 'true',
      EVENTSTORE_MEM_DB: 'true',
      EVENTSTORE_RUN_PROJECTIONS: 'All',
    })
    .withExposedPorts(PORT)
    .withWaitStrategy(Wait.forLogMessage(/IS LEADER\.\.\. SPARTA!/))
    .withStartupTimeout(120_000)
    .start();
  return `esdb://${container.getHost()}:${container.getMappedPort(PORT)}?tls=false`;
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
