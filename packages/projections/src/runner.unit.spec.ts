import { describe, expect, it } from 'vitest';
import { restAfter } from './runner.js';

describe('restAfter: when the next projection pass starts, after one that read n events', () => {
  it('one poll interval after a pass of up to 100 events: light traffic is projected as soon as before', () => {
    expect(restAfter(1, 100)).toBe(100);
    expect(restAfter(100, 100)).toBe(100);
  });

  it('an interval more per 100 events read, up to ten intervals: a heavy ingest is projected in passes of a second', () => {
    expect(restAfter(250, 100)).toBe(250);
    expect(restAfter(999, 100)).toBeCloseTo(999);
    expect(restAfter(1_000, 100)).toBe(1_000);
    expect(restAfter(1_000_000, 100)).toBe(1_000);
  });

  it('scales with the configured interval (a test runner polling every 20 ms rests at most 200 ms)', () => {
    expect(restAfter(50, 20)).toBe(20);
    expect(restAfter(5_000, 20)).toBe(200);
  });
});
