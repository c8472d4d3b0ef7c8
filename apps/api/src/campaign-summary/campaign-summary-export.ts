import type { CampaignSummary, Figure, LedgerConfiguration, Share } from '@app/domain';
import { labelsOf, type ExportColumn, type ExportTable } from '../exports/export-columns';

/** One line of the summary as a leader reads it: what, how many, and the events behind it. */
export interface SummaryLine {
  figure: string;
  value: number | null;
  /** For a share: "473 / 500". */
  note: string | null;
  events: string[];
}

const SIZE_CLASS_LABELS: Readonly<Record<string, string>> = {
  immediate: '立即解决',
  supervised: '督促解决',
  studied: '研究解决',
  escalated: '向上反映',
};
const ACCOUNTABILITY_FORM_LABELS: Readonly<Record<string, string>> = {
  written_self_examination: '检查',
  circulated_notice: '通报',
  reorganisation: '改组',
  admonishment: '诫勉',
  suspension_for_inspection: '停职检查',
  position_adjustment: '调整职务',
  ordered_resignation: '责令辞职',
  demotion: '降职',
  dismissal: '免职',
  disciplinary_sanction: '纪律处分',
  removal_from_post: '调离岗位',
  performance_deduction: '扣除绩效分',
};
const PARTICIPANT_LABELS: Readonly<Record<string, string>> = {
  cppcc_member: '政协委员',
  deputy: '人大代表',
  enterprise: '企业代表',
  citizen: '群众',
  inspector: '督查人员',
};

/** The lists of the ledger configuration that name the summary's category codes: in force and dropped (everyEntryOf). */
export type CategoryLists = Pick<LedgerConfiguration, 'findingCategories' | 'measureCategories'>;

/**
 * The summary's figures in the order a 总结报告 states them; problem and measure categories by their
 * labels in `lists` (the ledger configuration's entries, dropped ones too).
 */
export function summaryLines(s: CampaignSummary, lists: CategoryLists): SummaryLine[] {
  const findingCategory = labelsOf(lists.findingCategories);
  const measureCategory = labelsOf(lists.measureCategories);
  const count = (figure: string, f: Figure): SummaryLine => ({ figure, value: f.value, note: null, events: f.events });
  const percent = (figure: string, share: Share): SummaryLine => ({
    figure,
    value: share.value === null ? null : Number((share.value * 100).toFixed(1)),
    note: `${share.numerator.value} / ${share.denominator.value}`,
    events: [...new Set([...share.numerator.events, ...share.denominator.events])],
  });
  return [
    count('评议对象（单位）', s.unitsAppraised),
    count('发放问卷（份）', s.questionnairesIssued),
    count('回收问卷（份）', s.questionnairesReturned),
    percent('问卷回收率（%）', s.questionnaireReturnRate),
    count('召开会议（场）', s.meetings),
    count('参会人数（人次）', s.attendance),
    count('收集意见建议（条）', s.suggestionsCollected),
    ...Object.entries(s.participants).map(([group, f]) => count(`参与评议：${PARTICIPANT_LABELS[group] ?? group}（人）`, f!)),
    count('梳理问题（个）', s.findings),
    ...Object.entries(s.findingsByCategory).map(([category, f]) => count(`问题类别：${findingCategory(category)}`, f)),
    count('整改措施（条）', s.measures),
    ...Object.entries(s.measuresByCategory).map(([category, f]) => count(`措施类别：${measureCategory(category)}`, f)),
    ...Object.entries(s.measuresBySizeClass).map(([size, f]) => count(`${SIZE_CLASS_LABELS[size] ?? size}（条）`, f!)),
    percent('已完成整改（%）', s.completed),
    percent('按时完成整改（%）', s.completedOnTime),
    count('通过验收（条）', s.verified),
    percent('回头看通过（%）', s.rechecksPassed),
    count('回头看发现反弹重新整改（条）', s.reopened),
    count('问责（起）', s.accountability),
    ...Object.entries(s.accountabilityByForm).map(([form, f]) => count(`问责方式：${ACCOUNTABILITY_FORM_LABELS[form] ?? form}（起）`, f)),
  ];
}

const COLUMNS: readonly ExportColumn<SummaryLine>[] = [
  { header: '指标', width: 30, value: (l) => l.figure },
  { header: '数值', width: 10, value: (l) => l.value },
  { header: '计算', width: 14, value: (l) => l.note },
  { header: '依据事件数', width: 12, decimals: 0, value: (l) => l.events.length },
  { header: '依据事件（事件编号）', width: 80, value: (l) => l.events.join(' ') },
];

/** The summary as a file a leader can forward: 评议总结-<campaign>.xlsx, categories by the labels in `lists`. */
export function campaignSummaryExport(s: CampaignSummary, lists: CategoryLists): ExportTable<SummaryLine> {
  const safe = s.campaignId.replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    sheet: '评议总结',
    title: `${s.name}-总结数据`,
    asciiTitle: `campaign-summary-${safe}`,
    columns: COLUMNS,
    rows: summaryLines(s, lists),
  };
}
