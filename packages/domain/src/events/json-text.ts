/**
 * JSON text as the engine reads it, over HTTP and in NDJSON files alike: UTF-8 that decodes without
 * a replacement character, no key twice in one object (JSON.parse would keep the last silently), no
 * prototype-poisoning key, and nesting that stops at a limit before anything deep is built (SPEC §1
 * "Bounds"). A small scanner checks the structure, then the native JSON.parse builds the value.
 */
import { type BoundError, MAX_JSON_DEPTH, pointerSegment } from './bounds.js';

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; error: BoundError };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses JSON text (bytes are decoded as UTF-8). `maxDepth` counts the top-level container as
 * level 1; a body that wraps events (`{"events": [ … ]}`) passes the envelope limit plus two.
 * Errors name where they are as a JSON pointer (`""` for the text as a whole).
 */
export function parseJsonText(input: string | Uint8Array, maxDepth: number = MAX_JSON_DEPTH): JsonTextResult {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = strictUtf8.decode(input);
    } catch {
      return fail('', `malformed JSON: not valid UTF-8 (at byte ${firstInvalidUtf8(input)})`);
    }
  }
  const structural = scan(text, maxDepth);
  if (structural) return { ok: false, error: structural };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return fail('', `malformed JSON: ${(error as Error).message}`);
  }
}

/** The error as a problem detail or an import refusal says it: `malformed JSON: /a/b: is a key …`. */
export function describeJsonTextError(error: BoundError): string {
  return error.path === '' ? error.message : `malformed JSON: ${error.path}: ${error.message}`;
}

function fail(path: string, message: string): JsonTextResult {
  return { ok: false, error: { path, message } };
}

/** An open object (`keys` set) or array; `member` is the key or index being read in it. */
interface Frame {
  keys: string[] | Set<string> | undefined;
  member: string | number;
  expectKey: boolean;
}

/** Objects with more keys than this look keys up in a Set instead of a list. */
const SMALL_OBJECT = 8;

function pathOf(stack: readonly Frame[]): string {
  let path = '';
  for (const frame of stack) path += `/${pointerSegment(frame.member)}`;
  return path;
}

/**
 * The first structural problem of JSON text, or undefined. Strings are skipped whole (indexOf to
 * the closing quote), so the cost is about one pass over the text outside strings. Text that is not
 * JSON at all is left to JSON.parse, which says why.
 */
function scan(text: string, maxDepth: number): BoundError | undefined {
  const stack: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end < 0) return undefined;
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c /* \ */) backslashes++;
        if (backslashes % 2 === 0) break;
        end++;
      }
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const problem = readKey(stack, top, text, i, end);
        if (problem) return problem;
      }
      i = end + 1;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) {
        return { path: pathOf(stack), message: `nests too deep: JSON nesting is at most ${maxDepth} levels` };
      }
      stack.push({ keys: c === 0x7b ? [] : undefined, member: 0, expectKey: c === 0x7b });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
      else if (top) top.member = (top.member as number) + 1;
    }
    i++;
  }
  return undefined;
}

/** Records the key of the object on top; a repeated or forbidden key is a problem. */
function readKey(stack: Frame[], top: Frame, text: string, start: number, end: number): BoundError | undefined {
  let key = text.slice(start + 1, end);
  if (key.includes('\\')) {
    try {
      key = JSON.parse(text.slice(start, end + 1)) as string;
    } catch {
      return undefined; // not a JSON string: JSON.parse reports the text
    }
  }
  top.expectKey = false;
  top.member = key;
  const keys = top.keys as string[] | Set<string>;
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return { path: pathOf(stack), message: 'is a key repeated in one object' };
    keys.push(key);
    if (keys.length > SMALL_OBJECT) top.keys = new Set(keys);
  } else {
    if (keys.has(key)) return { path: pathOf(stack), message: 'is a key repeated in one object' };
    keys.add(key);
  }
  // What Fastify's own JSON parser refused: keys that would reach an object's prototype.
  const parent = stack[stack.length - 2];
  if (key === '__proto__' || (key === 'prototype' && parent?.keys && parent.member === 'constructor')) {
    return { path: pathOf(stack), message: 'is a forbidden key (it could reach an object prototype)' };
  }
  return undefined;
}

/** Offset of the first byte that does not begin a valid UTF-8 sequence (RFC 3629), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= n) return i;
    const b1 = bytes[i + 1] as number;
    // Overlong forms, UTF-16 surrogates (ED A0..BF) and code points above U+10FFFF.
    if (
      (b === 0xe0 && b1 < 0xa0) ||
      (b === 0xed && b1 > 0x9f) ||
      (b === 0xf0 && b1 < 0x90) ||
      (b === 0xf4 && b1 > 0x8f)
    )
      return i;
    for (let k = 1; k <= need; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}
