/** A projection cannot go on: the log holds something it does not understand or cannot place. */
export class ProjectionError extends Error {
  override name = 'ProjectionError';
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(position === undefined ? message : `${message} (at global position ${position})`);
  }
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
