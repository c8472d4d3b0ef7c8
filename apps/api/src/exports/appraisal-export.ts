import { APPRAISAL_COMPONENT_LABELS, type UnitKind } from '@app/domain';
import type { AppraisalRow, AppraisalTableAnswer } from '../appraisals/appraisal.queries';
import { fixed, yesNo, type ExportColumn, type ExportTable } from './export-columns';

/** 部门, 街镇, 窗口: ranked separately, so a leader needs the kind next to the rank. */
export const UNIT_KIND_LABELS: Readonly<Record<UnitKind, string>> = { department: '部门', town: '街镇', window: '窗口' };

/**
 * The appraisal table's columns, in the order of the JSON list's fields. `below`: the threshold of
 * the scheme the rows were scored under (`consequence.below`, 70 by default), named in the header of
 * the column that says whether a unit fell below it.
 */
export const appraisalColumns = (below: number): readonly ExportColumn<AppraisalRow>[] => [
  { header: '单位编号', width: 16, value: (r) => r.unitId },
  { header: '单位', width: 28, value: (r) => r.name },
  { header: '类别', width: 8, value: (r) => UNIT_KIND_LABELS[r.kind] },
  { header: '测评状态', width: 10, value: (r) => (r.status === 'complete' ? '齐全' : '缺项') },
  { header: '缺少的测评', width: 24, value: (r) => r.missing.map((m) => APPRAISAL_COMPONENT_LABELS[m]).join('、') || null },
  // Four decimals: the weighted sum of two-decimal scores has more than two (89.99 and 90 weighted
  // 50/50 are 89.995), and at two the file showed 90.00 beside a 得分 of 90, as if no rounding made it.
  { header: '加权得分', width: 10, decimals: 4, value: (r) => fixed(r.weightedPoints, 4) },
  { header: '扣分', width: 8, decimals: 2, value: (r) => fixed(r.deductedPoints) },
  { header: '得分', width: 8, decimals: 2, value: (r) => fixed(r.score) },
  { header: '等级', width: 8, value: (r) => r.grade },
  { header: '排名', width: 6, decimals: 0, value: (r) => r.rank },
  { header: `是否低于${below}分`, width: 14, value: (r) => yesNo(r.belowThreshold) },
  { header: '处理意见', width: 36, value: (r) => r.consequence },
];

/**
 * The year's table as a file: 2026年度评议结果.xlsx (appraisals-2026.xlsx in ASCII), one kind only if
 * filtered. The rows and the threshold in the header come from one answer, scored under one scheme.
 */
export function appraisalExport(
  { table, inForce }: Pick<AppraisalTableAnswer, 'table' | 'inForce'>,
  kind: UnitKind | null,
): ExportTable<AppraisalRow> {
  const kindPart = kind ? `-${kind}` : '';
  return {
    sheet: `${table.year}年度评议结果`,
    title: `${table.year}年度评议结果${kind ? `（${UNIT_KIND_LABELS[kind]}）` : ''}`,
    asciiTitle: `appraisals-${table.year}${kindPart}`,
    columns: appraisalColumns(inForce.scheme.consequence.below),
    rows: table.units,
  };
}
