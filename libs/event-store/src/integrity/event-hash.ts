import { createHash } from 'node:crypto';
import type { EventEnvelope, NewEvent } from '../event-store';
import { canonicalJson } from './canonical-json';

/**
 * The hash chain (docs/architecture.md#the-event-store): every event carries
 *
 *   hash = hex(SHA-256(UTF-8(JCS({ data, eventId, metadata, previousHash, recordedAt,
 *                                  schemaVersion, streamId, streamVersion, type }))))
 *
 * where JCS is RFC 8785 (`canonical-json.ts`), `eventId` is the lower-case uuid, `recordedAt` the
 * instant the store took the event as `toISOString()` writes it (milliseconds, UTC), and
 * `previousHash` the hash of the event before it in its stream (null for version 1). Changing any
 * byte of an event changes its hash; removing one breaks the versions; rewriting a whole chain
 * from some event on is caught by the signed checkpoints (`checkpoints.ts`).
 *
 * The global position is not covered: it is not known before a KurrentDB append, and each stream's
 * order is already fixed by its versions.
 */
export interface ChainedFields {
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

/** The bytes (as a string) the hash of `event` is taken over. */
export function canonicalEnvelope(event: ChainedFields, previousHash: string | null): string {
  return canonicalJson({
    data: event.data,
    eventId: event.eventId.toLowerCase(),
    metadata: event.metadata,
    previousHash,
    recordedAt: event.recordedAt,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
  });
}

export function eventHash(event: ChainedFields, previousHash: string | null): string {
  return sha256Hex(canonicalEnvelope(event, previousHash));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The head of a stream as a writer needs it to chain the next events: its version and last hash. */
export interface StreamHead {
  version: number;
  /** null for an empty stream, or one whose events predate the chain (KurrentDB). */
  hash: string | null;
}

/** `events` as they will be stored after `head`, each with its hash, all stamped `recordedAt`. */
export function chainEvents(
  streamId: string,
  events: readonly NewEvent[],
  head: StreamHead,
  recordedAt: string,
): { event: NewEvent; recordedAt: string; hash: string }[] {
  let previous = head.hash;
  return events.map((event, i) => {
    const hash = eventHash({ ...event, streamId, streamVersion: head.version + i + 1, recordedAt }, previous);
    previous = hash;
    return { event, recordedAt, hash };
  });
}

/** Whether `envelope` carries the hash its content and `previousHash` give. */
export function hashMatches(envelope: EventEnvelope, previousHash: string | null): boolean {
  return envelope.hash !== undefined && envelope.hash !== null && envelope.hash === eventHash(envelope, previousHash);
}
