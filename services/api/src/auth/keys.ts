import { createHash, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const ROLES = ['admin', 'finance', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** One entry of `RECKON_API_KEYS` (or of the generated key file). */
export interface ApiKey {
  key: string;
  role: Role;
  partnerId?: string;
}

/** Who is calling: what a key stands for, without the key itself. */
export interface Principal {
  /** A short hash of the key: lets an auditor tell keys apart without ever storing one. */
  keyId: string;
  role: Role;
  partnerId?: string;
}

export function keyIdOf(key: string): string {
  return `key-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}

/** Parses and checks a JSON array of `{"key", "role", "partnerId"?}`. */
export function parseApiKeys(json: string): ApiKey[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('not valid JSON (expected an array of {"key", "role", "partnerId"?})');
  }
  if (!Array.isArray(value)) throw new Error('expected a JSON array of {"key", "role", "partnerId"?}');
  const seen = new Set<string>();
  return value.map((entry: unknown, index): ApiKey => {
    if (entry === null || typeof entry !== 'object') throw new Error(`[${index}] is not an object`);
    const { key, role, partnerId } = entry as Record<string, unknown>;
    if (typeof key !== 'string' || key.length < 8) throw new Error(`[${index}].key must be a string of 8+ characters`);
    if (seen.has(key)) throw new Error(`[${index}].key is listed twice`);
    seen.add(key);
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      throw new Error(`[${index}].role must be one of ${ROLES.join(', ')}`);
    }
    if (role === 'partner' && (typeof partnerId !== 'string' || partnerId === '')) {
      throw new Error(`[${index}] has role partner but no partnerId`);
    }
    if (partnerId !== undefined && typeof partnerId !== 'string')
      throw new Error(`[${index}].partnerId must be a string`);
    return { key, role: role as Role, ...(typeof partnerId === 'string' && partnerId ? { partnerId } : {}) };
  });
}

/** Looks keys up by their hash, comparing in constant time so timing does not leak a key. */
export class KeyRing {
  private readonly byHash = new Map<string, { digest: Buffer; principal: Principal }>();

  constructor(keys: readonly ApiKey[]) {
    for (const entry of keys) {
      const digest = createHash('sha256').update(entry.key).digest();
      const principal: Principal = {
        keyId: keyIdOf(entry.key),
        role: entry.role,
        ...(entry.partnerId ? { partnerId: entry.partnerId } : {}),
      };
      this.byHash.set(digest.toString('hex'), { digest, principal });
    }
  }

  get size(): number {
    return this.byHash.size;
  }

  authenticate(key: string): Principal | undefined {
    // One-shot: no Hash object per request.
    const digest = hash('sha256', key, 'buffer');
    const found = this.byHash.get(digest.toString('hex'));
    return found && timingSafeEqual(found.digest, digest) ? found.principal : undefined;
  }
}

export const KEY_FILE = 'api-keys.json';

/**
 * The keys kept in the data directory for a service started without `RECKON_API_KEYS`: read when
 * the file exists, else one admin key is generated and written (mode 0600) and `created` is true.
 */
export async function loadOrCreateKeyFile(
  dataDir: string,
): Promise<{ keys: ApiKey[]; file: string; created: boolean }> {
  const file = path.join(dataDir, KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    try {
      return { keys: parseApiKeys(text), file, created: false };
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
  }
  const keys: ApiKey[] = [{ key: `rk_${randomBytes(24).toString('base64url')}`, role: 'admin' }];
  await mkdir(dataDir, { recursive: true });
  // `wx`: never overwrite a file another process created in the meantime.
  await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { keys, file, created: true };
}
