/**
 * The one place that turns the configuration into an event store, for every process that opens the
 * log (the API and its CLI through `openRuntime`, the projector): PostgreSQL at `DATABASE_URL` (its
 * schema migrated), or KurrentDB when `EVENTSTORE_URL` is set (read models stay in PostgreSQL).
 */
import type { ConnectionErrorHandler } from '@reckon/database';
import type { EventStore } from '@reckon/event-store';
import { EventStoreDbEventStore } from '@reckon/event-store-eventstoredb';
import { type AppendRoleListener, PostgresEventStore } from '@reckon/event-store-postgres';

export interface EventStoreConfig {
  /** The PostgreSQL database (`DATABASE_URL`, or the embedded server's). */
  databaseUrl: string;
  /** `EVENTSTORE_URL` (`kurrentdb://…`): keep the log in KurrentDB instead. */
  eventStoreUrl?: string | undefined;
  /**
   * `RECKON_SHARE_APPENDS`: PostgreSQL only; the processes that set it share their appends through
   * one log leader (see docs/event-store.md, "Across processes"); the host its socket listens on.
   */
  shareAppends?: { host: string } | undefined;
}

/** Where the configuration keeps the log. */
export type EventLogKind = 'postgres' | 'eventstoredb';

export function eventLogKind(config: Pick<EventStoreConfig, 'eventStoreUrl'>): EventLogKind {
  return config.eventStoreUrl ? 'eventstoredb' : 'postgres';
}

export interface OpenEventStoreOptions {
  /** A lost PostgreSQL connection of the store's pool. */
  onConnectionError?: ConnectionErrorHandler;
  /** With `shareAppends`: the store starts leading, following or appending alone. */
  onAppendRole?: AppendRoleListener;
}

/**
 * Opens the event store the configuration names. KurrentDB's client connects lazily (readiness shows
 * whether it answers); PostgreSQL's store applies its migrations before returning.
 */
export async function openEventStore(
  config: EventStoreConfig,
  options: OpenEventStoreOptions = {},
): Promise<EventStore> {
  if (config.eventStoreUrl) return EventStoreDbEventStore.connect(config.eventStoreUrl);
  return await PostgresEventStore.connect(config.databaseUrl, {
    ...(options.onConnectionError ? { onConnectionError: options.onConnectionError } : {}),
    ...(config.shareAppends ? { shareAppends: config.shareAppends } : {}),
    ...(options.onAppendRole ? { onAppendRole: options.onAppendRole } : {}),
  });
}
