import type { Response } from 'express';
import type { ExportFormat } from './export-format';
import type { ExportTable } from './export-columns';
import { toCsv } from './csv-export';
import { toXlsx } from './xlsx-export';

/** The media types of the export formats, as documented (the CSV's is sent with its parameters). */
export const EXPORT_CONTENT_TYPES = ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv'] as const;

const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8; header=present',
};

/**
 * `attachment` with both names (RFC 6266): `filename` in ASCII for old clients, `filename*`
 * (RFC 5987, UTF-8, percent-encoded) with the Chinese name a leader recognises.
 */
export function contentDisposition(asciiName: string, name: string): string {
  const ascii = asciiName.replace(/[^A-Za-z0-9._-]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Writes the table as the file in `format`; the whole file is built first, so any failure is still a problem+json. */
export async function sendExport<Row>(response: Response, table: ExportTable<Row>, format: ExportFormat): Promise<void> {
  const body = format === 'xlsx' ? await toXlsx(table) : Buffer.from(toCsv(table), 'utf8');
  response.status(200);
  response.setHeader('Content-Type', CONTENT_TYPES[format]);
  response.setHeader('Content-Disposition', contentDisposition(`${table.asciiTitle}.${format}`, `${table.title}.${format}`));
  response.setHeader('Cache-Control', 'no-store');
  response.end(body);
}
