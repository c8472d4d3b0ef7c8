import type { EventEnvelope, EventFilter, EventMetadata } from '../event-store';

/**
 * The columns every read selects, in the shape `rowToEnvelope` expects. `recorded_at` is read as
 * the text the hash chain covers (milliseconds, UTC; see the hash-chain migration), not through a
 * JavaScript Date.
 */
export const EVENT_COLUMNS =
  'global_position, stream_id, stream_version, event_id, type, schema_version, data, metadata, event_chain_instant(recorded_at) AS recorded_at, hash';

export interface EventRow {
  global_position: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  recorded_at: string;
  hash: string;
}

export function rowToEnvelope(row: EventRow): EventEnvelope {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    streamVersion: Number(row.stream_version),
    position: BigInt(row.global_position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recorded_at,
    hash: row.hash,
  };
}

/** The SQL condition for a filter; pushes its parameter onto `params`. */
export function filterClause(filter: EventFilter | undefined, params: unknown[]): string {
  if (!filter) return '';
  if (filter.eventTypes) {
    params.push(filter.eventTypes);
    return `AND type = ANY($${params.length}::text[])`;
  }
  params.push(filter.streamPrefixes.map((prefix) => escapeLike(prefix) + '%'));
  return `AND stream_id LIKE ANY($${params.length}::text[])`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
