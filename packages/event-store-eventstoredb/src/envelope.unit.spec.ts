import type { NewEvent } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import {
  decodeMetadata,
  decodeRecordedEvent,
  ENVELOPE_KEY,
  ENVELOPE_PROPERTY,
  encodeMetadata,
  encodeProperties,
  LINK_RECORD_TYPE,
  type RecordedLike,
  UndecodableRecordError,
} from './envelope.js';
import { StreamNames } from './names.js';

const event: NewEvent = {
  eventId: '0b7c8f4e-2a51-4d0e-9a3c-1f2e3d4c5b6a',
  type: 'InvoiceIssued',
  version: 2,
  occurredAt: '2026-03-31T23:59:59.999+02:00',
  data: { invoiceId: 'inv-1', amount: '10.50' },
  metadata: { actor: 'alice', correlationId: 'c-1' },
};

/** What the client hands back for `event` written as `jsonEvent` to `streamName`. */
function recorded(overrides: Partial<RecordedLike> = {}): RecordedLike {
  return {
    streamId: 't1-invoice-1',
    id: event.eventId,
    revision: 4n,
    type: event.type,
    created: new Date('2026-04-01T08:00:00.123Z'),
    isJson: true,
    data: JSON.parse(JSON.stringify(event.data)),
    metadata: JSON.parse(JSON.stringify(encodeMetadata(event))),
    position: { commit: 5_000n, prepare: 5_000n },
    ...overrides,
  };
}

describe('metadata envelope', () => {
  it('keeps schema version and business time beside the caller metadata', () => {
    const metadata = encodeMetadata(event);
    expect(metadata).toEqual({
      actor: 'alice',
      correlationId: 'c-1',
      [ENVELOPE_KEY]: { version: 2, occurredAt: '2026-03-31T23:59:59.999+02:00' },
    });
    expect(decodeMetadata(JSON.parse(JSON.stringify(metadata)))).toEqual({
      envelope: { version: 2, occurredAt: '2026-03-31T23:59:59.999+02:00' },
      metadata: { actor: 'alice', correlationId: 'c-1' },
    });
  });

  it('defaults the schema version to 1 and the metadata to none', () => {
    const { version: _version, metadata: _metadata, ...bare } = event;
    expect(decodeMetadata(encodeMetadata(bare))).toEqual({
      envelope: { version: 1, occurredAt: event.occurredAt },
      metadata: {},
    });
  });

  it('refuses what it could not give back unchanged', () => {
    expect(() => encodeMetadata({ ...event, metadata: { [ENVELOPE_KEY]: 1 } })).toThrow(TypeError);
    expect(() => encodeMetadata({ ...event, version: 0 })).toThrow(TypeError);
    expect(() => encodeMetadata({ ...event, occurredAt: 'yesterday' })).toThrow(TypeError);
  });

  it('travels as one string property in multi-stream appends, read back among the keys of the server', () => {
    const properties = encodeProperties(event);
    expect(Object.keys(properties)).toEqual([ENVELOPE_PROPERTY]);
    expect(decodeMetadata({ ...properties, '$schema.name': 'InvoiceIssued', '$schema.format': 'Json' })).toEqual({
      envelope: { version: 2, occurredAt: '2026-03-31T23:59:59.999+02:00' },
      metadata: { actor: 'alice', correlationId: 'c-1' },
    });
    expect(() => encodeProperties({ ...event, metadata: { [ENVELOPE_KEY]: 1 } })).toThrow(TypeError);
  });

  it('does not take metadata of other writers for ours', () => {
    expect(decodeMetadata({ [ENVELOPE_PROPERTY]: 'not json' })).toBeUndefined();
    expect(decodeMetadata({ [ENVELOPE_PROPERTY]: JSON.stringify({ version: 1, occurredAt: 'x' }) })).toBeUndefined();
    expect(decodeMetadata({ [ENVELOPE_PROPERTY]: 7 })).toBeUndefined();
    expect(decodeMetadata(undefined)).toBeUndefined();
    expect(decodeMetadata({ actor: 'x' })).toBeUndefined();
    expect(decodeMetadata({ [ENVELOPE_KEY]: { version: '1', occurredAt: 'x' } })).toBeUndefined();
    expect(decodeMetadata(new Uint8Array([1, 2]))).toBeUndefined();
  });
});

