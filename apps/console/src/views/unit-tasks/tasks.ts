/**
 * 单位待办's sorting of what the API lists for a unit, as pure functions (no Vue, no DOM):
 * its open deadlines (GET /api/v1/overdue?upcoming=true) into 待签收 and 待办结, its measures
 * (GET /api/v1/rectifications) into those still owed, with their cards (GET /api/v1/overdue/measures).
 */

/** What a deadline row needs here (a row of OverduePage). */
export interface DeadlineRow {
  caseId: string;
  kind: 'sign_for' | 'handling';
  card: 'red' | 'yellow' | 'green';
  workingDaysOverdue: number;
  workingDaysLeft: number;
}

/**
 * 待签收: the open sign-for deadlines. 待办结: the open handling deadlines of the cases the unit has
 * signed for (a case not yet signed for is only to sign for), in the API's order (earliest due first).
 */
export function splitDeadlines<Row extends DeadlineRow>(rows: readonly Row[]): { signFor: Row[]; handling: Row[] } {
  const signFor = rows.filter((row) => row.kind === 'sign_for');
  const unsigned = new Set(signFor.map((row) => row.caseId));
  const handling = rows.filter((row) => row.kind === 'handling' && !unsigned.has(row.caseId));
  return { signFor, handling };
}

/** Where a deadline stands, in working days: 超期 3 个工作日, 今日到期, 剩余 5 个工作日. */
export function timeLeftText(row: Pick<DeadlineRow, 'card' | 'workingDaysOverdue' | 'workingDaysLeft'>): string {
  if (row.card === 'red') return row.workingDaysOverdue > 0 ? `超期 ${row.workingDaysOverdue} 个工作日` : '已过期（未满一个工作日）';
  if (row.workingDaysLeft === 0) return '今日到期';
  return `剩余 ${row.workingDaysLeft} 个工作日`;
}

/** The statuses of a measure the unit still owes (planned, under way, past due, rejected, reopened by 回头看). */
export const OWED_STATUSES = ['planned', 'in_progress', 'overdue', 'rejected', 'reopened'] as const;

export const MEASURE_STATUS_NAMES: Record<string, string> = {
  planned: '待整改',
  in_progress: '整改中',
  overdue: '已超期',
  reported: '已报告',
  verified: '已验收',
  rejected: '验收未通过',
  rechecked: '已回头看',
  reopened: '回头看重新整改',
};

/** What a measure row needs here (a row of RectificationPage or OverdueMeasuresPage). */
export interface MeasureIdentity {
  holderKind: 'case' | 'finding';
  caseId: string | null;
  findingId: string | null;
  measureId: string;
}

/** One measure's key across the ledger and the measures' cards: its holder and its id. */
export function measureKey(m: MeasureIdentity): string {
  return `${m.holderKind}:${m.caseId ?? m.findingId}:${m.measureId}`;
}

/** Where a measure opens: its case's page, or its finding's page in the ledger. */
export function measureLink(m: MeasureIdentity): string {
  return m.holderKind === 'case' ? `/cases/${m.caseId}` : `/ledger/findings/${m.findingId}`;
}

/**
 * The measures still owed, each with its card for the due date when the measures' cards list one
 * (red or yellow; none: due beyond the warning window), in the ledger's order (earliest due first).
 */
export function owedMeasures<M extends MeasureIdentity & { status: string }, C extends MeasureIdentity & { kind: string }>(
  measures: readonly M[],
  cards: readonly C[],
): Array<M & { standing: C | null }> {
  const byKey = new Map(cards.filter((c) => c.kind === 'measure_due').map((c) => [measureKey(c), c]));
  return measures
    .filter((m) => (OWED_STATUSES as readonly string[]).includes(m.status))
    .map((m) => ({ ...m, standing: byKey.get(measureKey(m)) ?? null }));
}
