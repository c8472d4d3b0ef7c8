import { BadRequestException, Body, Get, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  CALENDAR_YEAR_MISSING,
  CalendarPublicationErrors,
  TimeLimitPublicationErrors,
} from '@app/domain';
import { Answers, codesOf, Problems, YearParam } from '../common/api-contract';
import { YearInRangePipe, YearPipe } from '../common/year.pipe';
import { ExpectedRevision } from '../common/publication-revision';
import { Caller, ROLES, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { PublicationRoute, PublicationRoutes } from '../common/routes.decorator';
import { CALENDAR_YEAR, PUBLICATION_RESULT, TIME_LIMITS } from './admin.responses';
import { PublishCalendarYearBody, PublishTimeLimitPolicyBody, urgencyOverrideTypeErrors, type PublicationResult } from './admin.dto';
import { GetCalendarYearQuery, GetTimeLimitsQuery, type CalendarYearView, type TimeLimitsView } from './deadline-rules-in-force.query';
import { PublishCalendarYearMessage, PublishTimeLimitPolicyMessage } from './publish-deadline-rules.handler';

/** The official calendar and the time limits (办理时限) that due dates are computed with. */
@PublicationRoutes('api/v1/admin')
export class AdminController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
  ) {}

  @YearParam()
  @PublicationRoute('calendar/:year', {
    summary: "Publish (or amend) a year's official holidays and make-up working days (国务院节假日安排)",
    inForce: PUBLICATION_RESULT,
    rulesBroken: codesOf(CalendarPublicationErrors),
  })
  publishCalendarYear(
    @Param('year', YearPipe) year: number,
    @Body() body: PublishCalendarYearBody,
    @Caller() caller: RequestContext,
    @ExpectedRevision() expectedRevision: number | undefined,
  ): Promise<PublicationResult> {
    return this.commandBus.execute(
      new PublishCalendarYearMessage({ type: 'PublishCalendarYear', year, ...body }, caller, expectedRevision),
    );
  }

  @Get('calendar/:year')
  @YearParam()
  @AllowedRoles(...ROLES) // what is in force: every signed-in role reads it
  @ApiOperation({ summary: 'The calendar data in force for a year, with its version' })
  @Answers({
    status: 200,
    description: 'The calendar in force (ETag: its revision, for If-Match)',
    schema: CALENDAR_YEAR,
    headers: ['ETag'],
  })
  @Problems({ 404: [CALENDAR_YEAR_MISSING] })
  // Outside the years a calendar may be published for, a 400 naming `year` (no publication could fill it), not 404.
  calendarYear(@Param('year', new YearInRangePipe(CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR)) year: number): Promise<CalendarYearView> {
    return this.queryBus.execute(new GetCalendarYearQuery(year));
  }

  @PublicationRoute('time-limits', {
    summary: 'Publish the time-limit policy (categories, sign-for, urgency overrides); replaces the one in force',
    inForce: PUBLICATION_RESULT,
    rulesBroken: codesOf(TimeLimitPublicationErrors),
  })
  publishTimeLimits(
    @Body() body: PublishTimeLimitPolicyBody,
    @Caller() caller: RequestContext,
    @ExpectedRevision() expectedRevision: number | undefined,
  ): Promise<PublicationResult> {
    const wrongType = urgencyOverrideTypeErrors(body.urgencyOverrides);
    if (wrongType.length > 0)
      throw new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields', errors: wrongType });
    const request = {
      type: 'PublishTimeLimitPolicy' as const,
      categories: body.categories.map(({ code, label, handlingWorkingDays }) => ({ code, label, handlingWorkingDays })),
      signForWorkingDays: body.signForWorkingDays,
      urgencyOverrides: body.urgencyOverrides,
    };
    return this.commandBus.execute(new PublishTimeLimitPolicyMessage(request, caller, expectedRevision));
  }

  @Get('time-limits')
  @AllowedRoles(...ROLES) // what is in force: every signed-in role reads it
  @ApiOperation({ summary: 'The time-limit policy in force, with its version' })
  @Answers({ status: 200, description: 'The policy in force (ETag: its revision, for If-Match)', schema: TIME_LIMITS, headers: ['ETag'] })
  timeLimits(): Promise<TimeLimitsView> {
    return this.queryBus.execute(new GetTimeLimitsQuery());
  }
}
