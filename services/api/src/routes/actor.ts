import type { JsonObject } from '@reckon/event-store';
import type { Principal } from '../auth/keys.js';

/** The actor recorded on events appended through HTTP: the key's id and role, never the key. */
export function actorOf(principal: Principal): JsonObject {
  return {
    kind: 'api-key',
    keyId: principal.keyId,
    role: principal.role,
    ...(principal.partnerId ? { partnerId: principal.partnerId } : {}),
  };
}
