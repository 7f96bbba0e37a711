import type { Pool } from 'pg';

/**
 * The planner's statistics of tables that a replay fills from empty (a rebuild's or verify's scratch
 * copies). A table never analysed has none, and PostgreSQL then guesses that `key = ANY($1)` with a
 * few hundred keys matches most of the table: the folds' context reads (the orders a refund names,
 * the associations of a batch's customers) become sequential scans that grow with the table, 27 ms
 * a batch early in a rebuild of the 1,000,000-event log and 79 ms late, where an index scan takes
 * 2 ms (docs/scaling-history.md). Autovacuum would analyse them in time only if it is on and its next round
 * comes soon; so the replay analyses its tables itself, each time the events replayed double, with
 * a small sample (enough to tell a key from a constant), on a connection of its own beside the batches.
 */
export class ReplayStatistics {
  private next: number;
  private running: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;
  /** Rounds of ANALYZE run so far. */
  rounds = 0;

  constructor(
    private readonly pool: Pool,
    /** Qualified table names (`schema.table`). */
    private readonly tables: readonly string[],
    firstAt = 50_000,
  ) {
    this.next = firstAt;
  }

  /** The replay has reached `events` events: analyses the tables when that doubled since the last time. */
  replayed(events: number): void {
    if (events < this.next || this.running || this.tables.length === 0) return;
    this.next = events * 2;
    this.running = this.analyse(10)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => {
        this.rounds++;
        this.running = undefined;
      });
  }

  /** Waits for a round under way; rethrows the failure of one. */
  async settled(): Promise<void> {
    await this.running;
    if (this.failure) throw this.failure.error;
  }

  private async analyse(target: number): Promise<void> {
    await this.pool.query(
      `BEGIN; SET LOCAL default_statistics_target = ${target}; ANALYZE ${this.tables.join(', ')}; COMMIT`,
    );
  }
}
