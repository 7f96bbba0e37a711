import { describe, expect, it } from 'vitest';
import { actorText } from './format.js';
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
