import { type ConnectionErrorHandler, connectClient, logConnectionErrorToStderr } from '@reckon/database';
import type pg from 'pg';

/** Channel `event_store_append` notifies (payload: the new head position) when its transaction commits. */
export const APPEND_CHANNEL = 'event_store_appended';

const APPLICATION_NAME = 'reckon-event-store-listen';
/** Reconnect delays after a lost or refused LISTEN connection: doubling, capped so that a server back up is heard within a second. */
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 1000;

/**
 * One LISTEN connection per store, shared by its subscriptions. Subscriptions wait on it between
 * polls. When the connection is lost (a restart, a terminated backend) the waiters are woken to read
 * what they may have missed, and it reconnects by itself, backing off while the server is down.
 */
export class AppendNotifier {
  /** Increases on every notification; a reader compares it before and after a query to miss none. */
  generation = 0;
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly waiters = new Set<() => void>();
  private closed = false;
  private retryMs = FIRST_RETRY_MS;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly onConnectionError: ConnectionErrorHandler = logConnectionErrorToStderr,
  ) {}

  /** Starts listening if not yet (failures are retried in the background; polling covers meanwhile). */
  async listen(): Promise<void> {
    if (this.client || this.closed || this.retryTimer) return;
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    await this.connecting;
  }

  /** Resolves on the next notification, after `timeoutMs`, or on `wake()`, whichever comes first. */
  wait(timeoutMs: number): Promise<void> {
    void this.listen();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
    });
  }

  /** Releases every waiter now (used by `stop()`). */
  wake(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.wake();
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    let connected: pg.Client | undefined;
    try {
      const client = await connectClient(this.url, {
        applicationName: APPLICATION_NAME,
        onConnectionError: this.onConnectionError,
      });
      connected = client;
      client.on('notification', () => {
        this.generation += 1;
        this.wake();
      });
      client.on('end', () => this.lost(client));
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch {
      await connected?.end().catch(() => {});
      this.retryLater();
      return;
    }
    const client = connected;
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.retryMs = FIRST_RETRY_MS;
    // Appends committed while we were not listening notified nobody: let readers look again.
    this.generation += 1;
    this.wake();
  }

  /** The LISTEN connection ended (its `error`, if any, was reported by connectClient). */
  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (this.closed) return;
    this.generation += 1;
    this.wake();
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.listen();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
