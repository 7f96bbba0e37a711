import { describe, expect, it } from 'vitest';
import {
  decodeStreamId,
  encodeStreamId,
  linkEventId,
  nameBasedUuid,
  normalizeEventId,
  StreamNames,
  uuidV5,
} from './names.js';

describe('stream names', () => {
  it('prefixes the streams of a store and recognises only its own', () => {
    const names = new StreamNames('t1-');
    expect(names.stream('partner-7')).toBe('t1-partner-7');
    expect(names.streamId('t1-partner-7')).toBe('partner-7');
    expect(names.streamId('t2-partner-7')).toBeUndefined();
    expect(names.streamId(names.index('0b7c8f4e-2a51-4d0e-9a3c-1f2e3d4c5b6a'))).toBeUndefined();
    expect(names.streamId('t1-')).toBeUndefined();
  });

  it('keeps system streams and the id index out of the unprefixed namespace', () => {
    const names = new StreamNames('');
    expect(names.stream('invoice-1')).toBe('invoice-1');
    // A leading $ is escaped like any other character: the id names no system stream.
    expect(names.stream('$stats')).toBe('.24stats');
    expect(names.streamId('.24stats')).toBe('$stats');
    expect(() => names.stream('reckon-idx-x')).toThrow(TypeError);
    expect(() => names.stream('')).toThrow(TypeError);
    expect(names.streamId('$ce-invoice')).toBeUndefined();
    expect(names.streamId('invoice-1')).toBe('invoice-1');
    expect(() => new StreamNames('$x')).toThrow(TypeError);
  });
});

describe('stream ids in the characters of KurrentDB multi-stream appends', () => {
  const v2Name = /^[a-zA-Z0-9_.-]+$/;

  it('keeps ids of letters, digits, _ and - as they are', () => {
    for (const id of ['order-O-1', 'funds-R_7', 'refund-0b7c8f4e-2a51-4d0e-9a3c-1f2e3d4c5b6a']) {
      expect(encodeStreamId(id)).toBe(id);
      expect(decodeStreamId(id)).toBe(id);
    }
  });

  it('escapes every other character, the dot too, and decodes back', () => {
    expect(encodeStreamId('order-O:2026.1')).toBe('order-O.3a2026.2e1');
    expect(encodeStreamId('customer-客户1')).toBe('customer-.e5.ae.a2.e6.88.b71');
    for (const id of ['order-O:2026.1', 'customer-客户1', 'partner-a@b+c', 'x-😀', '.2e', '$weird']) {
      const name = encodeStreamId(id);
      expect(name).toMatch(v2Name);
      expect(decodeStreamId(name)).toBe(id);
    }
    expect(encodeStreamId('a.2e')).not.toBe(encodeStreamId('a.'));
  });

  it('refuses ids with a lone surrogate, which would share the name of the id with U+FFFD', () => {
    const names = new StreamNames('');
    expect(encodeStreamId('x-\uD800')).toBe(encodeStreamId('x-\uFFFD'));
    expect(() => names.stream('x-\uD800')).toThrow(TypeError);
    expect(() => names.stream('x-\uDC00y')).toThrow(TypeError);
    expect(names.streamId(names.stream('x-\uFFFD'))).toBe('x-\uFFFD');
    expect(names.streamId(names.stream('x-\u{1F600}'))).toBe('x-\u{1F600}');
  });

  it('takes no other name for an encoding', () => {
    expect(decodeStreamId('order-O:1')).toBeUndefined();
    expect(decodeStreamId('order.41')).toBeUndefined(); // an escaped plain letter
    expect(decodeStreamId('order.ff')).toBeUndefined(); // no UTF-8
    expect(decodeStreamId('order.2')).toBeUndefined();
    expect(decodeStreamId('')).toBeUndefined();
  });

  it("names and recognises a store's streams through the encoding", () => {
    const names = new StreamNames('t1-');
    expect(names.stream('order-O:1')).toBe('t1-order-O.3a1');
    expect(names.streamId('t1-order-O.3a1')).toBe('order-O:1');
    expect(names.streamId('t1-order-O:1')).toBeUndefined();
  });
});

describe('event ids', () => {
  it('compares UUIDs in lower case and refuses anything else', () => {
    expect(normalizeEventId('0B7C8F4E-2A51-4D0E-9A3C-1F2E3D4C5B6A')).toBe('0b7c8f4e-2a51-4d0e-9a3c-1f2e3d4c5b6a');
    expect(() => normalizeEventId('not-a-uuid')).toThrow(TypeError);
  });

  it('derives name-based UUIDs per RFC 4122 version 5', () => {
    // The RFC's DNS namespace and the well-known vector for "www.example.com".
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    const id = nameBasedUuid('index\nabc');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameBasedUuid('index\nabc')).toBe(id);
    expect(nameBasedUuid('index\nabd')).not.toBe(id);
    expect(linkEventId('s-1', 'e')).not.toBe(linkEventId('s-2', 'e'));
  });
});

describe('the server-side filter of a prefixed store', () => {
  it("matches the store's streams, not its index nor other stores", () => {
    const names = new StreamNames('t9.a-');
    const regex = new RegExp(names.streamsRegex());
    expect(regex.test(names.stream('order-1'))).toBe(true);
    expect(regex.test(names.index('0b7c8f4e-2a51-4d0e-9a3c-1f2e3d4c5b6a'))).toBe(false);
    expect(regex.test('t9xa-order-1')).toBe(false);
    expect(regex.test('t8.a-order-1')).toBe(false);
    expect(regex.test('$ce-t9.a')).toBe(false);
  });
});
