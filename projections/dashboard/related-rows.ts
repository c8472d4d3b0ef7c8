import { dayMeets, lateFrom, type CaseEvent, type LocalDate, type UnitRole } from '@app/domain';
import type { ProjectionContext } from '../runner/projection';
import { accountabilityContribution, dispatchContribution, measureContribution, type Contribution } from './dashboard-counts';
import { DASHBOARD_ACCOUNTABILITY_TABLE, DASHBOARD_CASE_UNITS_TABLE, DASHBOARD_MEASURES_TABLE } from './dashboard.reader';

/** Where and when an event happened: its case, its stream version and its Beijing date. */
export interface EventPlace {
  caseId: string;
  version: number;
  on: LocalDate;
}

/** The contributions to the counts of the rows a statement changed: before and after it (dashboard-counts.ts). */
export interface RowChanges {
  before: Contribution[];
  after: Contribution[];
}
const NONE: RowChanges = { before: [], after: [] };

/**
 * Writes the rows an event adds or changes beside its case row: dispatches (for the response rate),
 * rectification measures and accountability forms, and returns what they counted before and after.
 * Called only once the case row's version guard has let the event through, so updates run once;
 * inserts also ignore a row that already exists.
 */
export async function writeRelatedRows(event: CaseEvent, at: EventPlace, ctx: ProjectionContext): Promise<RowChanges> {
  switch (event.type) {
    case 'UnitNotified':
      return insertDispatch(ctx, at, event.data.unitId, event.data.role, event.data.signForDue);
    case 'CaseTransferred': {
      const ended = await endDispatch(ctx, at, event.data.fromUnitId, 'transferred');
      const added = await insertDispatch(ctx, at, event.data.toUnitId, event.data.role, event.data.signForDue);
      return { before: ended.before, after: [...ended.after, ...added.after] };
    }
    case 'DispatchDisputed':
      return endDispatch(ctx, at, event.data.unitId, 'disputed');
    case 'UnitAcknowledged': {
      // Whether the sign-for met its deadline is the domain's rule on the recorded due date and day.
      const table = ctx.table(DASHBOARD_CASE_UNITS_TABLE);
      const open = `case_id = $1 AND unit_id = $2 AND ended_on IS NULL AND acknowledged_on IS NULL`;
      const { rows } = await ctx.query(`SELECT to_jsonb(u) AS row FROM ${table} u WHERE ${open}`, [at.caseId, event.data.unitId]);
      const changes: RowChanges = { before: [], after: [] };
      for (const { row } of rows as Array<{ row: Record<string, unknown> }>) {
        const updated = await ctx.query(
          `UPDATE ${table} AS u SET acknowledged_on = $3, signed_in_time = $4 WHERE ${open} AND notified_version = $5 RETURNING to_jsonb(u) AS row`,
          [at.caseId, event.data.unitId, at.on, dayMeets(row.sign_for_due as string, at.on), row.notified_version],
        );
        changes.before.push(dispatchContribution(row));
        changes.after.push(...updated.rows.map((r) => dispatchContribution(r.row as Record<string, unknown>)));
      }
      return changes;
    }
    case 'RectificationPlanned': {
      const measures = event.data.measures.map((m) => ({
        measure_id: m.measureId,
        responsible_unit_id: m.responsibleUnitId,
        due_date: m.dueDate,
      }));
      if (measures.length === 0) return NONE;
      const { rows } = await ctx.query(
        `INSERT INTO ${ctx.table(DASHBOARD_MEASURES_TABLE)} AS m (case_id, measure_id, responsible_unit_id, planned_on, due_date, status)
         SELECT $1, p.measure_id, p.responsible_unit_id, $2, p.due_date, 'planned'
         FROM jsonb_to_recordset($3::jsonb) AS p (measure_id text, responsible_unit_id text, due_date date)
         ON CONFLICT (case_id, measure_id) DO NOTHING
         RETURNING to_jsonb(m) AS row`,
        [at.caseId, at.on, JSON.stringify(measures)],
      );
      return { before: [], after: rows.map((r) => measureContribution(r.row as Record<string, unknown>)) };
    }
    case 'RectificationReported':
      return setMeasure(ctx, at, event.data.measureId, 'reported', 'reported_on');
    case 'RectificationVerified':
      return setMeasure(ctx, at, event.data.measureId, 'verified', 'verified_on');
    case 'RectificationRejected':
      return setMeasure(ctx, at, event.data.measureId, 'rejected', null);
    case 'AccountabilityIssued': {
      const d = event.data;
      const { rows } = await ctx.query(
        `INSERT INTO ${ctx.table(DASHBOARD_ACCOUNTABILITY_TABLE)} (case_id, accountability_id, form, target_kind, target_unit_id, issued_on)
         SELECT $1, $2, form, $3, $4, $5 FROM unnest($6::text[]) AS form
         ON CONFLICT (case_id, accountability_id, form) DO NOTHING
         RETURNING form`,
        [at.caseId, d.accountabilityId, d.target.kind, d.target.unitId, at.on, d.forms],
      );
      if (rows.length === 0) return NONE;
      return {
        before: [],
        after: [
          accountabilityContribution(
            d.target.unitId,
            rows.map((r) => r.form as string),
          ),
        ],
      };
    }
    default:
      return NONE;
  }
}

