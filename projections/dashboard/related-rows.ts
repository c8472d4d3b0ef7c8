import { dayMeets, lateFrom, type CaseEvent, type LocalDate, type UnitRole } from '@app/domain';
import type { EventPlace } from './case-facts';
import { accountabilityContribution, dispatchContribution, measureContribution, type Contribution } from './dashboard-counts';
import type { DashboardFactRows, FactRow, TableRows } from './fact-rows';

/** The contributions to the counts of the rows an event changed: before and after it (dashboard-counts.ts). */
export interface RowChanges {
  before: Contribution[];
  after: Contribution[];
}
const NONE: RowChanges = { before: [], after: [] };

/**
 * Changes, in memory, the rows an event adds or changes beside its case row: dispatches (for the
 * response rate), rectification measures and accountability forms; returns what they counted before
 * and after. Called only once the case row's version guard has let the event through, so each
 * change is made once; a row that already exists is not added again.
 */
export function changeRelatedRows(event: CaseEvent, at: EventPlace, rows: DashboardFactRows): RowChanges {
  switch (event.type) {
    case 'UnitNotified':
      return addDispatch(rows, at, event.data.unitId, event.data.role, event.data.signForDue);
    case 'CaseTransferred': {
      const ended = endDispatch(rows, at, event.data.fromUnitId, 'transferred');
      const added = addDispatch(rows, at, event.data.toUnitId, event.data.role, event.data.signForDue);
      return { before: ended.before, after: [...ended.after, ...added.after] };
    }
    case 'DispatchDisputed':
      return endDispatch(rows, at, event.data.unitId, 'disputed');
    case 'UnitAcknowledged': {
      // Whether the sign-for met its deadline is the domain's rule on the recorded due date and day.
      const unitId = event.data.unitId;
      const open = rows.dispatches.of(at.caseId).filter((u) => u.unit_id === unitId && u.ended_on === null && u.acknowledged_on === null);
      return change(rows.dispatches, open, dispatchContribution, (u) => ({
        ...u,
        acknowledged_on: at.on,
        signed_in_time: dayMeets(u.sign_for_due as string, at.on),
      }));
    }
    case 'RectificationPlanned': {
      const after: Contribution[] = [];
      for (const m of event.data.measures) {
        if (rows.measures.of(at.caseId).some((r) => r.measure_id === m.measureId)) continue;
        const row: FactRow = {
          case_id: at.caseId,
          measure_id: m.measureId,
          responsible_unit_id: m.responsibleUnitId,
          planned_on: at.on,
          due_date: m.dueDate,
          status: 'planned',
          reported_on: null,
          verified_on: null,
        };
        rows.measures.put(row);
        after.push(measureContribution(row));
      }
      return { before: [], after };
    }
    case 'RectificationReported':
      return setMeasure(rows, at, event.data.measureId, { status: 'reported', reported_on: at.on });
    case 'RectificationVerified':
      return setMeasure(rows, at, event.data.measureId, { status: 'verified', verified_on: at.on });
    case 'RectificationRejected':
      return setMeasure(rows, at, event.data.measureId, { status: 'rejected' });
    case 'AccountabilityIssued': {
      const d = event.data;
      const added: string[] = [];
      for (const form of d.forms) {
        const exists = rows.accountability.of(at.caseId).some((r) => r.accountability_id === d.accountabilityId && r.form === form);
        if (exists) continue;
        rows.accountability.put({
          case_id: at.caseId,
          accountability_id: d.accountabilityId,
          form,
          target_kind: d.target.kind,
          target_unit_id: d.target.unitId,
          issued_on: at.on,
        });
        added.push(form);
      }
      return added.length === 0 ? NONE : { before: [], after: [accountabilityContribution(d.target.unitId, added)] };
    }
    default:
      return NONE;
  }
}

function addDispatch(rows: DashboardFactRows, at: EventPlace, unitId: string, role: UnitRole, signForDue: LocalDate): RowChanges {
  if (rows.dispatches.of(at.caseId).some((u) => u.notified_version === at.version)) return NONE;
  const row: FactRow = {
    case_id: at.caseId,
    notified_version: at.version,
    unit_id: unitId,
    role,
    notified_on: at.on,
    sign_for_due: signForDue,
    acknowledged_on: null,
    signed_in_time: null,
    sign_for_late_from: lateFrom(signForDue).toISOString(),
    ended_on: null,
    ended_by: null,
  };
  rows.dispatches.put(row);
  return { before: [], after: [dispatchContribution(row)] };
}

/** The unit stops holding the case: every dispatch of it still running ends today. */
function endDispatch(rows: DashboardFactRows, at: EventPlace, unitId: string, endedBy: 'disputed' | 'transferred'): RowChanges {
  const running = rows.dispatches.of(at.caseId).filter((u) => u.unit_id === unitId && u.ended_on === null);
  return change(rows.dispatches, running, dispatchContribution, (u) => ({ ...u, ended_on: at.on, ended_by: endedBy }));
}

/** Moves a measure to a status, stamping the day (if any) with the event's date. */
function setMeasure(rows: DashboardFactRows, at: EventPlace, measureId: string, changes: FactRow): RowChanges {
  const measure = rows.measures.of(at.caseId).filter((m) => m.measure_id === measureId);
  return change(rows.measures, measure, measureContribution, (m) => ({ ...m, ...changes }));
}

/** Replaces each of `rows` with its changed version, and returns their contributions before and after. */
function change(
  table: TableRows,
  rows: readonly FactRow[],
  contributionOf: (row: FactRow) => Contribution,
  changed: (row: FactRow) => FactRow,
): RowChanges {
  const result: RowChanges = { before: [], after: [] };
  for (const row of rows) {
    const after = changed(row);
    table.put(after);
    result.before.push(contributionOf(row));
    result.after.push(contributionOf(after));
  }
  return result;
}
