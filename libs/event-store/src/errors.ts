import type { ExpectedVersion } from './event-store';

/**
 * The stream was not at the version the writer expected: somebody else appended first.
 * Callers turn it into HTTP 409 (or 412 when the client sent If-Match).
 */
export class WrongExpectedVersion extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    /** The stream's actual version (0 when it does not exist). */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected version ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedVersion';
  }
}

/**
 * A stream the decision was made on (AppendOptions.decidedOn) is no longer at the version the
 * writer read: the decision may rest on what has changed since, so nothing was written. The writer
 * reads that stream again and decides again.
 */
export class StreamMoved extends Error {
  readonly code = 'STREAM_MOVED';

  constructor(
    readonly streamId: string,
    readonly expected: number,
    /** Its version now (0 when it does not exist). */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} moved from version ${expected} to ${actual} since the decision read it`);
    this.name = 'StreamMoved';
  }
}

/**
 * Some, but not all, of the event ids in an append are already in the stream, or they sit at
 * other versions: neither a clean retry nor a new append, so nothing is written.
 */
export class EventIdConflict extends Error {
  readonly code = 'EVENT_ID_CONFLICT';

  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`Stream ${streamId}: event ids already used by other events: ${eventIds.join(', ')}`);
    this.name = 'EventIdConflict';
  }
}

/** The append itself is malformed (empty batch, bad expected version, too many events). */
export class InvalidAppend extends Error {
  readonly code = 'INVALID_APPEND';

  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppend';
  }
}
