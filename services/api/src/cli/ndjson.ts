import type { Readable } from 'node:stream';

/**
 * The lines of an NDJSON stream as bytes, so that each is decoded by the domain's strict JSON
 * reader (readline decoded invalid UTF-8 as U+FFFD). Lines end at LF; a CR before it is dropped.
 * String chunks (an in-memory stream) are taken as UTF-8.
 */
export async function* ndjsonLines(input: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let end = bytes.indexOf(0x0a, start); end >= 0; end = bytes.indexOf(0x0a, start)) {
      const piece = bytes.subarray(start, end);
      yield withoutCr(pending.length === 0 ? piece : Buffer.concat([...pending, piece]));
      pending = [];
      start = end + 1;
    }
    if (start < bytes.length) pending.push(bytes.subarray(start));
  }
  if (pending.length > 0) yield withoutCr(Buffer.concat(pending));
}

function withoutCr(line: Buffer): Buffer {
  return line.length > 0 && line[line.length - 1] === 0x0d ? line.subarray(0, -1) : line;
}

/** A line of spaces and tabs only (or nothing) holds no event. */
export function isBlank(line: Buffer): boolean {
  for (const byte of line) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
