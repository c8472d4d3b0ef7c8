import type { EventMetadata } from '@app/event-store';

/** One event of the log as the audit history shows and exports it: the envelope, all metadata. */
export interface AuditEvent {
  /** Global position (decimal string): the log's order, and the paging cursor. */
  position: string;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  metadata: EventMetadata;
  data: unknown;
}

/** From the read model's stored envelope, in a fixed key order (jsonb keeps its own). */
export function toAuditEvent(envelope: Record<string, unknown>): AuditEvent {
  return {
    position: envelope.position as string,
    eventId: envelope.eventId as string,
    streamId: envelope.streamId as string,
    streamVersion: envelope.streamVersion as number,
    type: envelope.type as string,
    schemaVersion: envelope.schemaVersion as number,
    recordedAt: envelope.recordedAt as string,
    metadata: envelope.metadata as EventMetadata,
    data: envelope.data,
  };
}
