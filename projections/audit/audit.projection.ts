import { CASE_STREAM_PREFIX, COMPLAINANT_ACCESS_STREAM_PREFIX } from '@app/domain';
import type { EventEnvelope } from '@app/event-store';
import { copyLine, jsonArrayParameter } from '@app/platform';
import type { Projection, ProjectionContext } from '../runner/projection';
import { AUDIT_EVENTS_TABLE, AUDIT_READ_MODEL } from './audit.reader';
import { auditEventsTable } from './audit.tables';
import { unitsConcernedBy } from './audit-units';

/**
 * Every stream: `''` is the prefix of every stream id. On PostgreSQL it becomes `LIKE '%'`; on
 * KurrentDB a stream-name prefix filter of `''` matches every stream too (the server tests
 * `StartsWith`), and the adapter drops KurrentDB's own `$` records as it does for any filter.
 */
const EVERY_STREAM = '';

/**
 * The audit history (审计日志) the discipline office (纪检监察) reads: one row per event of the whole
 * log, cases, units, appraisal inputs and configuration alike, with the columns its filters use and
 * the event's place in its stream; the reader shows the events themselves from the log. Keyed by the
 * global position, so applying an event again inserts nothing.
 *
 * The complainant's identity is never here: case events carry only a reference to it (docs/rules.md,
 * Complainant confidentiality), and neither this table nor the events it lists hold more.
 */
export const auditProjection: Projection = {
  name: AUDIT_READ_MODEL,
  // 2: the envelope is stored as json (its text), not jsonb. 3: no envelope; the reader fetches the
  // events from the log (a copy of every event doubled the log's size and was most of a rebuild's cost).
  version: 3,
  streamPrefixes: [EVERY_STREAM],
  tables: [auditEventsTable],
  // Every event type, including ones no code knows yet: an audit log that skipped an unfamiliar
  // type would be silently incomplete.
  eventTypes: 'every',
  applyBatch: record,
};

/** The audit row's columns, in the order `record` lists their values. */
export const AUDIT_COLUMNS = [
  'position',
  'event_id',
  'stream_id',
  'stream_version',
  'type',
  'case_id',
  'actor_id',
  'role',
  'unit_ids',
  'recorded_at',
  'occurred_at',
] as const;

export type AuditColumn = (typeof AUDIT_COLUMNS)[number];

/** An audit row as the projection writes it (positions as decimal strings, instants as ISO text). */
export type AuditRow = Record<AuditColumn, string | number | string[] | null>;

/**
 * The row of one event: the projection writes it, and `audit verify` compares the table with it
 * (audit-read-model-check.ts), so the two cannot disagree about what a row should hold.
 */
export function auditRow(envelope: EventEnvelope): AuditRow {
  const m = envelope.metadata ?? ({} as EventEnvelope['metadata']);
  return {
    position: envelope.position.toString(),
    event_id: envelope.eventId,
    stream_id: envelope.streamId,
    stream_version: envelope.streamVersion,
    type: envelope.type,
    case_id: caseOfStream(envelope.streamId),
    actor_id: typeof m.actorId === 'string' ? m.actorId : null,
    role: typeof m.role === 'string' ? m.role : null,
    unit_ids: unitsConcernedBy(envelope),
    recorded_at: envelope.recordedAt,
    occurred_at: instantOrNull(m.occurredAt),
  };
}

/**
 * One row per event, the whole batch in one statement. In the bulk of a rebuild with COPY
 * (ProjectionContext.copy): a row per event is as many rows as the log, and each row's values are
 * read once. Otherwise one multi-row INSERT from one JSON array (`json_to_recordset` types each
 * column), keyed by position so a batch applied again inserts nothing. Not an array parameter per
 * column: `pg` escapes every element of a text[] parameter in JavaScript; JSON.stringify is native.
 * Positions go as decimal strings (JSON numbers lose bigint precision).
 */
async function record(events: readonly EventEnvelope[], ctx: ProjectionContext): Promise<void> {
  const rows = events.map(auditRow);
  if (ctx.copy) {
    const lines = rows.map((row) => copyLine(AUDIT_COLUMNS.map((column) => row[column])));
    return ctx.copy(AUDIT_EVENTS_TABLE, AUDIT_COLUMNS, lines);
  }
  await ctx.query(
    `INSERT INTO ${ctx.table(AUDIT_EVENTS_TABLE)} (${AUDIT_COLUMNS.join(', ')})
     SELECT ${AUDIT_COLUMNS.join(', ')}
       FROM json_to_recordset($1::json)
         AS e (position bigint, event_id uuid, stream_id text, stream_version integer, type text, case_id text, actor_id text,
               role text, unit_ids text[], recorded_at timestamptz, occurred_at timestamptz)
     ON CONFLICT (position) DO NOTHING`,
    [jsonArrayParameter(rows)],
  );
}

/**
 * The case an event belongs to: its own stream `case-<id>`, or its complainant's access log
 * `complainant-access-<id>` (reads of the identity, docs/rules.md#complainant-confidentiality), so
 * `?caseId=` lists who read a case's complainant too.
 */
function caseOfStream(streamId: string): string | null {
  for (const prefix of [CASE_STREAM_PREFIX, COMPLAINANT_ACCESS_STREAM_PREFIX])
    if (streamId.startsWith(prefix)) return streamId.slice(prefix.length);
  return null;
}

/** `occurredAt` is the writer's claim; one that is not an instant stays in the event's metadata, in the log, not indexed. */
function instantOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
