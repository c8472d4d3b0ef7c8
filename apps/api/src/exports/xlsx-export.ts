import type { ExportTable } from './export-columns';

/**
 * The table as one xlsx sheet: a bold, frozen header row, column widths to fit the Chinese text,
 * numbers stored as numbers (so a leader can sort and sum them) with their decimals as a number
 * format. Text cells are written as text: ExcelJS never turns a string into a formula.
 *
 * ExcelJS is loaded on the first export, not with the API: it takes most of a second to load, which
 * every server start and every test file that builds the API paid for a feature few requests use.
 */
export async function toXlsx<Row>({ sheet, columns, rows }: ExportTable<Row>): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const worksheet = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', ySplit: 1 }] });
  worksheet.columns = columns.map((c, i) => ({
    key: String(i),
    header: c.header,
    width: c.width,
    style: c.decimals === undefined ? {} : { numFmt: c.decimals === 0 ? '0' : `0.${'0'.repeat(c.decimals)}` },
  }));
  worksheet.getRow(1).font = { bold: true };
  for (const row of rows) worksheet.addRow(columns.map((c) => c.value(row) ?? null));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
