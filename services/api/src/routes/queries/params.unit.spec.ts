import { describe, expect, it } from 'vitest';
import { renderInstant } from './params.js';

describe('renderInstant (?tz=partner)', () => {
  it('writes the instant in the zone with its offset', () => {
    expect(renderInstant('2026-11-01T06:40:00.000Z', 'America/New_York')).toBe('2026-11-01T01:40:00.000-05:00');
    expect(renderInstant('2026-10-31T16:30:00.000Z', 'Asia/Shanghai')).toBe('2026-11-01T00:30:00.000+08:00');
    expect(renderInstant(null, 'Asia/Shanghai')).toBeNull();
  });

  it('keeps UTC where the zone’s offset has seconds, which an ISO-8601 offset cannot write', () => {
    // Africa/Monrovia was −00:44:30 in 1970: "…23:15:30-00:44" would be 30 s off.
    expect(renderInstant('1970-06-01T00:00:00.000Z', 'Africa/Monrovia')).toBe('1970-06-01T00:00:00.000Z');
    const rendered = renderInstant('1975-06-01T00:00:00.000Z', 'Africa/Monrovia');
    expect(Date.parse(rendered)).toBe(Date.parse('1975-06-01T00:00:00.000Z'));
  });
});
