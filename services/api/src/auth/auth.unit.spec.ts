import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canReadPartner } from './access.js';
import { KeyRing, keyIdOf, loadOrCreateKeyFile, parseApiKeys } from './keys.js';

describe('API keys', () => {
  it('parses RECKON_API_KEYS and rejects what is not a list of {key, role, partnerId?}', () => {
    expect(
      parseApiKeys('[{"key":"secret-admin","role":"admin"},{"key":"secret-p1","role":"partner","partnerId":"P1"}]'),
    ).toEqual([
      { key: 'secret-admin', role: 'admin' },
      { key: 'secret-p1', role: 'partner', partnerId: 'P1' },
    ]);
    expect(() => parseApiKeys('nope')).toThrow(/JSON/);
    expect(() => parseApiKeys('{}')).toThrow(/array/);
    expect(() => parseApiKeys('[{"key":"secret-x","role":"root"}]')).toThrow(/role/);
    expect(() => parseApiKeys('[{"key":"secret-x","role":"partner"}]')).toThrow(/partnerId/);
    expect(() => parseApiKeys('[{"key":"short","role":"admin"}]')).toThrow(/8\+/);
    expect(() => parseApiKeys('[{"key":"secret-x","role":"admin"},{"key":"secret-x","role":"finance"}]')).toThrow(
      /twice/,
    );
  });

  it('authenticates a key to a principal that carries its id, never the key', () => {
    const ring = new KeyRing([{ key: 'secret-p1', role: 'partner', partnerId: 'P1' }]);
    const principal = ring.authenticate('secret-p1');
    expect(principal).toEqual({ keyId: keyIdOf('secret-p1'), role: 'partner', partnerId: 'P1' });
    expect(JSON.stringify(principal)).not.toContain('secret-p1');
    expect(ring.authenticate('secret-p2')).toBeUndefined();
    expect(keyIdOf('a')).not.toBe(keyIdOf('b'));
  });

  it('generates an admin key file once (mode 0600) and reads it back later', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'reckon-keys-'));
    try {
      const first = await loadOrCreateKeyFile(path.join(dir, 'data'));
      expect(first.created).toBe(true);
      expect(first.keys).toEqual([{ key: expect.stringMatching(/^rk_/), role: 'admin' }]);
      expect((await stat(first.file)).mode & 0o777).toBe(0o600);
      const second = await loadOrCreateKeyFile(path.join(dir, 'data'));
      expect(second).toEqual({ ...first, created: false });
      expect(JSON.parse(await readFile(first.file, 'utf8'))).toEqual(first.keys);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('canReadPartner', () => {
  const parents: Record<string, string> = { R1: 'D1', R2: 'D2' };
  const parentOf = async (partnerId: string) => parents[partnerId];

  it('lets admin and finance read everyone, a partner itself, a distributor its resellers', async () => {
    expect(await canReadPartner({ keyId: 'k', role: 'admin' }, 'R1', parentOf)).toBe(true);
    expect(await canReadPartner({ keyId: 'k', role: 'finance' }, 'D2', parentOf)).toBe(true);
    const d1 = { keyId: 'k', role: 'partner' as const, partnerId: 'D1' };
    expect(await canReadPartner(d1, 'D1', parentOf)).toBe(true);
    expect(await canReadPartner(d1, 'R1', parentOf)).toBe(true);
    expect(await canReadPartner(d1, 'R2', parentOf)).toBe(false);
    expect(await canReadPartner(d1, 'D2', parentOf)).toBe(false);
    const r1 = { keyId: 'k', role: 'partner' as const, partnerId: 'R1' };
    expect(await canReadPartner(r1, 'D1', parentOf)).toBe(false);
  });
});
