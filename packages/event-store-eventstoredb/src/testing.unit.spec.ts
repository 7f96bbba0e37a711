import { afterEach, describe, expect, it } from 'vitest';
import { dockerAvailable, eventStoreDbSetup } from './testing';

describe('contract-test setup', () => {
  const url = process.env.EVENTSTORE_URL;
  afterEach(() => {
    if (url === undefined) delete process.env.EVENTSTORE_URL;
    else process.env.EVENTSTORE_URL = url;
  });

  it('answers quickly, without throwing, whether a container engine is there', async () => {
    const started = Date.now();
    const available = await dockerAvailable(3_000);
    expect(typeof available).toBe('boolean');
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it('offers stores exactly when a server is named or Docker can start one', async () => {
    delete process.env.EVENTSTORE_URL;
    expect((await eventStoreDbSetup()) !== null).toBe(await dockerAvailable());
    process.env.EVENTSTORE_URL = 'esdb://localhost:2113?tls=false';
    expect(await eventStoreDbSetup()).toBeTypeOf('function');
  });
});
