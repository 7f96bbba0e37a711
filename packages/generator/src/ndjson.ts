/**
 * Writes events as NDJSON (one JSON envelope per line) to a stream in chunks, waiting for the
 * stream to drain when it asks to, so a million events pass through constant memory.
 */
import type { Writable } from 'node:stream';

/** Writes every event of `events` as a line of `out`; returns how many were written. Does not end `out`. */
export async function writeNdjson(
  events: Iterable<unknown>,
  out: Writable,
  options: { chunkChars?: number } = {},
): Promise<number> {
  const chunkChars = options.chunkChars ?? 1 << 16;
  // A failing stream (EPIPE when the reader went away, a full disk) stops the writing loop.
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const onError = (err: Error) => {
    failure = err;
    wake?.();
  };
  const onDrain = () => wake?.();
  out.on('error', onError);
  out.on('drain', onDrain);
  const write = async (chunk: string) => {
    if (failure) throw failure;
    if (!out.write(chunk)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = undefined;
      if (failure) throw failure;
    }
  };
  try {
    let chunk = '';
    let written = 0;
    for (const event of events) {
      chunk += `${JSON.stringify(event)}\n`;
      written++;
      if (chunk.length >= chunkChars) {
        await write(chunk);
        chunk = '';
      }
    }
    if (chunk.length > 0) await write(chunk);
    return written;
  } finally {
    out.off('error', onError);
    out.off('drain', onDrain);
  }
}
