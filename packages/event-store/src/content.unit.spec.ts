import { describe, expect, it } from 'vitest';
import { instantKey, sameContent } from './content.js';
import type { NewEvent, StoredEvent } from './types.js';

const event: NewEvent = {
  eventId: '00000000-0000-4000-8000-000000000001',
  type: 'OrderPlaced',
  occurredAt: '2026-10-05T10:00:00+08:00',
  data: { orderId: 'O1', amount: '850.00' },
};
const stored = (changes: Partial<NewEvent> = {}): StoredEvent => ({
  ...event,
  ...changes,
  version: 1,
  streamId: 'order-O1',
  streamPosition: 1,
  globalPosition: 1,
  recordedAt: '2026-10-05T02:00:00.123Z',
  metadata: { actor: 'x' },
});

describe('idempotent repeats (sameContent)', () => {
  it('treats the same instant in another offset as the same content, other data as different', () => {
    expect(sameContent(stored({ occurredAt: '2026-10-05T02:00:00.000000Z' }), event)).toBe(true);
    expect(sameContent(stored({ data: { orderId: 'O1', amount: '850.01' } }), event)).toBe(false);
  });

  it('compares instants to the microsecond, the finest time the engine keeps', () => {
    const at = (occurredAt: string) => ({ ...event, occurredAt });
    expect(sameContent(stored(at('2026-11-20T10:00:00.0001Z')), at('2026-11-20T10:00:00.0009Z'))).toBe(false);
    expect(sameContent(stored(at('2026-11-20T10:00:00.000001Z')), at('2026-11-20T10:00:00Z'))).toBe(false);
    expect(sameContent(stored(at('2026-11-20T10:00:00.0000001Z')), at('2026-11-20T10:00:00Z'))).toBe(true);
    expect(sameContent(stored(at('2026-11-20T18:00:00.123456+08:00')), at('2026-11-20T10:00:00.1234569Z'))).toBe(true);
    expect(instantKey('2026-11-20T10:00:00.5Z')).toBe(instantKey('2026-11-20T18:00:00.500000000+08:00'));
  });
});
