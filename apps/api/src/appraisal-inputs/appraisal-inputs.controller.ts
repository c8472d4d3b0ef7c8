import { Body, Get, HttpCode, Inject, Param, ParseIntPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { appraisalInputsDecider, appraisalStreamId } from '@app/domain';
import { EVENT_STORE, loadAggregate, type EventStore } from '@app/event-store';
import { Conditions, type CommandConditions } from '../common/command-conditions';
import { Caller, type RequestContext } from '../common/request-context';
import { AllowedRoles } from '../common/roles.guard';
import { CommandRoutes } from '../common/routes.decorator';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { AppraisalInputCommandMessage } from './appraisal-input-command.handler';
import * as Dto from './appraisal-inputs.request.dto';

/**
 * Appraisal inputs recorded by the appraisal office: survey, concentrated-evaluation and online-vote
 * scores, and daily-inspection deductions, per unit and year (docs/rules.md#appraisal-inputs).
 * Scoring is the read side's.
 */
@CommandRoutes('api/v1/appraisal-inputs/:year/units/:unitId', 'appraisal inputs')
export class AppraisalInputsController {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
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
    return this.commandBus.execute(new AppraisalInputCommandMessage({ type: 'RecordSurveyScore', unitId, year, ...dto }, caller, c));
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
    return this.commandBus.execute(
      new AppraisalInputCommandMessage({ type: 'RecordConcentratedEvaluationScore', unitId, year, ...dto }, caller, c),
    );
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
    return this.commandBus.execute(new AppraisalInputCommandMessage({ type: 'RecordOnlineVoteScore', unitId, year, ...dto }, caller, c));
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
    return this.commandBus.execute(
      new AppraisalInputCommandMessage({ type: 'RecordInspectionDeduction', unitId, year, ...rest, ...basis }, caller, c),
    );
  }

  @Get()
  @AllowedRoles('admin', 'discipline', 'dashboard')
  async get(@Param('year', ParseIntPipe) year: number, @Param('unitId', UnitIdPipe) unitId: string) {
    const { state, version } = await loadAggregate(this.store, appraisalStreamId(unitId, year), appraisalInputsDecider);
    return { unitId, year, version, inputs: state };
  }
}
