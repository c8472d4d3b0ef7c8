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

  @PageRoute('Open deadlines passed (red) or due within the warning window (yellow), per unit and kind, most working days overdue first')
  list(@Query() request: ListOverdueRequestDto, @Caller() caller: RequestContext): Promise<OverduePage> {
    return this.queryBus.execute(new ListOverdueQuery(request, caller));
  }
}
