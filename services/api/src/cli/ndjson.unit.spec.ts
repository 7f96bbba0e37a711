import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ndjsonLines } from './ndjson.js';

const lines = async (chunks: string[], max?: number) => {
  const out: (string | number)[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks.map((c) => Buffer.from(c))), max)) {
    out.push(Buffer.isBuffer(line) ? line.toString('utf8') : -line.tooLong);
  }
  return out;
};

describe('ndjsonLines', () => {
  it('splits on LF across chunks, drops a CR before it, keeps a last line without LF', async () => {
    expect(await lines(['{"a":', '1}\r\n\n{"b"', ':2}'])).toEqual(['{"a":1}', '', '{"b":2}']);
  });

  it('does not keep a line longer than the bound: it comes as its length, and the lines after it as they are', async () => {
    // Counted across chunks; memory stays at the bound however long the line.
    expect(await lines(['short\n', 'x'.repeat(6), 'x'.repeat(6), 'x\nnext\n', 'y'.repeat(11)], 10)).toEqual([
      'short',
      -13,
      'next',
      -11,
    ]);
    expect(await lines(['0123456789\n'], 10)).toEqual(['0123456789']);
  });
});
