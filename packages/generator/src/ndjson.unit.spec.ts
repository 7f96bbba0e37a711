import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { generateEvents } from './generate.js';
import { writeNdjson } from './ndjson.js';

/** A slow sink with a small buffer, so the writer has to wait for it to drain. */
function slowSink(): { stream: Writable; text: () => string; waits: () => number } {
  const parts: Buffer[] = [];
  let drains = 0;
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _enc, done) {
      parts.push(chunk);
      setImmediate(done);
    },
  });
  stream.on('drain', () => drains++);
  return { stream, text: () => Buffer.concat(parts).toString('utf8'), waits: () => drains };
}

describe('writeNdjson', () => {
  it('writes one JSON envelope per line, waiting for the stream to drain', async () => {
    const sink = slowSink();
    const written = await writeNdjson(generateEvents({ events: 2_000, seed: 'nd' }), sink.stream, {
      chunkChars: 4096,
    });
    expect(written).toBe(2_000);
    expect(sink.waits()).toBeGreaterThan(10);
    const lines = sink.text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2_000);
    expect(lines.map((l) => JSON.parse(l))).toEqual(Array.from(generateEvents({ events: 2_000, seed: 'nd' })));
  });

  it('stops with the error when the stream fails', async () => {
    const stream = new Writable({
      highWaterMark: 16,
      write(_chunk, _enc, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    await expect(
      writeNdjson(generateEvents({ events: 5_000, seed: 'nd' }), stream, { chunkChars: 256 }),
    ).rejects.toThrow('EPIPE');
  });
});
