import type { AuditEvent } from '@app/projections/audit/audit.reader';
import type { AuditExportFormat } from './audit-events.request.dto';

/** How an export file starts, how it writes a batch of events, and what it is called. */
export interface AuditExportFileFormat {
  contentType: string;
  extension: string;
  head: string;
  lines(events: readonly AuditEvent[]): string;
}

/** One envelope per line (JSON never contains a raw newline): parses back to exactly the events. */
const ndjson: AuditExportFileFormat = {
  contentType: 'application/x-ndjson; charset=utf-8',
  extension: 'ndjson',
  head: '',
  lines: (events) => events.map((e) => JSON.stringify(e) + '\n').join(''),
};

/**
 * Columns of the CSV: the envelope's fields, the metadata flattened so a spreadsheet can sort and
 * filter by actor, role, unit or time, then `data` and the full `metadata` as JSON. The JSON columns
 * are the record (nothing is lost, extra metadata keys included); every free text the public or
 * staff wrote sits inside the `data` JSON, whose cell starts with `{`, so no cell can start a
 * spreadsheet formula. Last, the event's chain `hash` (hex, or empty before chaining), so a row can
 * be checked against the log.
 */
export const CSV_COLUMNS = [
  'position',
  'recordedAt',
  'type',
  'streamId',
  'streamVersion',
  'eventId',
  'schemaVersion',
  'actorId',
  'role',
  'unitId',
  'occurredAt',
  'correlationId',
  'causationId',
  'data',
  'metadata',
  'hash',
] as const;

function csvCells(e: AuditEvent): unknown[] {
  const m = e.metadata ?? {};
  return [
    e.position,
    e.recordedAt,
    e.type,
    e.streamId,
    e.streamVersion,
    e.eventId,
    e.schemaVersion,
    m.actorId,
    m.role,
    m.unitId,
    m.occurredAt,
    m.correlationId,
    m.causationId,
    JSON.stringify(e.data),
    JSON.stringify(e.metadata),
    e.hash,
  ];
}

/**
 * RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted and its quotes doubled.
 * UTF-8 with a byte-order mark, or Excel reads the Chinese text as the local ANSI code page.
 */
const csv: AuditExportFileFormat = {
  contentType: 'text/csv; charset=utf-8; header=present',
  extension: 'csv',
  head: '\uFEFF' + CSV_COLUMNS.join(',') + '\r\n',
  lines: (events) => events.map((e) => csvCells(e).map(csvField).join(',') + '\r\n').join(''),
};

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const AUDIT_EXPORT_FILE_FORMATS: Readonly<Record<AuditExportFormat, AuditExportFileFormat>> = { ndjson, csv };
