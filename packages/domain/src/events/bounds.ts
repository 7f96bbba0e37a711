/**
 * SPEC §1 "Bounds": the limits every event must keep, whatever its type, so that whatever the
 * engine accepts can be stored, indexed and folded by every projection. The schemas carry the
 * per-field limits (amount digits, id and text lengths); this module holds the figures and the
 * checks that apply to every value of an envelope alike (strings, nesting, metadata size).
 */

/** Integer digits of an amount: sums of many such amounts still fit the read models' columns. */
export const MAX_AMOUNT_INTEGER_DIGITS = 15;
/** Characters of an id (ids become stream names and URL path segments). */
export const MAX_ID_LENGTH = 128;
/** Characters of any other string: names, reasons, specs, metadata values, object keys. */
export const MAX_TEXT_LENGTH = 1024;
/** Bytes of `metadata` written as JSON (UTF-8). */
export const MAX_METADATA_BYTES = 8 * 1024;
/** Integers (rule-set versions, log positions) stay exact in JSON and JavaScript. */
export const MAX_INTEGER = Number.MAX_SAFE_INTEGER;
/** Statement revisions are numbered in a 32-bit column. */
export const MAX_STORED_REVISION = 2 ** 31 - 1;
/**
 * The highest revision a `StatementRevisionPublished` may name: the engine numbers the revisions
 * after it itself (a rule set, a rebuild), so a billion leaves room for a billion more in the column.
 */
export const MAX_REVISION = 1_000_000_000;
/** Levels of JSON nesting in an event; the envelope object is level 1. */
export const MAX_JSON_DEPTH = 32;

/**
 * What is wrong with a string as SPEC §1 sees every string, or undefined: a NUL cannot be stored
 * (PostgreSQL text and jsonb refuse it) and an unpaired surrogate is no character at all (it has no
 * UTF-8 encoding).
 */
export function textProblem(s: string): string | undefined {
  if (!UNSTORABLE.test(s)) return undefined;
  return s.includes('\u0000')
    ? 'must not contain a NUL character (U+0000)'
    : 'must not contain an unpaired surrogate (U+D800–U+DFFF)';
}

/**
 * Characters of a string as SPEC's bounds count them: Unicode code points, so an emoji (two UTF-16
 * units in JavaScript) is one character, like a Chinese one.
 */
export function characterCount(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** Whether a string has more than `max` characters (`characterCount`), counting only when it may. */
export function longerThan(s: string, max: number): boolean {
  return s.length > max && characterCount(s) > max;
}

/** A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding the NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A JSON pointer segment (RFC 6901: `~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string | number): string {
  if (typeof key === 'number') return String(key);
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

export interface BoundError {
  /** JSON pointer from the value walked, e.g. `/data/name`. */
  path: string;
  message: string;
}

const TEXT_LENGTH_MESSAGE = `must be at most ${MAX_TEXT_LENGTH.toLocaleString('en')} characters`;
/**
 * A string of an envelope's `metadata` is not free text: metadata is bounded as a whole (8 KiB as
 * JSON, `metadataBoundErrors`), so one of its strings may use all of it; longer is refused here,
 * before anything measures the rest.
 */
const METADATA_TEXT_MESSAGE = `must be at most ${MAX_METADATA_BYTES.toLocaleString('en')} characters (metadata is at most 8 KiB)`;

/**
 * The bounds every value of an envelope keeps, checked on the whole of it (metadata and specs
 * included): strings (values and keys) are well-formed, without NUL and at most 1,024 characters
 * (in an envelope's metadata, at most what its 8 KiB holds);
 * numbers are finite; objects and arrays nest at most 32 levels. Stops descending at the depth limit, so it never
 * recurses further than that whatever it is given.
 */
export function valueBoundErrors(value: unknown, { envelope = false }: { envelope?: boolean } = {}): BoundError[] {
  const errors: BoundError[] = [];
  walk(value, [], errors, envelope);
  return errors;
}

/** What is wrong with a string (a value or a key) under the bounds, or undefined. */
function stringProblem(s: string, inMetadata: boolean): string | undefined {
  const problem = textProblem(s);
  if (problem) return problem;
  if (inMetadata) return longerThan(s, MAX_METADATA_BYTES) ? METADATA_TEXT_MESSAGE : undefined;
  return longerThan(s, MAX_TEXT_LENGTH) ? TEXT_LENGTH_MESSAGE : undefined;
}

/** The pointer is built only for an error: the walk runs over every value of every event. */
const pointer = (segments: readonly (string | number)[]) => segments.map((s) => `/${pointerSegment(s)}`).join('');

/** `envelope`: `value` is an event envelope, whose `metadata` strings are bounded by its size alone. */
function walk(value: unknown, segments: (string | number)[], errors: BoundError[], envelope: boolean): void {
  if (typeof value === 'string') {
    const problem = stringProblem(value, envelope && segments[0] === 'metadata');
    if (problem) errors.push({ path: pointer(segments), message: problem });
    return;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON has no Infinity, but JSON.parse reads 1e400 as one; stored, it would come back as null.
    errors.push({ path: pointer(segments), message: 'must be a finite number (got one beyond the range of a double)' });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  // The value at the root is level 1.
  if (segments.length >= MAX_JSON_DEPTH) {
    errors.push({
      path: pointer(segments),
      message: `nests too deep: JSON nesting is at most ${MAX_JSON_DEPTH} levels`,
    });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      segments.push(i);
      walk(value[i], segments, errors, envelope);
      segments.pop();
    }
    return;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    segments.push(key);
    const keyProblem = stringProblem(key, envelope && segments[0] === 'metadata' && segments.length > 1);
    if (keyProblem) errors.push({ path: pointer(segments), message: `has a key that ${keyProblem}` });
    walk((value as Record<string, unknown>)[key], segments, errors, envelope);
    segments.pop();
  }
}

/** Bytes of a string in UTF-8 (the string is well-formed). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4; // a pair: both halves together
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Metadata the client may set: ids that relate events to each other. */
export const CLIENT_METADATA_IDS = ['causationId', 'correlationId'] as const;

/** `metadata` (already an object whose strings are checked): at most 8 KiB as JSON; its ids are ids. */
export function metadataBoundErrors(metadata: Record<string, unknown>): BoundError[] {
  const errors: BoundError[] = [];
  const bytes = utf8Length(JSON.stringify(metadata));
  if (bytes > MAX_METADATA_BYTES) {
    errors.push({
      path: '/metadata',
      message: `must be at most ${MAX_METADATA_BYTES} bytes as JSON (8 KiB; got ${bytes})`,
    });
  }
  for (const key of CLIENT_METADATA_IDS) {
    const v = metadata[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v.length === 0 || longerThan(v, MAX_ID_LENGTH)) {
      errors.push({
        path: `/metadata/${key}`,
        message: `must be an id: a string of 1–${MAX_ID_LENGTH} characters (got ${
          typeof v === 'string' ? `${characterCount(v)} characters` : v === null ? 'null' : typeof v
        })`,
      });
    }
  }
  return errors;
}
