import { DuplicateEventIdError, UnknownLinkTargetError, WrongExpectedVersionError } from '@reckon/event-store';
import { describe, expect, it } from 'vitest';
import { fromWireError, lineReader, toWireError } from './wire.js';

function reader(maxChars?: number) {
  const lines: string[] = [];
  let tooLong = 0;
  const read = lineReader(
    (line) => lines.push(line),
    () => {
      tooLong += 1;
    },
    maxChars === undefined ? undefined : () => maxChars,
  );
  return { read, lines, tooLong: () => tooLong };
}

describe('the leader wire', () => {
  it('splits a stream into lines however it is cut, characters of several bytes included', () => {
    const text = '{"a":"結算"}\n{"b":"2"}\n\n{"c":"€"}\n';
    const bytes = Buffer.from(text);
    for (let size = 1; size <= bytes.length; size++) {
      const { read, lines } = reader();
      for (let at = 0; at < bytes.length; at += size) read(bytes.subarray(at, at + size));
      expect(lines).toEqual(['{"a":"結算"}', '{"b":"2"}', '', '{"c":"€"}']);
    }
  });

  it('stops reading at a line longer than allowed, finished or not', () => {
    const finished = reader(8);
    finished.read(Buffer.from('short\nmuch too long\nnext\n'));
    expect(finished.lines).toEqual(['short']);
    expect(finished.tooLong()).toBe(1);
    const unfinished = reader(8);
    unfinished.read(Buffer.from('ok\n12345'));
    unfinished.read(Buffer.from('67890'));
    unfinished.read(Buffer.from('\nlater\n'));
    expect(unfinished.lines).toEqual(['ok']);
    expect(unfinished.tooLong()).toBe(1);
  });

  it("gives the follower the leader's errors as the same classes, with their fields", () => {
    const round = (error: unknown) => fromWireError(JSON.parse(JSON.stringify(toWireError(error))));
    const wrong = round(new WrongExpectedVersionError('order-1', 'no_stream', 3));
    expect(wrong).toBeInstanceOf(WrongExpectedVersionError);
    expect(wrong).toMatchObject({ streamId: 'order-1', expected: 'no_stream', actual: 3 });
    expect(round(new DuplicateEventIdError('e-1', 'order-1'))).toMatchObject({ eventId: 'e-1', storedIn: 'order-1' });
    expect(round(new UnknownLinkTargetError('e-2'))).toBeInstanceOf(UnknownLinkTargetError);
    expect(round(new TypeError('a stream twice'))).toBeInstanceOf(TypeError);
    const database = round(Object.assign(new Error('connection terminated'), { code: '57P01' }));
    expect(database).toMatchObject({ message: 'log leader: connection terminated', code: '57P01' });
  });
});
