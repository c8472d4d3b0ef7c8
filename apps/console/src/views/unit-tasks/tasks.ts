/**
 * 单位待办's sorting of what the API lists for a unit, as pure functions (no Vue, no DOM):
 * its open deadlines (GET /api/v1/overdue?upcoming=true) into 待签收 and 待办结, its measures
 * (GET /api/v1/rectifications) into those it still owes, with their cards (GET /api/v1/overdue/measures).
 */
import { timeLeftText } from '../../format';
import { MEASURE_STATUS_NAMES } from '../ledger/labels';

/** A measure's status reads here as in 整改台账 and on a finding's page: one status, one name. */
export { MEASURE_STATUS_NAMES };

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

/** Where a deadline stands reads here as in 超期督办: in working days (format.ts). */
export { timeLeftText };

/** The statuses of a measure still owed (planned, under way, past due, rejected, reopened by 回头看). */
export const OWED_STATUSES = ['planned', 'in_progress', 'overdue', 'rejected', 'reopened'] as const;

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
 * Who asks: the signed-in unit (null: a unit user without one owes nothing), and the open cases it is
 * active on now, as lead or co-handling unit (GET /api/v1/cases?status=in_progress: a unit's token
 * lists exactly those; a unit that disputed or was transferred away is no longer on them).
 */
export interface MeasureOwner {
  unitId: string | null;
  activeCaseIds: ReadonlySet<string>;
}

/** What deciding whether a measure is owed needs (a row of RectificationPage). */
export type OwedCandidate = MeasureIdentity & { status: string; responsibleUnitId: string; leadUnitId: string | null };

/**
 * Whether the unit owes the measure: it is still owed, and the unit is the one to report on it where
 * the measure opens. GET /rectifications lists a unit more than that (the measures of what it leads,
 * and those it is named responsible for, even on a case it is not on), so the rows are sorted here:
 * - a finding's measure: its responsible unit (责任单位). The finding's page offers the acts on a
 *   measure to that unit only (`measureActions`, ledger/labels.ts), so the unit the finding is against
 *   does not owe the measures it names another unit for.
 * - a case's measure, while the unit is active on the case: the lead answers for every measure (the
 *   API lets it report any, and it reports for a responsible unit that is not on the case), a
 *   co-handling unit for those it is responsible for. A responsible unit not on the case cannot open
 *   it (404) nor report: the measure is the lead's to report, not on its list.
 */
export function owes(owner: MeasureOwner, m: OwedCandidate): boolean {
  if (!owner.unitId || !(OWED_STATUSES as readonly string[]).includes(m.status)) return false;
  if (m.holderKind === 'finding') return m.responsibleUnitId === owner.unitId;
  return m.caseId !== null && owner.activeCaseIds.has(m.caseId) && (m.leadUnitId === owner.unitId || m.responsibleUnitId === owner.unitId);
}

/**
 * The measures the unit owes (`owes`), each with its card for the due date when the measures' cards
 * list one (red or yellow; none: due beyond the warning window), in the ledger's order (earliest due
 * first). 待整改措施's count is their number.
 */
export function owedMeasures<M extends OwedCandidate, C extends MeasureIdentity & { kind: string }>(
  measures: readonly M[],
  cards: readonly C[],
  owner: MeasureOwner,
): Array<M & { standing: C | null }> {
  const byKey = new Map(cards.filter((c) => c.kind === 'measure_due').map((c) => [measureKey(c), c]));
  return measures.filter((m) => owes(owner, m)).map((m) => ({ ...m, standing: byKey.get(measureKey(m)) ?? null }));
}
