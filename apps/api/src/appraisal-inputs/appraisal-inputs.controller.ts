import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { appraisalInputsDecider, appraisalStreamId, type AppraisalInputsCommand } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { CLOCK, type Clock } from '@app/platform';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { IdempotencyInterceptor } from '../common/idempotency/idempotency.interceptor';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles, RolesGuard } from '../common/roles.guard';
import { VersionEtagInterceptor } from '../common/version-etag.interceptor';
import { UnitDirectory } from '../units/unit-directory';
import { UnitIdPipe } from '../units/unit-id.pipe';
import * as Dto from './appraisal-inputs.request.dto';
import { ExecuteAppraisalInputCommand } from './execute-appraisal-input-command';

type InputCommand<T extends AppraisalInputsCommand['type']> = Omit<
  Extract<AppraisalInputsCommand, { type: T }>,
  'at' | 'unitId' | 'year' | 'unitKind'
>;

/**
 * Appraisal inputs (DESIGN.md §5) recorded by the appraisal office: survey, concentrated-evaluation
 * and online-vote scores, and daily-inspection deductions, per unit and year. Scoring is the read side's.
 */
@ApiTags('appraisal inputs')
@ApiHeader({ name: 'X-Actor', required: true })
@ApiHeader({ name: 'X-Role', required: true })
@Controller('api/v1/appraisal-inputs/:year/units/:unitId')
@UseGuards(RolesGuard)
@UseInterceptors(IdempotencyInterceptor, VersionEtagInterceptor)
export class AppraisalInputsController {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly units: UnitDirectory,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Post('survey-score')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Record the sampling-survey score (抽样问卷调查); a later record corrects it' })
  survey(
    @Param('year', ParseIntPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.SurveyScoreRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.record(year, unitId, { type: 'RecordSurveyScore', ...dto }, caller, c);
  }

  @Post('concentrated-evaluation-score')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Record the concentrated-evaluation score (集中评议), departments and towns' })
  evaluation(
    @Param('year', ParseIntPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.ConcentratedEvaluationScoreRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.record(year, unitId, { type: 'RecordConcentratedEvaluationScore', ...dto }, caller, c);
  }

  @Post('online-vote-score')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Record the online-vote score (网上投票), service windows' })
  onlineVote(
    @Param('year', ParseIntPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.OnlineVoteScoreRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    return this.record(year, unitId, { type: 'RecordOnlineVoteScore', ...dto }, caller, c);
  }

  @Post('inspection-deductions')
  @HttpCode(200)
  @AllowedRoles('admin')
  @ApiOperation({ summary: 'Record a daily-inspection deduction (日常督查扣分)' })
  deduction(
    @Param('year', ParseIntPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.InspectionDeductionRequestDto,
    @Caller() caller: RequestContext,
    @Conditions() c: CommandConditions,
  ) {
    const { kind, personTimes, pointsPerPersonTime, count, ...rest } = dto;
    const basis =
      kind === 'conduct' ? { kind, personTimes: personTimes!, pointsPerPersonTime: pointsPerPersonTime! } : { kind, count: count! };
    return this.record(year, unitId, { type: 'RecordInspectionDeduction', ...rest, ...basis }, caller, c);
  }

  @Get()
  @AllowedRoles('admin', 'discipline', 'dashboard')
  async get(@Param('year', ParseIntPipe) year: number, @Param('unitId', UnitIdPipe) unitId: string) {
    const { state, version } = await loadAggregate(this.store, appraisalStreamId(unitId, year), appraisalInputsDecider);
    return { unitId, year, version, inputs: state };
  }

  private async record<T extends AppraisalInputsCommand['type']>(
    year: number,
    unitId: string,
    input: InputCommand<T>,
    caller: RequestContext,
    c: CommandConditions,
  ) {
    const unit = await this.units.requireActive(unitId, 'unitId');
    const command = {
      ...input,
      at: this.clock.now().toISOString(),
      unitId,
      year,
      unitKind: unit.kind,
    } as unknown as AppraisalInputsCommand;
    return this.commandBus.execute(new ExecuteAppraisalInputCommand(command, caller, c));
  }
}
