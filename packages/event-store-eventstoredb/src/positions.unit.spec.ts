import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  currentRevisionToVersion,
  revisionToVersion,
  satisfiesExpectedVersion,
  toExpectedRevision,
  toGlobalPosition,
  toLogPosition,
  versionToRevision,
} from './positions.js';

describe('stream versions and EventStoreDB revisions', () => {
  it('maps version v to revision v - 1 and back', () => {
    expect(versionToRevision(1)).toBe(0n);
    expect(versionToRevision(42)).toBe(41n);
    expect(revisionToVersion(0n)).toBe(1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (v) => revisionToVersion(versionToRevision(v)) === v,
      ),
    );
  });

  it('has no revision for version 0 or for non-integers', () => {
    expect(() => versionToRevision(0)).toThrow(RangeError);
    expect(() => versionToRevision(-1)).toThrow(RangeError);
    expect(() => versionToRevision(1.5)).toThrow(RangeError);
  });

  it('maps expected versions to expected revisions', () => {
    expect(toExpectedRevision(undefined)).toBe('any');
    expect(toExpectedRevision('any')).toBe('any');
    expect(toExpectedRevision('no_stream')).toBe('no_stream');
    expect(toExpectedRevision(0)).toBe('no_stream');
    expect(toExpectedRevision('stream_exists')).toBe('stream_exists');
    expect(toExpectedRevision(3)).toBe(2n);
    expect(() => toExpectedRevision(-2)).toThrow(RangeError);
  });

  it('reads the actual version of a wrong-expected-version error', () => {
    expect(currentRevisionToVersion('no_stream')).toBe(0);
    expect(currentRevisionToVersion(0n)).toBe(1);
    expect(currentRevisionToVersion(9n)).toBe(10);
    // Deleted and tombstoned streams are reported with negative codes: no version.
    expect(currentRevisionToVersion(-5n)).toBeUndefined();
    expect(currentRevisionToVersion(undefined)).toBeUndefined();
  });

  it('checks expected versions the way EventStoreDB does', () => {
    const cases: Array<[Parameters<typeof satisfiesExpectedVersion>[0], number, boolean]> = [
      [undefined, 0, true],
      ['any', 7, true],
      ['no_stream', 0, true],
      ['no_stream', 1, false],
      [0, 0, true],
      [0, 2, false],
      ['stream_exists', 0, false],
      ['stream_exists', 1, true],
      [3, 3, true],
      [3, 2, false],
      [3, 4, false],
    ];
    for (const [expected, actual, ok] of cases) expect(satisfiesExpectedVersion(expected, actual)).toBe(ok);
  });
});

describe('global positions and $all log positions', () => {
  it('is the commit position plus one, so that 0 stays before every event', () => {
    expect(toGlobalPosition({ commit: 0n, prepare: 0n })).toBe(1);
    expect(toGlobalPosition({ commit: 12_345n, prepare: 12_345n })).toBe(12_346);
    expect(toLogPosition(12_346)).toEqual({ commit: 12_345n, prepare: 12_345n });
    expect(toLogPosition(0)).toBeUndefined();
  });

  it('round-trips every safe position', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
        (p) => toGlobalPosition(toLogPosition(p)) === p,
      ),
    );
  });

  it('keeps the order of log positions', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 52n }), fc.bigInt({ min: 0n, max: 2n ** 52n }), (a, b) => {
        const pa = toGlobalPosition({ commit: a, prepare: a });
        const pb = toGlobalPosition({ commit: b, prepare: b });
        return Math.sign(pa - pb) === Math.sign(Number(a - b));
      }),
    );
  });

  it('refuses positions it cannot represent', () => {
    expect(() => toGlobalPosition(undefined)).toThrow(/no log position/);
    expect(() => toGlobalPosition({ commit: 2n ** 64n - 1n, prepare: 2n ** 64n - 1n })).toThrow(/no log position/);
    expect(() => toGlobalPosition({ commit: 2n ** 53n, prepare: 2n ** 53n })).toThrow(RangeError);
    expect(() => toGlobalPosition({ commit: 100n, prepare: 80n })).toThrow(/not self-committed/);
    expect(() => toLogPosition(-1)).toThrow(RangeError);
    expect(() => toLogPosition(2.5)).toThrow(RangeError);
  });
});
