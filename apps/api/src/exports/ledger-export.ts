import type { LedgerListEntry } from '@app/domain';
import type { RectificationItem } from '@app/projections/rectifications/rectifications.reader';
import type { ListedMeasure } from '../rectifications/measure-problems';
import { labelsOf, type ExportColumn, type ExportTable } from './export-columns';

/** A measure as the ledger file writes it: as listed, with its problem's words (问题), and the responsible unit's name beside it. */
export type LedgerExportRow = ListedMeasure & { responsibleUnitName: string | null };

const SIZE_CLASS_LABELS: Readonly<Record<string, string>> = {
  immediate: '立即解决',
  supervised: '督促解决',
  studied: '研究解决',
  escalated: '向上反映',
};

/** 进展情况: where the work stands, with the unit's last words on it. */
export function progressOf(r: RectificationItem): string {
  const words = r.progress ? `：${r.progress}` : '';
  switch (r.status) {
    case 'planned':
      return '未开始';
    case 'in_progress':
      return `推进中${words}`;
    case 'overdue':
      return `逾期未完成${words}`;
    case 'rejected':
      return `验收未通过，整改中${words}`;
    case 'reopened':
      return `回头看发现反弹，重新整改${words}`;
    default:
      return `已完成${words}`;
  }
}

/** 验收情况: the verdict of 验收 and of the 回头看, with its words. */
export function verificationOf(r: RectificationItem): string {
  const words = r.verdict ? `：${r.verdict}` : '';
  switch (r.status) {
    case 'reported':
      return '待验收';
    case 'verified':
      return r.recheckCarded ? `已验收，回头看逾期未开展${words}` : `已验收${words}`;
    case 'rechecked':
      return `回头看通过${words}`;
    case 'rejected':
      return `验收未通过${words}`;
    case 'reopened':
      return `回头看未通过${words}`;
    default:
      return r.timesRejected > 0 ? `验收未通过${words}` : '未验收';
  }
}

/**
 * The ledger's columns in the layout offices keep a 整改台账 in (序号, 问题, 整改措施, 责任单位, 责任领导,
 * 完成时限, 进展情况, 验收情况), then what the filters work on; `measureCategory` names a measure's
 * category code (the labels of the ledger configuration in force).
 */
export const ledgerColumns = (measureCategory: (code: string) => string): readonly ExportColumn<LedgerExportRow & { index: number }>[] => [
  { header: '序号', width: 6, decimals: 0, value: (r) => r.index },
  { header: '问题', width: 40, value: (r) => r.problem },
  { header: '整改措施', width: 40, value: (r) => r.description },
  { header: '责任单位', width: 24, value: (r) => r.responsibleUnitName ?? r.responsibleUnitId },
  { header: '责任领导', width: 16, value: (r) => r.responsibleLeader },
  { header: '完成时限', width: 12, value: (r) => r.dueDate },
  { header: '进展情况', width: 36, value: progressOf },
  { header: '验收情况', width: 30, value: verificationOf },
  { header: '来源', width: 8, value: (r) => (r.holderKind === 'case' ? '投诉案件' : '评议/督查问题') },
  { header: '编号', width: 38, value: (r) => r.findingId ?? r.caseId },
  { header: '措施编号', width: 8, value: (r) => r.measureId },
  { header: '规模类别', width: 10, value: (r) => (r.sizeClass ? (SIZE_CLASS_LABELS[r.sizeClass] ?? r.sizeClass) : null) },
  { header: '措施类别', width: 20, value: (r) => (r.measureCategory ? measureCategory(r.measureCategory) : null) },
  { header: '红牌', width: 6, value: (r) => (r.dueCarded ? '是' : '否') },
  { header: '回头看日期', width: 12, value: (r) => r.recheckDue },
];

/**
 * The ledger as a file named by the Beijing date it was read on: 整改台账-2026-11-23.xlsx.
 * `measureCategories`: the ledger configuration's list, in force and dropped (everyEntryOf), which labels the 措施类别 column.
 */
export function ledgerExport(
  today: string,
  rows: readonly LedgerExportRow[],
  measureCategories: readonly LedgerListEntry[],
): ExportTable<LedgerExportRow & { index: number }> {
  return {
    sheet: '整改台账',
    title: `整改台账-${today}`,
    asciiTitle: `rectification-ledger-${today}`,
    columns: ledgerColumns(labelsOf(measureCategories)),
    rows: rows.map((r, i) => ({ ...r, index: i + 1 })),
  };
}
