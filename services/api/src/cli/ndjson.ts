import type { Readable } from 'node:stream';

/** A line longer than the reader keeps: how many bytes it had (counted, not kept). */
export interface TooLongLine {
  tooLong: number;
}

/** The longest line read (16 MiB): no event is near it (a POST /v1/events body is 8 MiB by default). */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * The lines of an NDJSON stream as bytes, so that each is decoded by the domain's strict JSON
 * reader (readline decoded invalid UTF-8 as U+FFFD). Lines end at LF; a CR before it is dropped.
 * String chunks (an in-memory stream) are taken as UTF-8. A line past `maxLineBytes` is not kept
 * (a file of one 700 MB line would need gigabytes): it comes as `TooLongLine`.
 */
export async function* ndjsonLines(
  input: Readable,
  maxLineBytes = MAX_LINE_BYTES,
): AsyncGenerator<Buffer | TooLongLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipped = -1; // bytes of a line too long so far, -1 while none is being skipped
  const take = (piece: Buffer) => {
    if (skipped >= 0) skipped += piece.length;
    else if (pendingBytes + piece.length > maxLineBytes) {
      skipped = pendingBytes + piece.length;
      pending = [];
      pendingBytes = 0;
    } else if (piece.length > 0) {
      pending.push(piece);
      pendingBytes += piece.length;
    }
  };
  const line = (): Buffer | TooLongLine => {
    const done =
      skipped >= 0 ? { tooLong: skipped } : withoutCr(pending.length === 1 ? pending[0]! : Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
    skipped = -1;
    return done;
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let end = bytes.indexOf(0x0a, start); end >= 0; end = bytes.indexOf(0x0a, start)) {
      take(bytes.subarray(start, end));
      yield line();
      start = end + 1;
    }
    if (start < bytes.length) take(bytes.subarray(start));
  }
  if (pendingBytes > 0 || skipped >= 0) yield line();
}

function withoutCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
}

/** A line of spaces and tabs only (or nothing) holds no event. */
export function isBlank(line: Buffer): boolean {
  for (const byte of line) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
