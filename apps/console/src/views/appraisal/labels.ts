/** Names the appraisal screens show for the API's codes (pure: no Vue). */

export type UnitKind = 'department' | 'window' | 'town';

/** 部门, 窗口 and 街镇 are ranked separately; the table shows them in this order. */
export const UNIT_KINDS: readonly UnitKind[] = ['department', 'town', 'window'];

export const UNIT_KIND_NAMES: Record<UnitKind, string> = { department: '部门', window: '窗口', town: '街镇' };

export const COMPONENT_NAMES: Record<string, string> = {
  survey: '满意度调查',
  concentratedEvaluation: '集中评议',
  onlineVote: '网上投票',
  responseRate: '响应率',
  onTimeCompletionRate: '按时办结率',
  completionRate: '办结率',
  satisfactionRate: '满意率',
  reopenRate: '重办率',
};

export const DEDUCTION_NAMES: Record<string, string> = {
  inspection: '明查暗访扣分',
  overdueCases: '超期案件扣分',
  accountability: '问责扣分',
};

/** The demo year (and the last whole year): the first-start demo plays last year. */
export function lastYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now)) - 1;
}

/** A score or points with two decimals (the scheme's points are fractional); null as —. */
export function formatPoints(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Rows grouped by unit kind, in the order of UNIT_KINDS, each group by rank (unranked last), then name. */
export function groupByKind<T extends { kind: UnitKind; rank: number | null; name: string }>(
  rows: readonly T[],
): Array<{ kind: UnitKind; rows: T[] }> {
  return UNIT_KINDS.map((kind) => ({
    kind,
    rows: rows
      .filter((row) => row.kind === kind)
      .sort((a, b) => (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name, 'zh-CN')),
  })).filter((group) => group.rows.length > 0);
}

/** The short form of an event id for a table cell (the whole id is in its title and data attribute). */
export function shortId(id: string): string {
  return id.length > 8 ? id.slice(0, 8) : id;
}

/** The forms of accountability (问责方式), by the case's codes. */
export const ACCOUNTABILITY_FORM_NAMES: Record<string, string> = {
  written_self_examination: '书面检查',
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
