import { randomUUID } from 'node:crypto';
import type { EventStore, JsonObject, NewEvent, StoredEvent } from '../types.js';

/** A new event with a fresh id; `extra` overrides any field. */
export function newEvent(type = 'ProbeRecorded', data: JsonObject = {}, extra: Partial<NewEvent> = {}): NewEvent {
  return { eventId: randomUUID(), type, occurredAt: '2026-10-05T10:00:00+08:00', data, ...extra };
}

/** A stream id no other test uses (the suite shares one store between its cases). */
export function freshStream(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function readAllEvents(store: EventStore, fromPosition: number, toPosition?: number) {
  const events: StoredEvent[] = [];
  for await (const batch of store.readAll({ fromPosition, ...(toPosition === undefined ? {} : { toPosition }) })) {
    events.push(...batch);
  }
  return events;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; fails with `what` after `timeoutMs`. */
export async function eventually(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

/** The error a promise rejects with (fails if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Fields of a stored event that must equal what was appended. */
export function asAppended(event: StoredEvent) {
  return {
    eventId: event.eventId,
    type: event.type,
    version: event.version,
    occurredAt: event.occurredAt,
    data: event.data,
    metadata: event.metadata,
  };
}

export function expectedStored(event: NewEvent) {
  return {
    eventId: event.eventId,
    type: event.type,
    version: event.version ?? 1,
    occurredAt: event.occurredAt,
    data: event.data,
    metadata: event.metadata ?? {},
  };
}
