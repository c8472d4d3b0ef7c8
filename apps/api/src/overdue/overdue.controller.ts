import { CALENDAR_YEAR_MISSING, UnitErrors } from '@app/domain';
import { Answers, Problems, READ_MODEL_PROBLEMS } from '../common/api-contract';
import { OVERDUE_MEASURES_PAGE, OVERDUE_PAGE } from './overdue.responses';
import { Get, Query, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import type { OverdueJsonPage } from '@app/projections/overdue/overdue.reader';
import { sendJsonParts, utf8 } from '../common/json-body';
import { Caller, type RequestContext } from '../common/request-context';
import { PageRoute, ReadRoutes } from '../common/routes.decorator';
import { ListOverdueQuery } from './list-overdue.query';
import { ListOverdueRequestDto } from './list-overdue.request.dto';
import { ListOverdueMeasuresQuery, type OverdueMeasuresPage } from './list-overdue-measures.query';
import { ListOverdueMeasuresRequestDto } from './list-overdue-measures.request.dto';

/** The overdue list (红黄牌) for the supervision centre and leaders; a unit sees only its own deadlines. */
@ReadRoutes('api/v1/overdue', 'overdue', 'intake', 'unit', 'discipline', 'dashboard', 'admin')
export class OverdueController {
  constructor(private readonly queryBus: QueryBus) {}

  @Answers({ status: 200, description: 'A page of deadlines', schema: OVERDUE_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  // Working days are counted on the calendar in force: a year it lacks is 422.
  @Problems({ 422: [CALENDAR_YEAR_MISSING, UnitErrors.UNIT_NOT_FOUND] })
  @PageRoute('Open deadlines passed (red) or due within the warning window (yellow), per unit and kind, most working days overdue first')
  async list(@Query() request: ListOverdueRequestDto, @Caller() caller: RequestContext, @Res() response: Response): Promise<void> {
    const page: OverdueJsonPage = await this.queryBus.execute(new ListOverdueQuery(request, caller));
    // The items come as JSON the rows mostly store (overdue.item.ts): the page is joined, not serialised.
    const { today, warningWorkingDays, items, nextCursor } = page;
    sendJsonParts(response, [
      utf8(
        `{"today":${JSON.stringify(today)},"warningWorkingDays":${warningWorkingDays},"items":[${items.join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`,
      ),
    ]);
  }

  @Get('measures')
  @ApiOperation({
    summary:
      'The measures’ red and yellow cards: every open deadline of a measure of the cases and findings — its due date while owed, ' +
      'its 回头看 date while verified — passed or due within the warning window, earliest first (keyset: pass nextCursor as cursor)',
  })
  @Answers({ status: 200, description: 'A page of measure deadlines', schema: OVERDUE_MEASURES_PAGE })
  @Problems(READ_MODEL_PROBLEMS)
  @Problems({ 422: [CALENDAR_YEAR_MISSING, UnitErrors.UNIT_NOT_FOUND] })
  measures(@Query() request: ListOverdueMeasuresRequestDto, @Caller() caller: RequestContext): Promise<OverdueMeasuresPage> {
    return this.queryBus.execute(new ListOverdueMeasuresQuery(request, caller));
  }
}
