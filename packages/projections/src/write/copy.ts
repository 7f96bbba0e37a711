import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Decimal } from '@reckon/domain';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Multi-row writes through COPY: PostgreSQL parses COPY's text rows several times faster than the
 * same values as `unnest($1::t[], …)` array parameters (measured on the bench's 100,000-event log:
 * 81,130 incentive source lines in 0.35 s by COPY against 1.7 s by unnest, with their primary key).
 * New rows go straight into the table; rows that merge with stored ones (ON CONFLICT) go first into
 * a temporary table, then `INSERT … SELECT … ON CONFLICT` from it, so that the
 * merge rules stay those of the unnest statement. A few rows are cheaper as one unnest statement:
 * below `COPY_MIN_ROWS` new rows, below `MERGE_MIN_ROWS` merged ones, the writers keep it (a merge
 * through the temporary table takes three round trips instead of one: worth it only for many rows).
 */
export const COPY_MIN_ROWS = 64;
export const MERGE_MIN_ROWS = 500;

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A field's text before COPY's escaping (null → `\N`, which is not escaped; decimal.js → its plain digits). */
function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
      return String(value);
    case 'boolean':
      return value ? 't' : 'f';
    case 'string':
      return value;
    default:
      return value instanceof Decimal ? value.toFixed() : String(value);
  }
}

/** One field of COPY's text format (null → `\N`; decimal.js → its plain digits). */
export function copyField(value: unknown): string {
  const text = fieldText(value);
  if (text === null) return '\\N';
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE, (c) => ESCAPES[c]!) : text;
}

/** The byte after a backslash for the characters COPY's text format escapes (0: not escaped). */
const ESCAPED = new Uint8Array(0x5d);
ESCAPED[0x09] = 0x74; // \t
ESCAPED[0x0a] = 0x6e; // \n
ESCAPED[0x0d] = 0x72; // \r
ESCAPED[0x5c] = 0x5c; // \\

/** A character COPY's text format escapes, or one outside ASCII. */
const NOT_PLAIN = /[\\\t\n\r\u0080-\uffff]/;

/** Fields this long and plain are written by one native call; shorter ones cost less byte by byte. */
const NATIVE_MIN_LENGTH = 16;

/**
 * Writes `text` as one escaped COPY field at `at` and returns the offset after it. A long plain
 * field (ids, times) is one `Buffer#write`; a short one (amounts, codes) is copied byte by byte, for
 * which a native call costs more (on a mix of ids, amounts, periods and times: 56–59 ns a field,
 * against 92–97 byte by byte throughout); from the first character to escape or outside ASCII on,
 * the rest goes through `copyField`'s escaping and UTF-8. The caller leaves room for 3 bytes per UTF-16 unit.
 */
function putField(buffer: Buffer, at: number, text: string): number {
  const n = text.length;
  if (n >= NATIVE_MIN_LENGTH && !NOT_PLAIN.test(text)) return at + buffer.write(text, at, 'latin1');
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return at + buffer.write(copyField(text.slice(i)), at);
    const escaped = c < 0x5d ? ESCAPED[c]! : 0;
    if (escaped !== 0) {
      buffer[at++] = 0x5c;
      buffer[at++] = escaped;
    } else {
      buffer[at++] = c;
    }
  }
  return at;
}

/** Bytes of COPY data per chunk handed to the socket (bounds the memory of one write). */
const CHUNK_BYTES = 1 << 18;

/**
 * COPY's text of `rows`, encoded straight into buffers of about `CHUNK_BYTES` (a row may span two:
 * COPY data need not break at rows); `row(i)` gives the fields of the i-th row (read before the
 * next call: it may reuse one array). Writing each field into the buffer, instead of joining
 * strings and encoding the result, spares the garbage of the joins and the string → buffer copy
 * (a rebuild of the 1,000,000-event log COPYs millions of rows). Byte for byte the rows'
 * `copyField`s joined by tabs and newlines (copy.unit.spec.ts).
 */
export function* copyChunks(count: number, row: (i: number) => readonly unknown[]): Generator<Buffer> {
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let at = 0;
  for (let i = 0; i < count; i++) {
    const fields = row(i);
    for (let c = 0; c < fields.length; c++) {
      const text = fieldText(fields[c]);
      // At most 3 bytes per UTF-16 unit, the separator and the row's end (so the "\n" always fits).
      const room = text === null ? 4 : 3 * text.length + 2;
      if (at + room > buffer.length) {
        if (at > 0) yield buffer.subarray(0, at);
        buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, room));
        at = 0;
      }
      if (c > 0) buffer[at++] = 0x09;
      if (text === null) {
        buffer[at++] = 0x5c;
        buffer[at++] = 0x4e;
      } else {
        at = putField(buffer, at, text);
      }
    }
    buffer[at++] = 0x0a;
  }
  if (at > 0) yield buffer.subarray(0, at);
}

/**
 * COPY `count` rows into `target (names)`, in the caller's transaction. The statement is issued at
 * the call; `row(i)` is read as the data is sent, so the rows must not change until it settles.
 */
export async function copyRows(
  client: PoolClient,
  target: string,
  names: readonly string[],
  count: number,
  row: (i: number) => readonly unknown[],
): Promise<void> {
  const stream = client.query(copyFrom(`COPY ${target} (${names.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(count, row)), stream);
}

let staged = 0;

/**
 * Writes rows that may merge with stored ones: COPY into a temporary table of `target`'s columns
 * `names` (dropped right after), then `INSERT INTO target … SELECT … FROM it <conflict>`, where `conflict`
 * is the ON CONFLICT clause the unnest statement would have had (the target is aliased `t`).
 */
export async function copyMerge(
  client: PoolClient,
  target: string,
  names: readonly string[],
  conflict: string,
  count: number,
  row: (i: number) => readonly unknown[],
): Promise<void> {
  const stage = `reckon_stage_${++staged}`;
  const list = names.join(', ');
  // Only the written columns, with their types (numeric(38,8) rounds as the target does), no
  // constraints; dropped right after (a failed transaction rolls its creation back). The three
  // statements are issued at once (the connection runs them in order): a caller may queue the
  // merge behind others without waiting for it (write/queued.ts).
  await Promise.all([
    client.query(`CREATE TEMP TABLE ${stage} AS SELECT ${list} FROM ${target} WITH NO DATA`),
    copyRows(client, stage, names, count, row),
    client.query(`INSERT INTO ${target} AS t (${list}) SELECT ${list} FROM ${stage} ${conflict}; DROP TABLE ${stage}`),
  ]);
}
