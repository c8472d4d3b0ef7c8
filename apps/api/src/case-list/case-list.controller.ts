import { Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { CaseListPage } from '@app/projections/case-list/case-list.reader';
import { Caller, type RequestContext } from '../common/request-context';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { ListCasesQuery } from './list-cases.query';
import { ListCasesRequestDto } from './list-cases.request.dto';

/** The case list (案件列表) from the case-list read model; a unit only ever sees its own cases. */
@ReadRoutes('api/v1/cases', 'cases', 'intake', 'unit', 'discipline', 'admin')
export class CaseListController {
  constructor(private readonly queryBus: QueryBus) {}

  @PageRoute('Cases, filtered and sorted, a page at a time')
  list(@Query() request: ListCasesRequestDto, @Caller() caller: RequestContext): Promise<CaseListPage> {
    return this.queryBus.execute(new ListCasesQuery(request, caller));
  }
}
