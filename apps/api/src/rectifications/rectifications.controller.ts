import { Answers, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { RECTIFICATION_PAGE } from './rectifications.responses';
import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Caller, type RequestContext } from '../common/request-context';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { ListRectificationsQuery, type ListedRectificationPage } from './list-rectifications.query';
import { ListRectificationsRequestDto } from './list-rectifications.request.dto';
import { UNIT_FILTER_PROBLEMS } from '../units/registered-unit-filter';

/** The rectification tracker (整改台账); a unit sees the measures it is responsible for or leads. */
@ReadRoutes('api/v1/rectifications', 'rectifications', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class RectificationsController {
  constructor(private readonly queryBus: QueryBus) {}

  @Answers({ status: 200, description: 'A page of measures', schema: RECTIFICATION_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(UNIT_FILTER_PROBLEMS)
  @PageRoute('Rectification measures with responsible unit and leader, due date and status, earliest due first')
  list(@Query() request: ListRectificationsRequestDto, @Caller() caller: RequestContext): Promise<ListedRectificationPage> {
    return this.queryBus.execute(new ListRectificationsQuery(request, caller));
  }
}
