import { describe, expect, it } from 'vitest';
import { pressureMeasure } from './protection.js';

const limits = { maxEventLoopDelay: 50, maxHeapUsedBytes: 512 * 1024 * 1024, sampleInterval: 300 };

describe('pressureMeasure: what an overloaded answer says', () => {
  it('gives a measured event-loop delay in whole milliseconds', () => {
    expect(pressureMeasure('eventLoopDelay', 73.6, limits)).toBe('event-loop delay 74 ms, the limit 50 ms');
  });

  it('says "at least" the sample interval when under-pressure saw no tick in a whole sample', () => {
    expect(pressureMeasure('eventLoopDelay', Number.POSITIVE_INFINITY, limits)).toBe(
      'event-loop delay at least 300 ms, the limit 50 ms',
    );
    expect(pressureMeasure('eventLoopDelay', Number.NaN, limits)).toBe(
      'event-loop delay at least 300 ms, the limit 50 ms',
    );
  });

  it('gives the heap in MiB', () => {
    expect(pressureMeasure('heapUsedBytes', 600 * 1024 * 1024, limits)).toBe('heap in use 600 MiB, the limit 512 MiB');
  });
});
