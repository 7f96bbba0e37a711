import type { AppendStreamState, CurrentStreamState, Position } from '@kurrent/kurrentdb-client';
import type { ExpectedVersion } from '@reckon/event-store';

/**
 * Numbering between the port and EventStoreDB.
 *
 * Stream positions: the port counts 1, 2, 3, … and a stream's version is the position of its last
 * entry (0: no stream); EventStoreDB revisions count 0, 1, 2, …. So version v ↔ revision v - 1.
 *
 * Global positions: every event written through gRPC commits itself, so its commit and prepare
 * positions are equal (both the log offset of its record). The port's global position is that
 * offset plus one, so that 0 keeps meaning "before everything" even for a record at offset 0.
 * Offsets are byte positions in the transaction log: strictly increasing in $all order, but not
 * dense (gaps between consecutive events are the sizes of the records in between).
 */

/** The commit/prepare value EventStoreDB sends when it does not know an event's position. */
const NO_POSITION = 2n ** 64n - 1n;

export function versionToRevision(version: number): bigint {
  assertCount(version, 'version');
  if (version < 1) throw new RangeError(`version ${version} has no revision (versions start at 1)`);
  return BigInt(version - 1);
}

export function revisionToVersion(revision: bigint): number {
  return toSafeNumber(revision + 1n, 'stream revision');
}

/** The port's expected version as EventStoreDB's expected revision. */
export function toExpectedRevision(expected: ExpectedVersion | undefined): AppendStreamState {
  if (expected === undefined || expected === 'any') return 'any';
  if (expected === 'no_stream' || expected === 0) return 'no_stream';
  if (expected === 'stream_exists') return 'stream_exists';
  return versionToRevision(expected);
}

/**
 * The current revision a wrong-expected-version error or a failed consistency check reports, as a
 * version; undefined for what is no revision (deleted or tombstoned streams report negative codes).
 */
export function currentRevisionToVersion(current: CurrentStreamState | undefined): number | undefined {
  if (current === 'no_stream') return 0;
  if (typeof current !== 'bigint' || current < 0n) return undefined;
  return revisionToVersion(current);
}

/** Whether a stream at `actual` satisfies `expected`; the same rule EventStoreDB applies on append. */
export function satisfiesExpectedVersion(expected: ExpectedVersion | undefined, actual: number): boolean {
  if (expected === undefined || expected === 'any') return true;
  if (expected === 'no_stream') return actual === 0;
  if (expected === 'stream_exists') return actual > 0;
  assertCount(expected, 'expected version');
  return actual === expected;
}

/** An event's position in $all as the port's global position (see the note at the top). */
export function toGlobalPosition(position: Position | undefined): number {
  if (position === undefined || position.commit === NO_POSITION || position.commit < 0n) {
    throw new Error('EventStoreDB sent no log position for an event (server older than 22.6?)');
  }
  if (position.commit !== position.prepare) {
    // Only events of explicit (TCP-era) transactions differ; this adapter never writes those.
    throw new Error(`event at commit ${position.commit} has prepare ${position.prepare}: not self-committed`);
  }
  return toSafeNumber(position.commit + 1n, 'log position');
}

/** A global position as the $all position to read or subscribe from; undefined for 0 (the start). */
export function toLogPosition(globalPosition: number): Position | undefined {
  assertCount(globalPosition, 'global position');
  if (globalPosition === 0) return undefined;
  const offset = BigInt(globalPosition - 1);
  return { commit: offset, prepare: offset };
}

function toSafeNumber(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`${what} ${value} exceeds 2^53`);
  return Number(value);
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer`);
}
