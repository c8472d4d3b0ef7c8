import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Pool } from 'pg';
import {
  beijingDateOf,
  DEADLINE_KINDS,
  isLocalDate,
  type DeadlineKind,
  type LocalDate,
  type SupervisionLevel,
  type UnitRole,
} from '@app/domain';
import { CLOCK, PG_POOL, type Clock } from '@app/platform';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import { ID_PATTERN } from '../cases/dto/text';
import { standingOf, type DeadlineStanding } from './deadline-standing';
import { DEFAULT_WARNING_WORKING_DAYS, type ListOverdueRequestDto } from './list-overdue.request.dto';
import { decodeCursor, pageOf, queryReadModel, UUID } from '../common/read-model-page';

/** One open deadline of one unit on one case, red or yellow today. */
export interface OverdueItem extends DeadlineStanding {
  caseId: string;
  title: string;
  category: string;
  urgency: string;
  /** 1, or more after reopening (重办). */
  round: number;
  unitId: string;
  unitRole: UnitRole;
  responsibleLeader: string;
  kind: DeadlineKind;
  dueDate: LocalDate;
  /** The deadline scheduler has recorded DeadlinePassed for this due date. */
  deadlinePassedRecorded: boolean;
  /** Supervision issued to the unit since this deadline was set: how often, and the highest level. */
  supervision: { count: number; level: SupervisionLevel | null; lastIssuedAt: string | null };
  /** Extensions (延期) granted on this deadline: total working days and the due date before the first. */
  extension: { times: number; grantedWorkingDays: number; previousDue: LocalDate } | null;
}

export interface OverduePage {
  /** Today in Beijing, by the server's clock: what red and yellow are counted against. */
  today: LocalDate;
  warningWorkingDays: number;
  /** Most working days overdue first (by due date), then case, unit and kind. */
  items: OverdueItem[];
  /** Pass as `cursor` for the next page (keyset); null on the last one. */
  nextCursor: string | null;
}

/** A page of the overdue list (红黄牌); `onlyUnit` restricts it to one unit's deadlines (the unit role). */
export class ListOverdueQuery extends Query<OverduePage> {
  constructor(
    readonly filters: ListOverdueRequestDto,
    readonly onlyUnit: string | null,
  ) {
    super();
  }
}

@QueryHandler(ListOverdueQuery)
export class ListOverdueHandler implements IQueryHandler<ListOverdueQuery, OverduePage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly rules: DeadlineRulesProvider,
  ) {}

  async execute({ filters: f, onlyUnit }: ListOverdueQuery): Promise<OverduePage> {
    const today = beijingDateOf(this.clock.now().toISOString());
    const { calendar } = await this.rules.current();
    const warningWorkingDays = f.warningWorkingDays ?? DEFAULT_WARNING_WORKING_DAYS;
    // Counting working days is monotonic in the due date, so the window is a date range and the
    // order "most working days overdue first" is the order of due dates: both stay in SQL.
    const warnUntil = calendar.addWorkingDays(today, warningWorkingDays);
    const params: unknown[] = [];
    const p = (value: unknown) => `$${params.push(value)}`;
    const where = ['d.open', `d.due_date <= ${p(warnUntil)}::date`];
    if (f.card === 'red') where.push(`d.due_date < ${p(today)}::date`);
    if (f.card === 'yellow') where.push(`d.due_date >= ${p(today)}::date`);
    if (onlyUnit) where.push(`d.unit_id = ${p(onlyUnit)}`);
    if (f.unitId) where.push(`d.unit_id = ${p(f.unitId)}`);
    if (f.kind) where.push(`d.kind = ${p(f.kind)}`);
    if (f.cursor) {
      const [due, caseId, unitId, kind] = decodeCursor(f.cursor, [
        isLocalDate,
        (s) => UUID.test(s),
        (s) => ID_PATTERN.test(s),
        (s) => (DEADLINE_KINDS as readonly string[]).includes(s),
      ]);
      where.push(`(d.due_date, d.case_id, d.unit_id, d.kind) > (${p(due)}::date, ${p(caseId)}::uuid, ${p(unitId)}, ${p(kind)})`);
    }
    const limit = f.limit ?? 20;
    const rows = await queryReadModel(
      this.pool,
      'overdue',
      `SELECT d.*, d.due_date::text AS due, d.due_before_extension::text AS due_before, c.title, c.category, c.urgency
         FROM overdue_deadlines d JOIN overdue_cases c USING (case_id)
        WHERE ${where.join(' AND ')}
        ORDER BY d.due_date, d.case_id, d.unit_id, d.kind LIMIT ${p(limit + 1)}`,
      params,
    );
    const page = pageOf(
      rows,
      limit,
      (r) => toItem(r, standingOf(calendar, r.due as string, today)),
      (r) => [r.due, r.case_id, r.unit_id, r.kind] as string[],
    );
    return { today, warningWorkingDays, ...page };
  }
}

function toItem(r: Record<string, unknown>, standing: DeadlineStanding): OverdueItem {
  const extended = (r.extension_times as number) > 0;
  return {
    caseId: r.case_id as string,
    title: r.title as string,
    category: r.category as string,
    urgency: r.urgency as string,
    round: r.round as number,
    unitId: r.unit_id as string,
    unitRole: r.unit_role as UnitRole,
    responsibleLeader: r.responsible_leader as string,
    kind: r.kind as DeadlineKind,
    dueDate: r.due as string,
    ...standing,
    deadlinePassedRecorded: r.deadline_passed as boolean,
    supervision: {
      count: r.supervision_count as number,
      level: r.supervision_level as SupervisionLevel | null,
      lastIssuedAt: r.last_supervised_at instanceof Date ? r.last_supervised_at.toISOString() : null,
    },
    extension: extended
      ? { times: r.extension_times as number, grantedWorkingDays: r.extension_working_days as number, previousDue: r.due_before as string }
      : null,
  };
}
