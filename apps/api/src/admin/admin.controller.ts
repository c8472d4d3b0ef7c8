import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseIntPipe, Put, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  adminCalendarSource,
  CALENDAR_STREAM_ID,
  CALENDAR_YEAR_MISSING,
  policyFrom,
  TIME_LIMITS_STREAM_ID,
  type CaseCategory,
  type TimeLimitPolicy,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { PublishCalendarYearBody, PublishTimeLimitPolicyBody, type PublicationResult } from './admin.dto';
import { calendarStreamDecider, timeLimitStreamDecider } from './config-streams';
import { DeadlineRulesProvider } from './deadline-rules.provider';
import { PublishCalendarYearMessage } from './publish-calendar-year.handler';
import { PublishTimeLimitPolicyMessage } from './publish-time-limit-policy.handler';

export interface CalendarYearView {
  year: number;
  holidays: string[];
  makeUpWorkdays: string[];
  note: string | null;
  /** `admin@3` or `chinese-days@1.5.7` */
  source: string;
  /** As recorded in events that set due dates: `2027:admin@3`. */
  version: string;
  /** The publication in force (null: built-in data). */
  revision: number | null;
}

export interface TimeLimitsView {
  version: string;
  categories: readonly CaseCategory[];
  signForWorkingDays: number;
  urgencyOverrides: TimeLimitPolicy['urgencyOverrides'];
  /** The publication in force (null: the built-in default). */
  revision: number | null;
}

/** The official calendar and the time limits (办理时限) that due dates are computed with. */
@ApiTags('admin')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true, description: 'admin to publish; any role reads' })
@Controller('api/v1/admin')
@UseGuards(RolesGuard)
export class AdminController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: DeadlineRulesProvider,
  ) {}

  @Put('calendar/:year')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({ summary: "Publish (or amend) a year's official holidays and make-up working days (国务院节假日安排)" })
  @ApiResponse({ status: 200, description: 'In force: `{ version, position, revision }`' })
  @ApiResponse({ status: 422, description: 'A rule broken: INVALID_CALENDAR_YEAR, INVALID_CALENDAR_DATE, MAKE_UP_DAY_NOT_WEEKEND, …' })
  publishCalendarYear(
    @Param('year', ParseIntPipe) year: number,
    @Body() body: PublishCalendarYearBody,
    @Caller() caller: RequestContext,
  ): Promise<PublicationResult> {
    return this.commandBus.execute(new PublishCalendarYearMessage({ type: 'PublishCalendarYear', year, ...body }, caller));
  }

  @Get('calendar/:year')
  @ApiOperation({ summary: 'The calendar data in force for a year, with its version' })
  @ApiResponse({ status: 404, description: 'CALENDAR_YEAR_MISSING: neither published nor built in' })
  async calendarYear(@Param('year', ParseIntPipe) year: number): Promise<CalendarYearView> {
    const { state } = await loadAggregate(this.store, CALENDAR_STREAM_ID, calendarStreamDecider);
    const published = state.years[year];
    if (published) {
      const source = adminCalendarSource(published.revision);
      const { holidays, makeUpWorkdays, note, revision } = published;
      return { year, holidays, makeUpWorkdays, note, source, version: `${year}:${source}`, revision };
    }
    const builtIn = this.rules.builtInYear(year);
    if (!builtIn) {
      throw new NotFoundException({ code: CALENDAR_YEAR_MISSING, message: `No official calendar for ${year} has been published`, year });
    }
    return {
      year,
      holidays: [...builtIn.holidays].sort(),
      makeUpWorkdays: [...builtIn.makeUpWorkdays].sort(),
      note: null,
      source: builtIn.source,
      version: `${year}:${builtIn.source}`,
      revision: null,
    };
  }

  @Put('time-limits')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Publish the time-limit policy (categories, sign-for, urgency overrides); replaces the one in force' })
  @ApiResponse({ status: 200, description: 'In force: `{ version, position, revision }`' })
  @ApiResponse({ status: 422, description: 'A rule broken: CATEGORIES_EMPTY, INVALID_CATEGORY_CODE, UNKNOWN_URGENCY, …' })
  publishTimeLimits(@Body() body: PublishTimeLimitPolicyBody, @Caller() caller: RequestContext): Promise<PublicationResult> {
    const request = {
      type: 'PublishTimeLimitPolicy' as const,
      categories: body.categories.map(({ code, label, handlingWorkingDays }) => ({ code, label, handlingWorkingDays })),
      signForWorkingDays: body.signForWorkingDays,
      urgencyOverrides: body.urgencyOverrides,
    };
    return this.commandBus.execute(new PublishTimeLimitPolicyMessage(request, caller));
  }

  @Get('time-limits')
  @ApiOperation({ summary: 'The time-limit policy in force, with its version' })
  async timeLimits(): Promise<TimeLimitsView> {
    const { state } = await loadAggregate(this.store, TIME_LIMITS_STREAM_ID, timeLimitStreamDecider);
    const policy = policyFrom(state.current ? [{ type: 'TimeLimitPolicyPublished', data: state.current }] : []);
    const revision = state.current?.revision ?? null;
    const { version, categories, signForWorkingDays, urgencyOverrides } = policy;
    return { version, categories, signForWorkingDays, urgencyOverrides, revision };
  }
}
