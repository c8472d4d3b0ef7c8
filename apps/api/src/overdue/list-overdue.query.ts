import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { beijingDateOf } from '@app/domain';
import { CLOCK, type Clock } from '@app/platform';
import { overdueProjection } from '@app/projections/overdue/overdue.projection';
import { OverdueReader, type OverdueJsonPage } from '@app/projections/overdue/overdue.reader';
import { DeadlineRulesProvider } from '../admin/deadline-rules.provider';
import { ProjectionPositions } from '../common/projection-positions';
import type { RequestContext } from '../common/request-context';
import { unitScopeOf } from '../common/unit-scope';
import { DEFAULT_WARNING_WORKING_DAYS, type ListOverdueRequestDto } from './list-overdue.request.dto';

/** A page of the overdue list (红黄牌) as `caller` may see it, its items as JSON text: a unit sees only its own deadlines. */
export class ListOverdueQuery extends Query<OverdueJsonPage> {
  constructor(
    readonly request: ListOverdueRequestDto,
    readonly caller: RequestContext,
  ) {
    super();
  }
}

/** Red and yellow are counted against today in Beijing on the working calendar in force. */
@QueryHandler(ListOverdueQuery)
export class ListOverdueHandler implements IQueryHandler<ListOverdueQuery, OverdueJsonPage> {
  constructor(
    private readonly reader: OverdueReader,
    private readonly positions: ProjectionPositions,
    private readonly rules: DeadlineRulesProvider,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request: { after, warningWorkingDays, ...filter }, caller }: ListOverdueQuery): Promise<OverdueJsonPage> {
    await this.positions.waitFor(overdueProjection, after);
    const today = beijingDateOf(this.clock.now().toISOString());
    const { calendar } = await this.rules.current({ forQuery: true });
    return this.reader.pageJson({
      ...filter,
      today,
      calendar,
      warningWorkingDays: warningWorkingDays ?? DEFAULT_WARNING_WORKING_DAYS,
      unitScope: unitScopeOf(caller),
    });
  }
}
