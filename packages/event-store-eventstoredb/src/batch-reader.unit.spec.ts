import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BatchReader } from './batch-reader.js';

describe('batch reader', () => {
  it('hands over what is ready, up to the maximum', async () => {
    const stream = new PassThrough({ objectMode: true });
    const reader = new BatchReader<number>(stream);
    for (const n of [1, 2, 3, 4, 5]) stream.write(n);
    expect(await reader.next(2)).toEqual([1, 2]);
    expect(await reader.next(10)).toEqual([3, 4, 5]);
  });

  it('takes what is ready without waiting', async () => {
    const stream = new PassThrough({ objectMode: true });
    const reader = new BatchReader<number>(stream);
    expect(reader.ready(5)).toEqual([]);
    stream.write(1);
    stream.write(2);
    expect(reader.ready(5)).toEqual([1, 2]);
    stream.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reader.ready(5)).toBeUndefined();
  });

  it('waits for the first item when none is ready', async () => {
    const stream = new PassThrough({ objectMode: true });
    const reader = new BatchReader<string>(stream);
    const pending = reader.next(10);
    setTimeout(() => stream.write('late'), 5);
    expect(await pending).toEqual(['late']);
  });

  it('returns undefined at the end, after the last items', async () => {
    const stream = new PassThrough({ objectMode: true });
    const reader = new BatchReader<number>(stream);
    stream.end(7);
    expect(await reader.next(10)).toEqual([7]);
    expect(await reader.next(10)).toBeUndefined();
  });

  it('rejects with the stream error once the items before it are taken', async () => {
    const stream = new PassThrough({ objectMode: true });
    const reader = new BatchReader<number>(stream);
    stream.write(1);
    await new Promise((resolve) => setImmediate(resolve));
    stream.destroy(new Error('connection lost'));
    const first = await reader.next(10).catch((error: Error) => error.message);
    const second = await reader.next(10).catch((error: Error) => error.message);
    // A destroyed stream may drop its buffer; what must hold is that the error surfaces.
    expect([first, second]).toContain('connection lost');
  });

  it('stops waiting when interrupted', async () => {
    const stream = new PassThrough({ objectMode: true });
    const reader = new BatchReader<number>(stream);
    const pending = reader.next(10);
    reader.interrupt();
    expect(await pending).toBeUndefined();
    stream.write(1);
    expect(await reader.next(10)).toBeUndefined();
  });

  it('keeps the server behind backpressure while nobody asks', async () => {
    const stream = new PassThrough({ objectMode: true, highWaterMark: 4 });
    const reader = new BatchReader<number>(stream);
    let accepted = 0;
    while (stream.write(accepted)) accepted++;
    expect(accepted).toBeLessThan(10);
    const batch = await reader.next(100);
    expect(batch?.length).toBeGreaterThan(0);
  });
});