async function insertDispatch(
  ctx: ProjectionContext,
  at: EventPlace,
  unitId: string,
  role: UnitRole,
  signForDue: LocalDate,
): Promise<RowChanges> {
  const { rows } = await ctx.query(
    `INSERT INTO ${ctx.table(DASHBOARD_CASE_UNITS_TABLE)} AS u (case_id, notified_version, unit_id, role, notified_on, sign_for_due, sign_for_late_from)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (case_id, notified_version) DO NOTHING
     RETURNING to_jsonb(u) AS row`,
    [at.caseId, at.version, unitId, role, at.on, signForDue, lateFrom(signForDue)],
  );
  return { before: [], after: rows.map((r) => dispatchContribution(r.row as Record<string, unknown>)) };
}

async function endDispatch(
  ctx: ProjectionContext,
  at: EventPlace,
  unitId: string,
  endedBy: 'disputed' | 'transferred',
): Promise<RowChanges> {
  const t = ctx.table(DASHBOARD_CASE_UNITS_TABLE);
  return changed(
    ctx,
    `UPDATE ${t} AS u SET ended_on = $3, ended_by = $4
       FROM (SELECT case_id AS old_case, notified_version AS old_version, to_jsonb(o) AS old_row FROM ${t} o
              WHERE o.case_id = $1 AND o.unit_id = $2 AND o.ended_on IS NULL) old
      WHERE u.case_id = old.old_case AND u.notified_version = old.old_version
      RETURNING old.old_row, to_jsonb(u) AS new_row`,
    [at.caseId, unitId, at.on, endedBy],
    dispatchContribution,
  );
}

/** Moves a measure to `status`, stamping `dayColumn` (if any) with the event's date. */
async function setMeasure(
  ctx: ProjectionContext,
  at: EventPlace,
  measureId: string,
  status: 'reported' | 'verified' | 'rejected',
  dayColumn: 'reported_on' | 'verified_on' | null,
): Promise<RowChanges> {
  const t = ctx.table(DASHBOARD_MEASURES_TABLE);
  const stamp = dayColumn ? `, ${dayColumn} = $4::date` : '';
  return changed(
    ctx,
    `UPDATE ${t} AS m SET status = $3${stamp}
       FROM (SELECT measure_id AS old_measure, to_jsonb(o) AS old_row FROM ${t} o WHERE o.case_id = $1 AND o.measure_id = $2) old
      WHERE m.case_id = $1 AND m.measure_id = old.old_measure
      RETURNING old.old_row, to_jsonb(m) AS new_row`,
    [at.caseId, measureId, status, ...(dayColumn ? [at.on] : [])],
    measureContribution,
  );
}

/** Runs an UPDATE that returns each changed row before (`old_row`) and after (`new_row`), and their contributions. */
async function changed(
  ctx: ProjectionContext,
  sql: string,
  params: unknown[],
  contributionOf: (row: Record<string, unknown>) => Contribution,
): Promise<RowChanges> {
  const { rows } = await ctx.query(sql, params);
  return {
    before: rows.map((r) => contributionOf(r.old_row as Record<string, unknown>)),
    after: rows.map((r) => contributionOf(r.new_row as Record<string, unknown>)),
  };
}
