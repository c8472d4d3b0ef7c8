import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf, type LocalDate } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import { standingOf, type DeadlineStanding } from '@app/projections/overdue/deadline-standing';
import type { Page } from '@app/projections/runner/keyset';
import { OverdueMeasuresReader, type OverdueMeasureRow } from '@app/projections/rectifications/overdue-measures.reader';
import { rectificationsProjection } from '@app/projections/rectifications/rectifications.projection';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import { DEFAULT_WARNING_WORKING_DAYS } from './list-overdue.request.dto';
import type { ListOverdueMeasuresRequestDto } from './list-overdue-measures.request.dto';

export type OverdueMeasureItem = OverdueMeasureRow & DeadlineStanding;
export interface OverdueMeasuresPage extends Page<OverdueMeasureItem> {
  today: LocalDate;
  warningWorkingDays: number;
}

/** A page of the measures' red and yellow cards as `caller` may see it: a unit sees what it is responsible for or answers for. */
export class ListOverdueMeasuresQuery extends Query<OverdueMeasuresPage> {
  constructor(
    readonly request: ListOverdueMeasuresRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/** Counted as the cases' deadlines are: against today in Beijing, on the working calendar in force, with the same cards. */
@QueryHandler(ListOverdueMeasuresQuery)
export class ListOverdueMeasuresHandler implements IQueryHandler<ListOverdueMeasuresQuery, OverdueMeasuresPage> {
  constructor(
    private readonly reader: OverdueMeasuresReader,
    private readonly positions: ProjectionPositions,
    private readonly rules: DeadlineRulesProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request: { after, warningWorkingDays, ...filter }, caller }: ListOverdueMeasuresQuery): Promise<OverdueMeasuresPage> {
    await this.positions.waitFor(rectificationsProjection, after);
    const today = beijingDateOf(this.clock.now().toISOString());
    const { calendar } = await this.rules.current({ forQuery: true });
    const warning = warningWorkingDays ?? DEFAULT_WARNING_WORKING_DAYS;
    const page = await this.reader.page({
      ...filter,
      today,
      warnUntil: calendar.addWorkingDays(today, warning),
      warningWorkingDays: warning,
      unitScope: unitScopeOf(caller),
    });
    return {
      today,
      warningWorkingDays: warning,
      items: page.items.map((row) => ({ ...row, ...standingOf(calendar, row.dueDate, today) })),
      nextCursor: page.nextCursor,
    };
  }
}
