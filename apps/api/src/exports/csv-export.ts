import { csvField } from '../audit/audit-export-formats';
import type { CellValue, ExportTable } from './export-columns';

/**
 * A CSV cell that a spreadsheet will not run as a formula (CSV injection, OWASP): text starting
 * with = + - @ or a tab/CR gets a leading apostrophe. Case titles are typed by staff, so they can
 * start with anything. Numbers are written as they are (a negative number is not a formula).
 */
function safeText(value: CellValue): CellValue {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The table as RFC 4180 CSV (CRLF, quoting by the audit export's `csvField`), UTF-8 with a
 * byte-order mark so Excel on a Chinese Windows reads the headers as UTF-8, not GBK.
 */
export function toCsv<Row>({ columns, rows }: ExportTable<Row>): string {
  const line = (cells: CellValue[]) => cells.map((cell) => csvField(safeText(cell))).join(',') + '\r\n';
  const numberCell = (cell: CellValue, decimals: number | undefined) =>
    typeof cell === 'number' && decimals !== undefined ? cell.toFixed(decimals) : cell;
  return (
    '\uFEFF' +
    line(columns.map((c) => c.header)) +
    rows.map((row) => line(columns.map((c) => numberCell(c.value(row), c.decimals)))).join('')
  );
}
