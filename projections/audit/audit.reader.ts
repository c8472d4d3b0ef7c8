import type { EventEnvelope, EventMetadata, EventStore } from '@app/event-store';
import { InvalidCursor } from '../runner/read-model-errors';
import { queryReadModel, type Queryable } from '../runner/read-model-query';
import { WhereClause } from '../runner/where-clause';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const AUDIT_READ_MODEL = 'audit';
/** Its view, one row per event: the DDL creates it, the projection fills it, only this reader reads it. */
export const AUDIT_EVENTS_TABLE = 'audit_events';

/**
 * Events per database round trip, and per chunk written: what the export holds in memory at a
 * time. Small on purpose: a batch of 100 (about 55 KB of text) dies young in V8's scavenger, while
 * batches of 1,000 outlived the wait for 'drain', were promoted, and let the process grow by
 * 130 MB over a 200,000-event CSV export before a full collection; with 100 it grew by 10 MB
 * (bench/audit-export.bench.ts), at a small cost in throughput.
 */
export const EXPORT_BATCH_SIZE = 100;

/** Events per page when the caller names no limit. */
const DEFAULT_LIMIT = 100;

/** Positions are PostgreSQL bigints. */
const MAX_POSITION = 2n ** 63n - 1n;

/** Which events; every filter is optional, they combine with AND, and the time ranges are half-open [from, to). */
export interface AuditFilter {
  /** Events of this case (its stream case-<id>). */
  caseId?: string;
  /** Events concerning this unit: it acted, or the data names it. */
  unitId?: string;
  actorId?: string;
  role?: string;
  /** Any of these event types. */
  type?: string[];
  recordedFrom?: string;
  recordedTo?: string;
  occurredFrom?: string;
  occurredTo?: string;
  /** Only events after this global position (a page's nextCursor, or any position). */
  cursor?: string;
}

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
  /**
   * The event's link in its stream's hash chain (hex SHA-256, libs/event-store integrity), as the log
   * holds it: an exported row can be checked against the log. Null when the event has none (a
   * KurrentDB event from before the chain).
   */
  hash: string | null;
}

export interface AuditEventPage {
  items: AuditEvent[];
  /** Pass as `cursor` for the next page (the position of this page's last event); null on the last one. */
  nextCursor: string | null;
}

export interface AuditExport {
  /** The last position of the log the export covers (null: the log is empty). */
  upTo: string | null;
  /** The filtered log up to `upTo`, in order, a batch at a time, read only as fast as it is consumed. */
  batches: AsyncIterable<AuditEvent[]>;
}

/**
 * What a row names: the event's position, and its place in its stream, by which the log is asked
 * for it. The position's text under a name of its own: aliased `position`, it would be what
 * `ORDER BY position` sorts, as text ('9…' after '10…'), and keyset pages would skip events.
 */
const LISTED = 'position::text AS position_text, stream_id, stream_version';

interface ListedRow {
  position_text: string;
  stream_id: string;
  stream_version: number;
}

/**
 * An audit row whose event the log does not hand back: the read model and the log disagree, which
 * neither a client nor a retry can mend (a log restored without its read models being rebuilt, or
 * a row written wrongly). Refused rather than listing the history with an event missing.
 */
export class AuditRowWithoutEvent extends Error {
  constructor(row: ListedRow) {
    super(
      `The audit read model lists event ${row.stream_id}@${row.stream_version} at position ${row.position_text}, which the log does not hold there`,
    );
    this.name = 'AuditRowWithoutEvent';
  }
}

/**
 * The audit history (审计日志): the global event log, filtered, in log order. The read model finds
 * which events match; the log itself hands them over (EventStore.readEvents), so every field and
 * chain hash shown is the one recorded.
 */
export class AuditReader {
  constructor(
    private readonly db: Queryable,
    private readonly log: Pick<EventStore, 'readEvents'>,
  ) {}

