import { describe, expect, it } from 'vitest';
import { actorText, zonedLocal, zonedToIso } from './format.js';
import { DICTIONARY } from './i18n.js';

/** The actor column of the association and quota operation records (the API's actor object), in words. */
describe('actorText', () => {
  const { zh, en } = DICTIONARY;
  const partnerKey = { kind: 'api-key', role: 'partner', partnerId: 'P-RES', keyId: 'key-14d3bc2edef3' };

  it('names an API key by its role, its partner and its key id, in both languages', () => {
    expect(actorText(partnerKey, zh)).toBe('伙伴 P-RES · 密钥 key-14d3bc2edef3');
    expect(actorText(partnerKey, en)).toBe('Partner P-RES · key key-14d3bc2edef3');
    const admin = { kind: 'api-key', role: 'admin', keyId: 'key-5f2a9c01d7e4' };
    expect(actorText(admin, zh)).toBe('管理员 · 密钥 key-5f2a9c01d7e4');
    expect(actorText({ ...admin, role: 'finance' }, en)).toBe('Finance · key key-5f2a9c01d7e4');
  });

  it('names the CLI by its command and user, the demo as such, and shows what else holds', () => {
    expect(actorText({ kind: 'cli', user: 'ops', command: 'import' }, zh)).toBe('命令行 import · 用户 ops');
    expect(actorText({ kind: 'cli', user: 'ops', command: 'import' }, en)).toBe('CLI import · user ops');
    expect(actorText({ kind: 'demo', command: 'pnpm demo' }, en)).toBe('Demo data');
    expect(actorText({ kind: 'unknown', value: 'finance-key' }, en)).toBe('finance-key');
    expect(actorText(null, zh)).toBe('—');
  });
});

/** A time typed into the centre is read in the partner's zone, whatever the browser's (audit finding 1). */
describe('zonedToIso / zonedLocal', () => {
  it('reads a wall-clock time in the given zone, with that zone’s offset at that time', () => {
    expect(zonedToIso('2027-01-06T23:59', 'Asia/Shanghai')).toBe('2027-01-06T23:59:00+08:00');
    expect(zonedToIso('2027-01-06T23:59', 'America/Los_Angeles')).toBe('2027-01-06T23:59:00-08:00');
    expect(zonedToIso('2026-07-01T09:30:15', 'America/Los_Angeles')).toBe('2026-07-01T09:30:15-07:00');
    expect(zonedToIso('2026-07-01T09:30', 'Asia/Kolkata')).toBe('2026-07-01T09:30:00+05:30');
    expect(zonedToIso('2026-07-01T09:30', 'UTC')).toBe('2026-07-01T09:30:00+00:00');
    // Around a change: the hour after it, and a time in the gap takes the offset after it.
    expect(zonedToIso('2026-03-29T03:30', 'Europe/Berlin')).toBe('2026-03-29T03:30:00+02:00');
    expect(zonedToIso('2026-03-29T01:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00+01:00');
  });

  it('gives the wall-clock time of an instant in a zone', () => {
    const t = Date.parse('2026-12-06T20:00:00Z');
    expect(zonedLocal(t, 'Asia/Shanghai')).toBe('2026-12-07T04:00');
    expect(zonedLocal(t, 'America/Los_Angeles')).toBe('2026-12-06T12:00');
    expect(zonedToIso(zonedLocal(t, 'Asia/Tokyo'), 'Asia/Tokyo')).toBe('2026-12-07T05:00:00+09:00');
  });
});
