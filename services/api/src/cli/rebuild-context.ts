import type { EventStore } from '@reckon/event-store';

/** What the `rebuild` and `verify` commands run on (cli.ts opens it). */
export interface ProjectionCommandContext {
  /** Connection string of the database the service uses. */
  databaseUrl: string;
  store: EventStore;
  /** `RECKON_BILLING_TZ`. */
  billingTz: string;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}