  async page(filter: AuditFilter & { limit?: number }): Promise<AuditEventPage> {
    const where = conditionsOf(filter);
    const limit = filter.limit ?? DEFAULT_LIMIT;
    const sql = `SELECT ${LISTED} FROM ${AUDIT_EVENTS_TABLE} ${where.sql} ORDER BY position LIMIT ${where.param(limit + 1)}`;
    const rows = (await queryReadModel(this.db, AUDIT_READ_MODEL, sql, where.params)) as unknown as ListedRow[];
    const items = await this.eventsOf(rows.slice(0, limit));
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].position : null };
  }

  /**
   * The whole filtered history for an export, of any size. It is read in keyset batches by position
   * rather than through a server-side cursor: no connection or transaction is held while a slow
   * client drains the previous batch, and batches read one by one still form one consistent log,
   * because the projection only ever adds rows at positions above those already there. The end is
   * fixed when the export starts, so an export of a busy log still ends.
   */
  async export(filter: AuditFilter): Promise<AuditExport> {
    conditionsOf(filter); // refuse a bad cursor now, before any byte is sent
    const [{ up_to: upTo }] = await queryReadModel(
      this.db,
      AUDIT_READ_MODEL,
      `SELECT max(position)::text AS up_to FROM ${AUDIT_EVENTS_TABLE}`,
    );
    return { upTo: upTo as string | null, batches: upTo === null ? none() : this.batches(filter, upTo as string) };
  }

  private async *batches(filter: AuditFilter, upTo: string): AsyncGenerator<AuditEvent[]> {
    for (let cursor = filter.cursor; ;) {
      const where = conditionsOf({ ...filter, cursor });
      where.add(`position <= ${where.param(upTo)}::bigint`);
      const rows = (await queryReadModel(
        this.db,
        AUDIT_READ_MODEL,
        `SELECT ${LISTED} FROM ${AUDIT_EVENTS_TABLE} ${where.sql} ORDER BY position LIMIT ${where.param(EXPORT_BATCH_SIZE)}`,
        where.params,
      )) as unknown as ListedRow[];
      if (rows.length === 0) return;
      const batch = await this.eventsOf(rows);
      yield batch;
      if (rows.length < EXPORT_BATCH_SIZE) return;
      cursor = batch[batch.length - 1].position;
    }
  }

  /** The listed rows' events from the log, in the rows' order; each one where its row says it is. */
  private async eventsOf(rows: readonly ListedRow[]): Promise<AuditEvent[]> {
    const events = await this.log.readEvents(rows.map((r) => ({ streamId: r.stream_id, version: r.stream_version })));
    return rows.map((row, i) => {
      const event = events[i];
      if (
        event?.streamId !== row.stream_id ||
        event.streamVersion !== row.stream_version ||
        event.position.toString() !== row.position_text
      )
        throw new AuditRowWithoutEvent(row);
      return toAuditEvent(event);
    });
  }
}

/** The WHERE clause of the filters; InvalidCursor for a cursor that is not a position. */
function conditionsOf(f: AuditFilter): WhereClause {
  if (f.cursor && !(/^\d{1,20}$/.test(f.cursor) && BigInt(f.cursor) <= MAX_POSITION)) {
    throw new InvalidCursor('cursor must be a global position (a nextCursor)');
  }
  const where = new WhereClause();
  const p = where.param;
  if (f.caseId) where.add(`case_id = ${p(f.caseId)}`);
  // @> rather than = ANY(): the containment form is the one the GIN index answers.
  if (f.unitId) where.add(`unit_ids @> ARRAY[${p(f.unitId)}]::text[]`);
  if (f.actorId) where.add(`actor_id = ${p(f.actorId)}`);
  if (f.role) where.add(`role = ${p(f.role)}`);
  if (f.type) where.add(`type = ANY(${p(f.type)}::text[])`);
  if (f.recordedFrom) where.add(`recorded_at >= ${p(f.recordedFrom)}::timestamptz`);
  if (f.recordedTo) where.add(`recorded_at < ${p(f.recordedTo)}::timestamptz`);
  if (f.occurredFrom) where.add(`occurred_at >= ${p(f.occurredFrom)}::timestamptz`);
  if (f.occurredTo) where.add(`occurred_at < ${p(f.occurredTo)}::timestamptz`);
  if (f.cursor) where.add(`position > ${p(f.cursor)}::bigint`);
  return where;
}

/** An event of the log as the audit history shows it, its fields in a fixed order. */
function toAuditEvent(event: EventEnvelope): AuditEvent {
  return {
    position: event.position.toString(),
    eventId: event.eventId,
    streamId: event.streamId,
    streamVersion: event.streamVersion,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt,
    metadata: event.metadata,
    data: event.data,
    hash: event.hash ?? null,
  };
}

async function* none(): AsyncGenerator<AuditEvent[]> {}
