import pg from 'pg';

/** Channel `event_store_append` notifies (payload: the new head position) when its transaction commits. */
export const APPEND_CHANNEL = 'event_store_appended';

/**
 * One LISTEN connection per store, shared by its subscriptions. Subscriptions wait on it between
 * polls; if the connection fails they keep polling and the next wait reconnects it.
 */
export class AppendNotifier {
  /** Increases on every notification; a reader compares it before and after a query to miss none. */
  generation = 0;
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly waiters = new Set<() => void>();
  private closed = false;

  constructor(private readonly url: string) {}

  /** Starts listening if not yet (errors are swallowed: polling covers for a lost connection). */
  async listen(): Promise<void> {
    if (this.client || this.closed) return;
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
    this.wake();
    await this.connecting?.catch(() => {});
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'reckon-event-store-listen' });
    const drop = () => {
      if (this.client === client) this.client = undefined;
      client.end().catch(() => {});
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', () => {
      this.generation += 1;
      this.wake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${APPEND_CHANNEL}`);
    } catch {
      drop();
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    // Appends committed while we were connecting notified nobody: let readers look again.
    this.generation += 1;
    this.wake();
  }
}