describe('recorded events as stored events', () => {
  const names = new StreamNames('t1-');

  it('maps every field of the port', () => {
    expect(decodeRecordedEvent(recorded(), names)).toEqual({
      eventId: event.eventId,
      type: 'InvoiceIssued',
      version: 2,
      streamId: 'invoice-1',
      streamPosition: 5,
      globalPosition: 5_001,
      occurredAt: '2026-03-31T23:59:59.999+02:00',
      recordedAt: '2026-04-01T08:00:00.123Z',
      data: { invoiceId: 'inv-1', amount: '10.50' },
      metadata: { actor: 'alice', correlationId: 'c-1' },
    });
  });

  it('skips links, system events, index entries and streams outside the store', () => {
    expect(decodeRecordedEvent(recorded({ type: '$>', isJson: false, data: new Uint8Array() }), names)).toBeUndefined();
    expect(decodeRecordedEvent(recorded({ type: '$metadata' }), names)).toBeUndefined();
    expect(decodeRecordedEvent(recorded({ type: LINK_RECORD_TYPE }), names)).toBeUndefined();
    expect(decodeRecordedEvent(recorded({ streamId: names.index(event.eventId) }), names)).toBeUndefined();
    expect(
      decodeRecordedEvent(recorded({ streamId: 't2-invoice-1', metadata: { actor: 'x' } }), names),
    ).toBeUndefined();
    expect(decodeRecordedEvent(recorded({ streamId: '$ce-t1', metadata: {} }), new StreamNames(''))).toBeUndefined();
  });

  it("fails loudly on a record of the store's streams that is not one of its events, instead of dropping it", () => {
    const undecodable =
      (overrides: Partial<RecordedLike>, store = names) =>
      () =>
        decodeRecordedEvent(recorded(overrides), store);
    expect(undecodable({ metadata: { actor: 'x' } })).toThrow(UndecodableRecordError);
    expect(undecodable({ metadata: { actor: 'x' } })).toThrow(/t1-invoice-1.*neither \$reckon nor reckon\.envelope/);
    expect(undecodable({ metadata: undefined })).toThrow(/no metadata/);
    expect(undecodable({ metadata: new Uint8Array([1, 2]) })).toThrow(/not a JSON object/);
    expect(undecodable({ data: [1, 2] })).toThrow(/data is not a JSON object/);
    expect(undecodable({ isJson: false, data: new Uint8Array() })).toThrow(UndecodableRecordError);
    // A name the stream-id encoding never gives (e.g. written under an older naming).
    expect(undecodable({ streamId: 't1-invoice:1' })).toThrow(/stream name/);
    // Without a prefix every stream but system and index streams is the store's.
    expect(undecodable({ streamId: 'invoice-1', metadata: {} }, new StreamNames(''))).toThrow(UndecodableRecordError);
  });

  it('fails loudly when property metadata comes back in another shape than the one it wrote', () => {
    const properties = encodeProperties(event);
    const envelope = properties[ENVELOPE_PROPERTY]!;
    const readBack = (metadata: unknown) => () => decodeRecordedEvent(recorded({ metadata }), names);
    // As KurrentDB 25.1/26.1 hand it back: the property among the server's own keys.
    expect(readBack({ [ENVELOPE_PROPERTY]: envelope, '$schema.name': event.type })()).toMatchObject({
      metadata: event.metadata,
    });
    // A key renamed (e.g. camel-cased), a value no longer a string, the envelope cut short.
    expect(readBack({ reckonEnvelope: envelope, '$schema.name': event.type })).toThrow(/neither/);
    expect(readBack({ [ENVELOPE_PROPERTY]: JSON.parse(envelope) })).toThrow(/envelope is malformed/);
    expect(readBack({ [ENVELOPE_PROPERTY]: envelope.slice(0, -1) })).toThrow(/envelope is malformed/);
  });

  it('names its envelope property with a leading lower-case letter, which camel-casing leaves alone', () => {
    // KurrentDB 25.x builds the metadata of property records with System.Text.Json's camel-case
    // dictionary-key policy, which lower-cases a leading upper-case run; 26.x keeps keys as written.
    expect(ENVELOPE_PROPERTY).toMatch(/^[a-z]/);
  });

  it('fails loudly when the server sends no position', () => {
    expect(() => decodeRecordedEvent(recorded({ position: undefined }), names)).toThrow(/no log position/);
  });
});
