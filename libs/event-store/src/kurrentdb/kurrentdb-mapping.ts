import {
  ANY,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AppendStreamState,
  type CurrentStreamState,
  type EventData,
  type Filter,
  type JSONType,
  type Position,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import type { EventEnvelope, EventFilter, EventMetadata, ExpectedVersion, NewEvent } from '../event-store';

/*
 * Pure translations between the EventStore port and the KurrentDB client. No I/O here, so every
 * function is unit-tested without a server.
 */

/**
 * Our version counts events (absent stream = 0); KurrentDB's revision is the zero-based number of
 * the last event. So "the stream has n events" is revision n - 1, and n = 0 is "no stream".
 */
export function toStreamState(expected: ExpectedVersion): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return expected === 0 ? NO_STREAM : BigInt(expected - 1);
  }
}

/** Revision r (zero-based) of an event is its stream version r + 1. */
export function revisionToVersion(revision: bigint): number {
  return Number(revision) + 1;
}

/**
 * The stream's version as reported in a WrongExpectedVersionError: the client says "no_stream" for
 * an absent stream, and the server uses negative revisions for deleted/tombstoned ones; both are 0.
 */
export function actualVersionFromState(state: CurrentStreamState | undefined): number {
  if (typeof state !== 'bigint' || state < 0n) return 0;
  return revisionToVersion(state);
}

/**
 * A KurrentDB $all position for a checkpoint. Since v20 every appended event is its own committed
 * prepare record, so an event's commit and prepare positions are the same log position, and the
 * commit position alone identifies it.
 */
export function toPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

/**
 * The commit position, or undefined when the server sent a placeholder instead: older servers
 * answer stream reads with -1 / 2^64-1, which must never be taken for a real position.
 */
export function commitOf(position: Position | undefined): bigint | undefined {
  const commit = position?.commit;
  return commit !== undefined && commit >= 0n && commit < 2n ** 63n ? commit : undefined;
}

/** Where to start reading $all: from the beginning unless a (non-negative) checkpoint is given. */
export function startAfter(after: bigint | undefined): Position | typeof START {
  return after === undefined || after < 0n ? START : toPosition(after);
}

/** What the adapter adds to an event before storing it: its place in the stream's hash chain. */
export interface ChainLink {
  /** The writer's clock when it appended (the chain must cover it, so it cannot be the server's). */
  recordedAt: string;
  hash: string;
}

/**
 * The stored record: JSON data as-is; schemaVersion, recordedAt and the chain's hash ride in the
 * JSON metadata (toEnvelope takes them out again).
 */
export function toEventData({ event, recordedAt, hash }: { event: NewEvent } & ChainLink): EventData {
  return jsonEvent({
    id: event.eventId,
    type: event.type,
    data: event.data as JSONType,
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion, recordedAt, hash },
  });
}

/**
 * The port's envelope from a recorded event. `fallbackPosition` is the ResolvedEvent's
 * commitPosition, used if the record itself carries none (servers before 22.6 on stream reads).
 */
export function toEnvelope(record: RecordedEvent, fallbackPosition?: bigint): EventEnvelope {
  const position = recordPosition(record, fallbackPosition);
  const { schemaVersion, recordedAt, hash, ...metadata } = isPlainObject(record.metadata) ? record.metadata : {};
  return {
    eventId: record.id,
    streamId: record.streamId,
    streamVersion: revisionToVersion(record.revision),
    position,
    type: record.type,
    schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
    data: record.data,
    metadata: metadata as unknown as EventMetadata,
    // The instant the chain covers; events from before the chain have only the server's (the
    // client already converts its .NET ticks into a Date).
    recordedAt: typeof recordedAt === 'string' ? recordedAt : record.created.toISOString(),
    ...(typeof hash === 'string' ? { hash } : {}),
  };
}

/** An event's $all commit position; see toEnvelope for `fallbackPosition`. */
export function recordPosition(record: RecordedEvent, fallbackPosition?: bigint): bigint {
  const position = commitOf(record.position) ?? fallbackPosition;
  if (position === undefined) {
    throw new Error(`KurrentDB returned event ${record.id} of ${record.streamId} without a position`);
  }
  return position;
}

/** KurrentDB's own records: `$`-typed events ($metadata, links `$>`, stats...) and `$` streams. */
export function isSystemEvent(record: Pick<RecordedEvent, 'type' | 'streamId'>): boolean {
  return record.type.startsWith('$') || record.streamId.startsWith('$');
}

/** Escapes a literal for a .NET regex (the server evaluates filters with System.Text.RegularExpressions). */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A regex matching exactly one of the given event types. */
export function eventTypesRegex(types: readonly string[]): string {
  return `^(?:${types.map(escapeRegex).join('|')})$`;
}

/**
 * The server-side filter for a read or subscription on $all. Without a filter we still exclude
 * system event types on the server, so `maxCount` counts only events we return. `null` means the
 * filter can match nothing (an empty list), which KurrentDB cannot express.
 */
export function toClientFilter(filter: EventFilter | undefined): Filter | null {
  if (!filter) return excludeSystemEvents();
  if (filter.eventTypes) {
    return filter.eventTypes.length === 0 ? null : eventTypeFilter({ regex: eventTypesRegex(filter.eventTypes) });
  }
  return filter.streamPrefixes.length === 0 ? null : streamNameFilter({ prefixes: [...filter.streamPrefixes] });
}

/** Whether a stream at `version` meets the writer's expectation. */
export function versionAllows(expected: ExpectedVersion, version: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return version === 0;
    case 'stream_exists':
      return version > 0;
    default:
      return version === expected;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}
