import { StringDecoder } from 'node:string_decoder';
import {
  type AppendOptions,
  type AppendRequest,
  type AppendResult,
  DuplicateEventIdError,
  type ExpectedVersion,
  UnknownLinkTargetError,
  UnsupportedOperationError,
  WrongExpectedVersionError,
} from '@reckon/event-store';

/**
 * What travels between a store and the log leader it forwards its appends to: one JSON object a
 * line (JSON.stringify never writes a raw newline). The first line a follower sends is the
 * leader's token; then calls, each answered by its id, in any order.
 */
export interface CallMessage {
  id: number;
  requests: readonly AppendRequest[];
  order?: readonly string[];
}

export type AnswerMessage = { id: number; result: AppendResult } | { id: number; error: WireError };

/** An error thrown by the leader's append, with what the follower needs to throw the same. */
export interface WireError {
  name: string;
  message: string;
  streamId?: string;
  expected?: ExpectedVersion;
  actual?: number;
  eventId?: string;
  storedIn?: string;
  code?: string;
}

export function toWireError(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const wire: WireError = { name: error.name, message: error.message };
  if (error instanceof WrongExpectedVersionError) {
    Object.assign(wire, { streamId: error.streamId, expected: error.expected, actual: error.actual });
  } else if (error instanceof DuplicateEventIdError) {
    Object.assign(wire, { eventId: error.eventId, storedIn: error.storedIn });
  } else if (error instanceof UnknownLinkTargetError) {
    wire.eventId = error.eventId;
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') wire.code = code;
  return wire;
}

/** The error the leader's append threw, as the same class (the port's errors and TypeError). */
export function fromWireError(wire: WireError): Error {
  switch (wire.name) {
    case 'WrongExpectedVersionError':
      return new WrongExpectedVersionError(wire.streamId!, wire.expected!, wire.actual!);
    case 'DuplicateEventIdError':
      return new DuplicateEventIdError(wire.eventId!, wire.storedIn!);
    case 'UnknownLinkTargetError':
      return new UnknownLinkTargetError(wire.eventId!);
    case 'UnsupportedOperationError':
      return new UnsupportedOperationError(wire.message);
    case 'TypeError':
      return new TypeError(wire.message);
    default: {
      const error = new Error(`log leader: ${wire.message}`);
      if (wire.code) Object.assign(error, { code: wire.code });
      return error;
    }
  }
}

export function callMessage(id: number, requests: readonly AppendRequest[], options: AppendOptions): string {
  const message: CallMessage = options.order ? { id, requests, order: options.order } : { id, requests };
  return `${JSON.stringify(message)}\n`;
}

/** The longest line a leader or follower takes: a call of a few thousand events is a few MB. */
export const MAX_LINE_CHARS = 256 * 1024 * 1024;

/**
 * Splits a socket's stream into lines, calling `onLine` for each complete one. A line longer than
 * `maxChars()` (which may change, e.g. once a follower has given its token) calls `onTooLong`
 * instead, and nothing more is read.
 */
export function lineReader(
  onLine: (line: string) => void,
  onTooLong: () => void,
  maxChars: () => number = () => MAX_LINE_CHARS,
): (chunk: Buffer) => void {
  const decoder = new StringDecoder('utf8'); // a chunk may end inside a character
  // The start of an unfinished line, in pieces: only each new chunk is searched for its end.
  let pieces: string[] = [];
  let pending = 0;
  let stopped = false;
  const tooLong = () => {
    stopped = true;
    pieces = [];
    onTooLong();
  };
  return (chunk) => {
    if (stopped) return;
    const text = decoder.write(chunk);
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (pending + end - start > maxChars()) return tooLong();
      const line = pieces.length > 0 ? pieces.join('') + text.slice(start, end) : text.slice(start, end);
      pieces = [];
      pending = 0;
      onLine(line);
      start = end + 1;
    }
    if (start < text.length) {
      pieces.push(text.slice(start));
      pending += text.length - start;
      if (pending > maxChars()) tooLong();
    }
  };
}
