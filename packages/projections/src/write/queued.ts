/**
 * Writes of one batch sent without waiting for each. A connection runs its statements in the order
 * they were issued, so a later read on the same client still sees every write queued before it,
 * and the transaction commits only after all of them: what changes is that the fold goes on while
 * PostgreSQL works (incentives alone waited on its own statements a quarter to a third of the
 * time). A write queued here must issue its statements at the call (`upsertRows` does), and its
 * rows must not change until `settled()`.
 */
export class QueuedWrites {
  private pending: Promise<void>[] = [];
  private failure: { error: unknown } | undefined;

  add(write: Promise<unknown>): void {
    this.pending.push(
      write.then(
        () => {},
        (error: unknown) => {
          this.failure ??= { error };
        },
      ),
    );
  }

  /**
   * Waits for every write queued so far (not those queued meanwhile: a replay's next batch goes on
   * queuing); throws the first that failed (later ones only echo it).
   */
  async settled(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }

  /**
   * Runs `work`, then waits for the writes it queued (unless `wait` is false: a replay's applier
   * waits for them with its commit, `ProjectionHandler.written`). If it fails, its writes are
   * waited for all the same, and the first failed write is the cause when there is one (a read
   * behind a failed write fails only because the transaction is aborted), else its own error.
   */
  async around(work: () => Promise<void>, wait = true): Promise<void> {
    try {
      await work();
    } catch (error) {
      await this.settled();
      throw error;
    }
    if (wait) await this.settled();
  }
}

/**
 * One turn of the event loop: the driver sends the next queued statement and takes in answers
 * while a long synchronous fold would otherwise hold them back until it ends.
 */
export const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
