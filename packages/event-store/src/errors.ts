import type { ExpectedVersion } from './types.js';

/** Base class of the port's typed errors, so callers can tell them from infrastructure failures. */
export class EventStoreError extends Error {
  override name = 'EventStoreError';
}

/** A stream was not at the version the append expected. */
export class WrongExpectedVersionError extends EventStoreError {
  override name = 'WrongExpectedVersionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
  }
}

/** An event id is already stored with other content. */
export class DuplicateEventIdError extends EventStoreError {
  override name = 'DuplicateEventIdError';
  constructor(
    readonly eventId: string,
    readonly storedIn: string,
  ) {
    super(`event ${eventId} is already stored (in ${storedIn}) with other content`);
  }
}

/** The adapter's backend cannot do what was asked (e.g. an atomic multi-stream append). */
export class UnsupportedOperationError extends EventStoreError {
  override name = 'UnsupportedOperationError';
}

/** A link names an event that neither this call nor the log holds. */
export class UnknownLinkTargetError extends EventStoreError {
  override name = 'UnknownLinkTargetError';
  constructor(readonly eventId: string) {
    super(`link target ${eventId} is not in the log`);
  }
}
