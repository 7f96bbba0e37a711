/** A projection cannot go on: the log holds something it does not understand or cannot place. */
export class ProjectionError extends Error {
  override name = 'ProjectionError';
  constructor(
    /** What is wrong, without the position. */
    readonly reason: string,
    readonly position?: number,
  ) {
    super(position === undefined ? reason : `${reason} (at global position ${position})`);
  }
}

/**
 * A projection failed on one event of the log (its rows rolled back, those before it kept): the
 * error names the projection, the event and why. The runner records it with the projection's
 * checkpoint, where `/readyz`, `/metrics` and `reckon verify` see it (docs/runbooks.md).
 */
export class EventFoldError extends ProjectionError {
  override name = 'EventFoldError';
  constructor(
    readonly projection: string,
    readonly event: { globalPosition: number; type: string; eventId: string },
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} cannot fold ${event.type} ${event.eventId}: ${reasonOf(cause)}`,
      event.globalPosition,
    );
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof ProjectionError) return error.reason;
  return error instanceof Error ? error.message : String(error);
}

/** An event type or schema version this code does not know: an error, never skipped. */
export class UnknownEventError extends ProjectionError {
  override name = 'UnknownEventError';
  constructor(
    readonly type: string,
    readonly version: number,
    position: number,
  ) {
    super(`unknown event type or version: ${type} v${version}`, position);
  }
}

/**
 * The projection's tables were booked in another billing time zone than this process's
 * (`billingZoneProblem`): it stops, at the first event after its checkpoint, until the process
 * runs in their zone or the tables are rebuilt in this one.
 */
export class BillingZoneError extends ProjectionError {
  override name = 'BillingZoneError';
}

/**
 * The stored checkpoint is not where this runner left it: another worker advanced it, or a rebuild
 * swapped the tables in. The runner drops its caches and resumes from the stored checkpoint.
 */
export class CheckpointMovedError extends Error {
  override name = 'CheckpointMovedError';
  constructor(
    readonly projection: string,
    readonly expected: number,
    readonly actual: number | undefined,
  ) {
    super(`projection ${projection}: checkpoint expected at ${expected}, found ${actual ?? 'none'}`);
  }
}
