import { Body, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import { YearParam } from '../common/api-contract';
import { Sender, type CommandSender } from '../common/command-sender';
import { YearPipe } from '../common/year.pipe';
import { CommandRoutes } from '../common/routes.decorator';
import { UnitIdPipe } from '../units/unit-id.pipe';
import { AppraisalInputCommandMessage } from './appraisal-input-command.handler';
import * as Dto from './appraisal-inputs.request.dto';
import { InputRoute, WithdrawalRoute } from './appraisal-inputs.responses';
import { DeductionIdPipe } from './deduction-id.pipe';

/**
 * Appraisal inputs recorded by the appraisal office: survey, concentrated-evaluation and online-vote
 * scores, and daily-inspection deductions (and their withdrawal, 撤销扣分), per unit and year
 * (docs/rules.md#appraisal-inputs).
 * Scoring is the read side's.
 */
@YearParam()
@CommandRoutes('api/v1/appraisal-inputs/:year/units/:unitId', 'appraisal inputs')
export class AppraisalInputsController {
  constructor(private readonly commandBus: CommandBus) {}

  @InputRoute('survey-score')
  @ApiOperation({ summary: 'Record the sampling-survey score (抽样问卷调查); a later record corrects it' })
  survey(
    @Param('year', YearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.SurveyScoreRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(new AppraisalInputCommandMessage({ type: 'RecordSurveyScore', unitId, year, ...dto }, sender));
  }

  @InputRoute('concentrated-evaluation-score')
  @ApiOperation({ summary: 'Record the concentrated-evaluation score (集中评议), departments and towns' })
  evaluation(
    @Param('year', YearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.ConcentratedEvaluationScoreRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(
      new AppraisalInputCommandMessage({ type: 'RecordConcentratedEvaluationScore', unitId, year, ...dto }, sender),
    );
  }

  @InputRoute('online-vote-score')
  @ApiOperation({ summary: 'Record the online-vote score (网上投票), service windows' })
  onlineVote(
    @Param('year', YearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.OnlineVoteScoreRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(new AppraisalInputCommandMessage({ type: 'RecordOnlineVoteScore', unitId, year, ...dto }, sender));
  }

  @InputRoute('inspection-deductions')
  @ApiOperation({ summary: 'Record a daily-inspection deduction (日常督查扣分)' })
  deduction(
    @Param('year', YearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Body() dto: Dto.InspectionDeductionRequestDto,
    @Sender() sender: CommandSender,
  ) {
    const { kind, personTimes, pointsPerPersonTime, count, ...rest } = dto;
    const basis =
      kind === 'conduct' ? { kind, personTimes: personTimes!, pointsPerPersonTime: pointsPerPersonTime! } : { kind, count: count! };
    return this.commandBus.execute(
      new AppraisalInputCommandMessage({ type: 'RecordInspectionDeduction', unitId, year, ...rest, ...basis }, sender),
    );
  }

  @WithdrawalRoute('inspection-deductions/:deductionId/withdrawal')
  @ApiOperation({
    summary:
      'Withdraw a daily-inspection deduction recorded in error (撤销扣分): its record stays in the stream, it counts nowhere from now on, its id stays taken',
  })
  withdrawDeduction(
    @Param('year', YearPipe) year: number,
    @Param('unitId', UnitIdPipe) unitId: string,
    @Param('deductionId', DeductionIdPipe) deductionId: string,
    @Body() dto: Dto.WithdrawInspectionDeductionRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(
      new AppraisalInputCommandMessage({ type: 'WithdrawInspectionDeduction', unitId, year, deductionId, reason: dto.reason }, sender),
    );
  }
}
