import { MAX_DECIDED_ON, MAX_LOG_PATTERNS, type ExpectedVersion, type LogRead, type NewEvent, type StreamVersion } from './event-store';
import { InvalidAppend } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EXPECTED_KEYWORDS: readonly ExpectedVersion[] = ['no_stream', 'stream_exists', 'any'];

/** Rejects an append that no adapter should send, before anything reaches the store. */
export function validateAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedVersion,
  decidedOn: readonly StreamVersion[] = [],
  decidedOnLog?: LogRead,
): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new InvalidAppend('streamId must be a non-empty string');
  if (streamId.startsWith('$')) throw new InvalidAppend(`streamId ${streamId}: names starting with $ are reserved`);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppend(`Stream ${streamId}: an append needs at least one event`);
  const isVersion = typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0;
  if (!isVersion && !EXPECTED_KEYWORDS.includes(expected)) {
    throw new InvalidAppend(
      `Stream ${streamId}: expected version must be a non-negative integer or one of ${EXPECTED_KEYWORDS.join(', ')}`,
    );
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID.test(event.eventId)) throw new InvalidAppend(`Stream ${streamId}: eventId ${event.eventId} is not a uuid`);
    const id = event.eventId.toLowerCase();
    if (seen.has(id)) throw new InvalidAppend(`Stream ${streamId}: eventId ${event.eventId} appears twice in one append`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new InvalidAppend(`Stream ${streamId}: event type must be a non-empty string not starting with $`);
    }
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidAppend(`Stream ${streamId}: schemaVersion must be a positive integer`);
    }
  }
  if (!Array.isArray(decidedOn) || decidedOn.length > MAX_DECIDED_ON) {
    throw new InvalidAppend(`Stream ${streamId}: decidedOn takes at most ${MAX_DECIDED_ON} streams`);
  }
  for (const other of decidedOn) {
    if (typeof other?.streamId !== 'string' || other.streamId.length === 0 || !Number.isSafeInteger(other.version) || other.version < 0) {
      throw new InvalidAppend(`Stream ${streamId}: decidedOn needs stream ids with non-negative integer versions`);
    }
  }
  if (decidedOnLog !== undefined) validateLogRead(streamId, decidedOnLog);
}

function validateLogRead(streamId: string, read: LogRead): void {
  if (typeof read?.position !== 'bigint' || read.position < 0n) {
    throw new InvalidAppend(`Stream ${streamId}: decidedOnLog needs a non-negative bigint position`);
  }
  if (!Array.isArray(read.absent) || read.absent.length === 0 || read.absent.length > MAX_LOG_PATTERNS) {
    throw new InvalidAppend(`Stream ${streamId}: decidedOnLog takes 1 to ${MAX_LOG_PATTERNS} event patterns`);
  }
  for (const pattern of read.absent) {
    const data = pattern?.dataContains;
    if (
      typeof pattern?.type !== 'string' ||
      pattern.type.length === 0 ||
      typeof data !== 'object' ||
      data === null ||
      Array.isArray(data)
    ) {
      throw new InvalidAppend(`Stream ${streamId}: decidedOnLog patterns need an event type and an object their data contains`);
    }
  }
}
