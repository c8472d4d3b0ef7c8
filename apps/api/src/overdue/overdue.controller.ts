import { CALENDAR_YEAR_MISSING } from '@app/domain';
import { Answers, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { OVERDUE_PAGE } from './overdue.responses';
import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { OverduePage } from '@app/projections/overdue/overdue.reader';
import { Caller, type RequestContext } from '../common/request-context';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { ListOverdueQuery } from './list-overdue.query';
import { ListOverdueRequestDto } from './list-overdue.request.dto';

/** The overdue list (红黄牌) for the supervision centre and leaders; a unit sees only its own deadlines. */
@ReadRoutes('api/v1/overdue', 'overdue', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class OverdueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Answers({ status: 200, description: 'A page of deadlines', schema: OVERDUE_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  // Working days are counted on the calendar in force: a year it lacks is 422.
  @Problems({ 422: [CALENDAR_YEAR_MISSING] })
  @PageRoute('Open deadlines passed (red) or due within the warning window (yellow), per unit and kind, most working days overdue first')
  list(@Query() request: ListOverdueRequestDto, @Caller() caller: RequestContext): Promise<OverduePage> {
    return this.queryBus.execute(new ListOverdueQuery(request, caller));
  }
}
