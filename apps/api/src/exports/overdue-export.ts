import type { DeadlineKind, SupervisionLevel, UnitRole } from '@app/domain';
import type { ListedCard, OverdueItem } from '@app/projections/overdue/overdue.reader';
import type { ExportColumn, ExportTable } from './export-columns';

/** An overdue row with its unit's registered name (the list carries only the id). */
export type OverdueExportRow = OverdueItem & { unitName: string | null };

const DEADLINE_KIND_LABELS: Readonly<Record<DeadlineKind, string>> = { sign_for: '签收', handling: '办结' };
const CARD_LABELS: Readonly<Record<ListedCard, string>> = { red: '红牌', yellow: '黄牌', green: '未到预警期' };
const UNIT_ROLE_LABELS: Readonly<Record<UnitRole, string>> = { lead: '主办', co: '协办' };
const SUPERVISION_LABELS: Readonly<Record<SupervisionLevel, string>> = {
  urge: '催办',
  supervise: '督办',
  listed: '挂牌督办',
  interview: '约谈',
};

/** The overdue list's columns (红黄牌), in the list's order of fields. */
export const OVERDUE_COLUMNS: readonly ExportColumn<OverdueExportRow>[] = [
  { header: '案件编号', width: 38, value: (r) => r.caseId },
  { header: '案件标题', width: 32, value: (r) => r.title },
  { header: '办理轮次', width: 8, decimals: 0, value: (r) => r.round },
  { header: '单位编号', width: 16, value: (r) => r.unitId },
  { header: '单位', width: 28, value: (r) => r.unitName },
  { header: '主办/协办', width: 10, value: (r) => UNIT_ROLE_LABELS[r.unitRole] },
  { header: '责任领导', width: 12, value: (r) => r.responsibleLeader },
  { header: '时限类型', width: 10, value: (r) => DEADLINE_KIND_LABELS[r.kind] },
  { header: '到期日', width: 12, value: (r) => r.dueDate },
  { header: '红黄牌', width: 8, value: (r) => CARD_LABELS[r.card] },
  { header: '超期工作日', width: 12, decimals: 0, value: (r) => r.workingDaysOverdue },
  { header: '剩余工作日', width: 12, decimals: 0, value: (r) => r.workingDaysLeft },
  { header: '督办次数', width: 10, decimals: 0, value: (r) => r.supervision.count },
  { header: '最高督办级别', width: 14, value: (r) => (r.supervision.level ? SUPERVISION_LABELS[r.supervision.level] : null) },
  { header: '延期次数', width: 10, decimals: 0, value: (r) => r.extension?.times ?? 0 },
  { header: '延期工作日', width: 12, decimals: 0, value: (r) => r.extension?.grantedWorkingDays ?? 0 },
  { header: '延期前到期日', width: 14, value: (r) => r.extension?.previousDue ?? null },
];

/** The list as a file named by the Beijing date it was counted on: 超期督办清单-2026-11-23.xlsx. */
export function overdueExport(today: string, rows: readonly OverdueExportRow[]): ExportTable<OverdueExportRow> {
  return { sheet: '超期督办清单', title: `超期督办清单-${today}`, asciiTitle: `overdue-${today}`, columns: OVERDUE_COLUMNS, rows };
}
