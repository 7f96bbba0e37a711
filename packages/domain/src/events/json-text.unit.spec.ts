import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, parseJsonText } from './json-text.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function errorOf(input: string | Uint8Array, maxDepth?: number) {
  const r = parseJsonText(input, maxDepth);
  if (r.ok) throw new Error('expected an error');
  return r.error;
}

describe('parseJsonText', () => {
  it('parses what JSON.parse parses, from text or UTF-8 bytes', () => {
    const value = { a: [1, 'two', { b: null, 'c\\"': true }], d: '中文 😀', e: -1.5e3 };
    expect(parseJsonText(JSON.stringify(value))).toEqual({ ok: true, value });
    expect(parseJsonText(Buffer.from(JSON.stringify(value)))).toEqual({ ok: true, value });
    // The same key in two objects is no repeat.
    expect(parseJsonText('[{"a":1},{"a":2}]').ok).toBe(true);
    expect(parseJsonText('{"a":{"a":{"a":1}}}').ok).toBe(true);
  });

  it('agrees with JSON.parse on any JSON without repeated keys (and without a __proto__ key, refused on purpose)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const text = JSON.stringify(value);
        fc.pre(!text.includes('"__proto__"'));
        const r = parseJsonText(Buffer.from(text), 64);
        expect(r).toEqual({ ok: true, value: JSON.parse(text) });
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a key repeated in one object, naming it, however it is escaped', () => {
    expect(errorOf('{"a":1,"b":2,"a":3}')).toEqual({ path: '/a', message: 'is a key repeated in one object' });
    expect(errorOf('{"events":[{"data":{"amount":"1","x":{},"amount":"2"}}]}')).toEqual({
      path: '/events/0/data/amount',
      message: 'is a key repeated in one object',
    });
    expect(errorOf('[0,1,{"k":1,"\\u006b":2}]').path).toBe('/2/k');
    expect(errorOf('{"a\\"b":1,"a\\u0022b":2}').path).toBe('/a"b');
    expect(errorOf('{"x/y~":1,"x/y~":2}').path).toBe('/x~1y~0');
    // Large objects look keys up in a set.
    const many = Array.from({ length: 50 }, (_, i) => `"k${i}":${i}`);
    expect(parseJsonText(`{${many.join(',')}}`).ok).toBe(true);
    expect(errorOf(`{${many.join(',')},"k7":0}`).path).toBe('/k7');
  });

  it('is not fooled by braces, quotes and backslashes inside strings', () => {
    const value = { a: '{"a":1,"a":2}', b: '\\', c: '\\"', d: '[[[[[[', e: '}}]],' };
    expect(parseJsonText(JSON.stringify(value), 1)).toEqual({ ok: true, value });
  });

  it('refuses keys that would reach a prototype, as Fastify did', () => {
    expect(errorOf('{"__proto__":{"x":1}}').path).toBe('/__proto__');
    expect(errorOf('{"a":{"constructor":{"prototype":{}}}}').path).toBe('/a/constructor/prototype');
    expect(parseJsonText('{"constructor":1,"prototype":2}').ok).toBe(true);
  });

  it('stops at the nesting limit before building anything, naming where', () => {
    expect(parseJsonText('[[[1]]]', 3).ok).toBe(true);
    expect(errorOf('[[[[1]]]]', 3)).toEqual({
      path: '/0/0/0',
      message: 'nests too deep: JSON nesting is at most 3 levels',
    });
    expect(errorOf('{"a":[{"b":{}}]}', 3)).toEqual({
      path: '/a/0/b',
      message: 'nests too deep: JSON nesting is at most 3 levels',
    });
    // Half a million levels: building them would overflow the stack; the reader stops at level 33.
    const deep = '['.repeat(500_000) + ']'.repeat(500_000);
    expect(errorOf(deep)).toEqual({
      path: `/${Array(32).fill(0).join('/')}`,
      message: expect.stringMatching(/nests too deep/),
    });
  });

  it('refuses invalid UTF-8 instead of reading it as U+FFFD, naming the byte', () => {
    expect(errorOf(bytes('{"name":"a', [0xff], 'b"}'))).toEqual({
      path: '',
      message: 'malformed JSON: not valid UTF-8 (at byte 10)',
    });
    // An encoded surrogate (CESU-8), an overlong NUL, a truncated sequence.
    expect(errorOf(bytes('"', [0xed, 0xa0, 0x80], '"')).message).toMatch(/at byte 1\)/);
    expect(errorOf(bytes('"', [0xc0, 0x80], '"')).message).toMatch(/at byte 1\)/);
    expect(errorOf(bytes('"ab', [0xe4, 0xb8]))).toMatchObject({ message: expect.stringMatching(/at byte 3\)/) });
    expect(parseJsonText(bytes('"', [0xef, 0xbf, 0xbd], '"'))).toEqual({ ok: true, value: '\ufffd' });
  });

  it('reports text that is not JSON as malformed', () => {
    expect(errorOf('{"a": ').message).toMatch(/^malformed JSON: /);
    expect(errorOf('').message).toMatch(/^malformed JSON: /);
    expect(errorOf('{"a":1}x').message).toMatch(/^malformed JSON: /);
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with the platform decoder on random bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (input) => {
        let valid = true;
        try {
          strict.decode(input);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8(input) === -1).toBe(valid);
      }),
      { numRuns: 2000 },
    );
    expect(firstInvalidUtf8(Buffer.from('中文 😀'))).toBe(-1);
    expect(firstInvalidUtf8(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
  });
});
