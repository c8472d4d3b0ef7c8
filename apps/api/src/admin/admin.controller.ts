import {
  BadRequestException,
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  ParseIntPipe,
  Put,
  Req,
  UnprocessableEntityException,
  UseGuards,
  UsePipes,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { randomUUID } from 'node:crypto';
import {
  adminCalendarSource,
  CALENDAR_STREAM_ID,
  CALENDAR_YEAR_MISSING,
  DomainError,
  policyFrom,
  TIME_LIMITS_STREAM_ID,
  type CaseCategory,
  type TimeLimitPolicy,
} from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { AdminRoleGuard } from './admin-role.guard';
import { PublishCalendarYearBody, PublishTimeLimitPolicyBody, type PublicationResult } from './admin.dto';
import { calendarStreamDecider, timeLimitStreamDecider } from './config-streams';
import { DeadlineRulesProvider } from './deadline-rules.provider';
import { PublishCalendarYearCommand, PublishTimeLimitPolicyCommand, type Publisher } from './publish-config.handlers';

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

/**
 * Shapes are checked here (400 VALIDATION_FAILED, listing the fields); the rules of a publication by
 * the domain (422 with the rule's code). To be replaced by the shared pipe once it is global.
 */
const validation = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) =>
    new BadRequestException({ code: 'VALIDATION_FAILED', message: 'The request has invalid fields', errors: fieldErrors(errors) }),
});

/** The official calendar and the time limits (办理时限) that due dates are computed with. */
@ApiTags('admin')
@ApiHeader({ name: 'X-Role', required: true, description: 'admin' })
@Controller('api/v1/admin')
@UseGuards(AdminRoleGuard)
@UsePipes(validation)
export class AdminController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly rules: DeadlineRulesProvider,
  ) {}

  @Put('calendar/:year')
  @HttpCode(200)
  @ApiOperation({ summary: "Publish (or amend) a year's official holidays and make-up working days (国务院节假日安排)" })
  @ApiResponse({ status: 200, description: 'In force: `{ version, position, revision }`' })
  @ApiResponse({ status: 422, description: 'A rule broken: INVALID_CALENDAR_YEAR, INVALID_CALENDAR_DATE, MAKE_UP_DAY_NOT_WEEKEND, …' })
  async publishCalendarYear(
    @Param('year', ParseIntPipe) year: number,
    @Body() body: PublishCalendarYearBody,
    @Req() request: Request,
  ): Promise<PublicationResult> {
    const command = { type: 'PublishCalendarYear' as const, at: new Date().toISOString(), year, ...body };
    return domainErrorsAs422(() => this.commandBus.execute(new PublishCalendarYearCommand(command, publisherOf(request))));
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
  @ApiOperation({ summary: 'Publish the time-limit policy (categories, sign-for, urgency overrides); replaces the one in force' })
  @ApiResponse({ status: 200, description: 'In force: `{ version, position, revision }`' })
  @ApiResponse({ status: 422, description: 'A rule broken: CATEGORIES_EMPTY, INVALID_CATEGORY_CODE, UNKNOWN_URGENCY, …' })
  async publishTimeLimits(@Body() body: PublishTimeLimitPolicyBody, @Req() request: Request): Promise<PublicationResult> {
    const command = {
      type: 'PublishTimeLimitPolicy' as const,
      at: new Date().toISOString(),
      categories: body.categories.map(({ code, label, handlingWorkingDays }) => ({ code, label, handlingWorkingDays })),
      signForWorkingDays: body.signForWorkingDays,
      urgencyOverrides: body.urgencyOverrides,
    };
    return domainErrorsAs422(() => this.commandBus.execute(new PublishTimeLimitPolicyCommand(command, publisherOf(request))));
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

/** A broken rule → 422 problem+json with the rule's code and details. */
async function domainErrorsAs422<T>(attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof DomainError) {
      throw new UnprocessableEntityException({ code: error.code, detail: error.message, ...error.details });
    }
    throw error;
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** X-Actor and X-Correlation-Id when given and well-formed (until the shared request context covers admin routes). */
function publisherOf(request: Request): Publisher {
  const actor = request.header('x-actor')?.trim();
  const correlation = request.header('x-correlation-id')?.trim();
  return {
    actorId: actor && ID.test(actor) ? actor : 'admin',
    correlationId: correlation && ID.test(correlation) ? correlation : randomUUID(),
  };
}

function fieldErrors(errors: ValidationError[], parent = ''): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}
