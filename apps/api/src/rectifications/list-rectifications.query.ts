import { BadRequestException, Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import { beijingDateOf, isLocalDate, type LocalDate } from '@app/domain';
import { CLOCK, PG_POOL, type Clock } from '@app/platform';
import { decodeCursor, pageOf, queryReadModel, UUID } from '../common/read-model-page';
import type { ListRectificationsRequestDto, ShownMeasureStatus } from './list-rectifications.request.dto';

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

export interface RectificationPage {
  /** Today in Beijing, by the server's clock: what `overdue` is counted against. */
  today: LocalDate;
  /** Earliest due date first, then case and measure. */
  items: RectificationItem[];
  /** Pass as `cursor` for the next page (keyset); null on the last one. */
  nextCursor: string | null;
}

/** A page of the rectification tracker; `onlyUnit` restricts it to measures the unit is responsible for or leads. */
export class ListRectificationsQuery extends Query<RectificationPage> {
  constructor(
    readonly filters: ListRectificationsRequestDto,
    readonly onlyUnit: string | null,
  ) {
    super();
  }
}

@QueryHandler(ListRectificationsQuery)
export class ListRectificationsHandler implements IQueryHandler<ListRectificationsQuery, RectificationPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filters: f, onlyUnit }: ListRectificationsQuery): Promise<RectificationPage> {
    if (f.dueFrom && f.dueTo && f.dueFrom > f.dueTo) {
      const message = 'dueTo must not be before dueFrom';
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: [{ field: 'dueTo', message }] });
    }
    const today = beijingDateOf(this.clock.now().toISOString());
    const params: unknown[] = [today];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where: string[] = [];
    if (onlyUnit) {
      const unit = p(onlyUnit);
      where.push(`(responsible_unit_id = ${unit} OR lead_unit_id = ${unit})`);
    }
    if (f.status) where.push(`shown_status = ${p(f.status)}`);
    if (f.responsibleUnitId) where.push(`responsible_unit_id = ${p(f.responsibleUnitId)}`);
    if (f.dueFrom) where.push(`due_date >= ${p(f.dueFrom)}::date`);
    if (f.dueTo) where.push(`due_date <= ${p(f.dueTo)}::date`);
    if (f.cursor) {
      const [due, caseId, measureId] = decodeCursor(f.cursor, [isLocalDate, (s) => UUID.test(s), (s) => /^M\d{1,6}$/.test(s)]);
      where.push(`(due_date, case_id, measure_id) > (${p(due)}::date, ${p(caseId)}::uuid, ${p(measureId)})`);
    }
    const limit = f.limit ?? 20;
    // A planned or rejected measure whose due day has ended in Beijing is overdue (逾期未整改).
    const rows = await queryReadModel(
      this.pool,
      'rectifications',
      `SELECT * FROM (
         SELECT m.*, m.due_date::text AS due,
                CASE WHEN m.status IN ('planned', 'rejected') AND m.due_date < $1::date THEN 'overdue' ELSE m.status END AS shown_status
           FROM rectification_measures m) shown
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY due_date, case_id, measure_id LIMIT ${p(limit + 1)}`,
      params,
    );
    return { today, ...pageOf(rows, limit, toItem, (r) => [r.due, r.case_id, r.measure_id] as string[]) };
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
    plannedAt: (r.planned_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}
