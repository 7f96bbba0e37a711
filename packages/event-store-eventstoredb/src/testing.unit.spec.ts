import { afterEach, describe, expect, it } from 'vitest';
import { capabilitiesFor, dockerAvailable, eventStoreDbSetup } from './testing.js';

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
    process.env.EVENTSTORE_URL = 'kurrentdb://localhost:2113?tls=false';
    expect(await eventStoreDbSetup()).toBeTypeOf('function');
  });

  it('holds the store to what the server offers: everything on 26.1+, no guards on 25.1, one stream before', () => {
    expect(capabilitiesFor('append-records')).toEqual({
      atomicMultiStreamAppend: true,
      multiStreamGuardsAndInterleaving: true,
    });
    expect(capabilitiesFor('multi-stream-append')).toEqual({
      atomicMultiStreamAppend: true,
      multiStreamGuardsAndInterleaving: false,
    });
    expect(capabilitiesFor('none')).toEqual({
      atomicMultiStreamAppend: false,
      multiStreamGuardsAndInterleaving: false,
    });
  });
});
