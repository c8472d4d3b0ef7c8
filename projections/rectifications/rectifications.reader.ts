import { isLocalDate, type LocalDate } from '@app/domain';
import { decodeCursor, readPage, UUID, type Page } from '../runner/keyset';
import type { Queryable } from '../runner/read-model-query';
import { instant } from '../runner/row-values';
import { WhereClause } from '../runner/where-clause';

/** The read model's name: its checkpoint, its rebuild, its errors. */
export const RECTIFICATIONS_READ_MODEL = 'rectifications';
/** Its view, one row per measure: the DDL creates it, the projection fills it, only this reader reads it. */
export const RECTIFICATION_MEASURES_TABLE = 'rectification_measures';

/** What the tracker shows: the stored status, or `overdue` for a planned or rejected measure past its due date. */
export const MEASURE_STATUSES = ['planned', 'overdue', 'reported', 'verified', 'rejected'] as const;
export type ShownMeasureStatus = (typeof MEASURE_STATUSES)[number];

/** Which measures; every filter is optional and they combine with AND. */
export interface RectificationFilter {
  /** Today in Beijing: what `overdue` is counted against. */
  today: LocalDate;
  /** The unit a unit caller is confined to: measures it is responsible for or leads (null: not confined). */
  unitScope: string | null;
  status?: ShownMeasureStatus;
  responsibleUnitId?: string;
  /** Due on or after (YYYY-MM-DD). */
  dueFrom?: string;
  /** Due on or before (YYYY-MM-DD). */
  dueTo?: string;
  cursor?: string;
  limit?: number;
}

/** One rectification measure (整改措施) as the tracker shows it. */
export interface RectificationItem {
  caseId: string;
  measureId: string;
  description: string;
  responsibleUnitId: string;
  responsibleLeader: string;
  /** The case's lead unit (主办单位), which planned the measure. */
  leadUnitId: string;
  dueDate: LocalDate;
  status: ShownMeasureStatus;
  timesReported: number;
  /** Times the verification (验收) rejected the reported rectification. */
  timesRejected: number;
  plannedAt: string;
  updatedAt: string;
}

export interface RectificationPage extends Page<RectificationItem> {
  /** Today in Beijing, by the server's clock: what `overdue` is counted against. */
  today: LocalDate;
}

/** The rectification tracker (整改台账): earliest due date first, then case and measure. */
export class RectificationsReader {
  constructor(private readonly db: Queryable) {}

  async page(f: RectificationFilter): Promise<RectificationPage> {
    const where = new WhereClause(f.today); // $1, what `overdue` is counted against
    const p = where.param;
    if (f.unitScope) {
      const unit = p(f.unitScope);
      where.add(`(responsible_unit_id = ${unit} OR lead_unit_id = ${unit})`);
    }
    if (f.status) where.add(`shown_status = ${p(f.status)}`);
    if (f.responsibleUnitId) where.add(`responsible_unit_id = ${p(f.responsibleUnitId)}`);
    if (f.dueFrom) where.add(`due_date >= ${p(f.dueFrom)}::date`);
    if (f.dueTo) where.add(`due_date <= ${p(f.dueTo)}::date`);
    if (f.cursor) {
      const [due, caseId, measureId] = decodeCursor(f.cursor, [isLocalDate, (s) => UUID.test(s), (s) => /^M\d{1,6}$/.test(s)]);
      where.add(`(due_date, case_id, measure_id) > (${p(due)}::date, ${p(caseId)}::uuid, ${p(measureId)})`);
    }
    // A planned or rejected measure whose due day has ended in Beijing is overdue (逾期未整改).
    const page = await readPage(this.db, RECTIFICATIONS_READ_MODEL, {
      sql: `SELECT * FROM (
              SELECT m.*, m.due_date::text AS due,
                     CASE WHEN m.status IN ('planned', 'rejected') AND m.due_date < $1::date THEN 'overdue' ELSE m.status END AS shown_status
                FROM ${RECTIFICATION_MEASURES_TABLE} m) shown
             ${where.sql}
             ORDER BY due_date, case_id, measure_id`,
      params: where.params,
      limit: f.limit,
      toItem,
      keyOf: (r) => [r.due, r.case_id, r.measure_id] as string[],
    });
    return { today: f.today, ...page };
  }
}

function toItem(r: Record<string, unknown>): RectificationItem {
  return {
    caseId: r.case_id as string,
    measureId: r.measure_id as string,
    description: r.description as string,
    responsibleUnitId: r.responsible_unit_id as string,
    responsibleLeader: r.responsible_leader as string,
    leadUnitId: r.lead_unit_id as string,
    dueDate: r.due as string,
    status: r.shown_status as ShownMeasureStatus,
    timesReported: r.times_reported as number,
    timesRejected: r.times_rejected as number,
    plannedAt: instant(r.planned_at),
    updatedAt: instant(r.updated_at),
  };
}
