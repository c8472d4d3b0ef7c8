import { Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { CaseListJsonPage } from '@app/projections/case-list/case-list.reader';
import { Answers, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { sendJsonParts, utf8 } from '../common/json-body';
import { Caller, type RequestContext } from '../common/request-context';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { CASE_LIST_PAGE } from './case-list.responses';
import { ListCasesQuery } from './list-cases.query';
import { ListCasesRequestDto } from './list-cases.request.dto';
import { UNIT_FILTER_PROBLEMS } from '../units/registered-unit-filter';

/**
 * The case list (案件列表) from the case-list read model; a unit only ever sees its own cases. Leaders
 * (dashboard) read it too, to open the cases behind a figure of the dashboard: its rows carry no
 * complainant data (as the overdue list they already read), only the case's title, units and dates.
 */
@ReadRoutes('api/v1/cases', 'cases', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class CaseListController {
  constructor(private readonly queryBus: QueryBus) {}

  @Answers({ status: 200, description: 'A page of cases', schema: CASE_LIST_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems(UNIT_FILTER_PROBLEMS)
  @PageRoute('Cases, filtered and sorted, a page at a time')
  async list(@Query() request: ListCasesRequestDto, @Caller() caller: RequestContext, @Res() response: Response): Promise<void> {
    const page: CaseListJsonPage = await this.queryBus.execute(new ListCasesQuery(request, caller));
    // The items come as the JSON the rows store (case-list.item.ts): the page is joined, not serialised.
    sendJsonParts(response, [utf8(`{"items":[${page.items.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`)]);
  }
}
