import type { LedgerListEntry } from '@app/domain';

/** A cell as both formats write it: text, a number (kept a number in xlsx), or empty. */
export type CellValue = string | number | null;

/**
 * One column of an export a user hands to a leader: its Chinese header, its width in xlsx (in
 * characters; a CJK character counts about two), and how a row fills it. `decimals` makes the
 * column a fixed-point number (scores: 2), so Excel shows 86.50 and not 86.5.
 */
export interface ExportColumn<Row> {
  header: string;
  width: number;
  decimals?: number;
  value(row: Row): CellValue;
}

/** The file a user downloads: its sheet (xlsx) and the names it is saved under. */
export interface ExportTable<Row> {
  /** Sheet name in xlsx (at most 31 characters, no []:*?/\). */
  sheet: string;
  /** The Chinese file name without extension, e.g. 2026年度评议结果. */
  title: string;
  /** The ASCII fallback file name without extension, e.g. appraisals-2026. */
  asciiTitle: string;
  columns: readonly ExportColumn<Row>[];
  rows: readonly Row[];
}

/** A number rounded to `decimals`, as the JSON list's two-decimal scores are; null stays empty. */
export function fixed(value: number | null, decimals = 2): number | null {
  return value === null ? null : Number(value.toFixed(decimals));
}

/** 是 / 否 for a yes-or-no column. */
export const yesNo = (value: boolean): string => (value ? '是' : '否');

/**
 * A configured list (the ledger configuration's 问题类别 or 措施类别) as a lookup from a recorded
 * code to its Chinese label. Events keep their codes when an admin later drops an entry from the
 * list; a code the list does not name is written as it is.
 */
export function labelsOf(entries: readonly LedgerListEntry[]): (code: string) => string {
  const labels = new Map(entries.map(({ code, label }) => [code, label]));
  return (code) => labels.get(code) ?? code;
}
