import { dayMeets, lateFrom, type CaseEvent, type LocalDate, type UnitRole } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { DASHBOARD_ACCOUNTABILITY_TABLE, DASHBOARD_CASE_UNITS_TABLE, DASHBOARD_MEASURES_TABLE } from './dashboard.reader';

/** Where and when an event happened: its case, its stream version and its Beijing date. */
export interface EventPlace {
  caseId: string;
  version: number;
  on: LocalDate;
}

/**
 * Writes the rows an event adds or changes beside its case row: dispatches (for the response rate),
 * rectification measures and accountability forms. Called only once the case row's version guard
 * has let the event through, so updates run once; inserts also ignore a row that already exists.
 */
export async function writeRelatedRows(event: CaseEvent, at: EventPlace, ctx: ProjectionContext): Promise<void> {
  switch (event.type) {
    case 'UnitNotified':
      return insertDispatch(ctx, at, event.data.unitId, event.data.role, event.data.signForDue);
    case 'CaseTransferred':
      await endDispatch(ctx, at, event.data.fromUnitId, 'transferred');
      return insertDispatch(ctx, at, event.data.toUnitId, event.data.role, event.data.signForDue);
    case 'DispatchDisputed':
      return endDispatch(ctx, at, event.data.unitId, 'disputed');
    case 'UnitAcknowledged': {
      // Whether the sign-for met its deadline is the domain's rule on the recorded due date and day.
      const table = ctx.table(DASHBOARD_CASE_UNITS_TABLE);
      const open = `case_id = $1 AND unit_id = $2 AND ended_on IS NULL AND acknowledged_on IS NULL`;
      const { rows } = await ctx.query(`SELECT notified_version, sign_for_due::text AS due FROM ${table} WHERE ${open}`, [
        at.caseId,
        event.data.unitId,
      ]);
      for (const row of rows) {
        await ctx.query(`UPDATE ${table} SET acknowledged_on = $3, signed_in_time = $4 WHERE ${open} AND notified_version = $5`, [
          at.caseId,
          event.data.unitId,
          at.on,
          dayMeets(row.due as string, at.on),
          row.notified_version,
        ]);
      }
      return;
    }
    case 'RectificationPlanned': {
      const measures = event.data.measures.map((m) => ({
        measure_id: m.measureId,
        responsible_unit_id: m.responsibleUnitId,
        due_date: m.dueDate,
      }));
      if (measures.length === 0) return;
      await ctx.query(
        `INSERT INTO ${ctx.table(DASHBOARD_MEASURES_TABLE)} (case_id, measure_id, responsible_unit_id, planned_on, due_date, status)
         SELECT $1, m.measure_id, m.responsible_unit_id, $2, m.due_date, 'planned'
         FROM jsonb_to_recordset($3::jsonb) AS m (measure_id text, responsible_unit_id text, due_date date)
         ON CONFLICT (case_id, measure_id) DO NOTHING`,
        [at.caseId, at.on, JSON.stringify(measures)],
      );
      return;
    }
    case 'RectificationReported':
      return setMeasure(ctx, at, event.data.measureId, 'reported', 'reported_on');
    case 'RectificationVerified':
      return setMeasure(ctx, at, event.data.measureId, 'verified', 'verified_on');
    case 'RectificationRejected':
      return setMeasure(ctx, at, event.data.measureId, 'rejected', null);
    case 'AccountabilityIssued': {
      const d = event.data;
      await ctx.query(
        `INSERT INTO ${ctx.table(DASHBOARD_ACCOUNTABILITY_TABLE)} (case_id, accountability_id, form, target_kind, target_unit_id, issued_on)
         SELECT $1, $2, form, $3, $4, $5 FROM unnest($6::text[]) AS form
         ON CONFLICT (case_id, accountability_id, form) DO NOTHING`,
        [at.caseId, d.accountabilityId, d.target.kind, d.target.unitId, at.on, d.forms],
      );
      return;
    }
    default:
      return;
  }
}

async function insertDispatch(
  ctx: ProjectionContext,
  at: EventPlace,
  unitId: string,
  role: UnitRole,
  signForDue: LocalDate,
): Promise<void> {
  await ctx.query(
    `INSERT INTO ${ctx.table(DASHBOARD_CASE_UNITS_TABLE)} (case_id, notified_version, unit_id, role, notified_on, sign_for_due, sign_for_late_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, notified_version) DO NOTHING`,
    [at.caseId, at.version, unitId, role, at.on, signForDue, lateFrom(signForDue)],
  );
}

async function endDispatch(ctx: ProjectionContext, at: EventPlace, unitId: string, endedBy: 'disputed' | 'transferred'): Promise<void> {
  await ctx.query(
    `UPDATE ${ctx.table(DASHBOARD_CASE_UNITS_TABLE)} SET ended_on = $3, ended_by = $4 WHERE case_id = $1 AND unit_id = $2 AND ended_on IS NULL`,
    [at.caseId, unitId, at.on, endedBy],
  );
}

/** Moves a measure to `status`, stamping `dayColumn` (if any) with the event's date. */
async function setMeasure(
  ctx: ProjectionContext,
  at: EventPlace,
  measureId: string,
  status: 'reported' | 'verified' | 'rejected',
  dayColumn: 'reported_on' | 'verified_on' | null,
): Promise<void> {
  const stamp = dayColumn ? `, ${dayColumn} = $4::date` : '';
  await ctx.query(`UPDATE ${ctx.table(DASHBOARD_MEASURES_TABLE)} SET status = $3${stamp} WHERE case_id = $1 AND measure_id = $2`, [
    at.caseId,
    measureId,
    status,
    ...(dayColumn ? [at.on] : []),
  ]);
}
