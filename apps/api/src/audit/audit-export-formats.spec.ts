import type { AuditEvent } from '@app/projections/audit/audit.reader';
import { AUDIT_EXPORT_FILE_FORMATS, CSV_COLUMNS, csvField } from './audit-export-formats';

const event: AuditEvent = {
  position: '4611686018427387905',
  eventId: '0b8c1f7e-5d1a-4c2e-9a8f-3e2d1c0b9a87',
  streamId: 'case-6f1d2c3b-4a5e-4f60-8172-93a4b5c6d7e8',
  streamVersion: 1,
  type: 'ComplaintFiled',
  schemaVersion: 1,
  recordedAt: '2026-11-20T01:00:00.000Z',
  metadata: { actorId: 'intake-wang', role: 'intake', unitId: null, correlationId: 'c-1', occurredAt: '2026-11-20T09:00:00+08:00' },
  data: { title: '审批"材料",反复退回', description: '第一行\r\n第二行', complainant: { ref: 'r-1', anonymous: false } },
  hash: 'a3f1c9e0b7d2'.padEnd(64, '0'),
};

describe('audit export file formats', () => {
  it('NDJSON: one envelope per line, each line parses back to the event', () => {
    const text = AUDIT_EXPORT_FILE_FORMATS.ndjson.lines([event, { ...event, position: '4611686018427387906' }]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0])).toEqual(event);
  });

  it('CSV (RFC 4180): UTF-8 BOM and a header row; quotes, commas and line breaks inside a field are quoted', () => {
    const csv = AUDIT_EXPORT_FILE_FORMATS.csv;
    expect(csv.head).toBe('\uFEFF' + CSV_COLUMNS.join(',') + '\r\n');
    const line = csv.lines([event]);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line.startsWith('4611686018427387905,2026-11-20T01:00:00.000Z,ComplaintFiled,case-')).toBe(true);
    expect(line).toContain(',intake-wang,intake,,2026-11-20T09:00:00+08:00,c-1,,');
    const data = JSON.stringify(event.data);
    expect(line).toContain(`"${data.replace(/"/g, '""')}"`);
    // The chain hash closes the row, so a row can be checked against the log.
    expect(line.endsWith(`,${event.hash}\r\n`)).toBe(true);
  });

  it('a CSV field is quoted exactly when it has to be', () => {
    expect(csvField('plain 文本')).toBe('plain 文本');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rreturn')).toBe('"cr\rreturn"');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(7)).toBe('7');
  });
});
