import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import type { FindingSource, MeasureDue, SizeClass } from '@app/domain';
import { Answers, Problems } from '../../common/api-contract';
import { creating, Sender, type CommandSender } from '../../common/command-sender';
import { AllowedRoles } from '../../common/roles.guard';
import { CommandRoutes } from '../../common/routes.decorator';
import { accountabilityTargetOf, IssueAccountabilityRequestDto } from '../../cases/dto/issue-accountability.request.dto';
import { UuidPipe } from '../../common/uuid.pipe';
import { FindingCommandMessage, type FindingCommandResult } from './finding-command.handler';
import * as Dto from './finding.request.dto';
import { FINDING_PROBLEMS, FINDING_RAISED_ANSWER, FindingCommandRoute, MeasureCommandRoute } from './finding.responses';
import { MeasureIdPipe } from './measure-id.pipe';

const FindingId = new UuidPipe('a finding id');

/** How a command on a measure is refused for the path (docs/ledger.md#findings). */
const ON_A_MEASURE =
  'A measure the finding never had is 404 MEASURE_NOT_FOUND, whatever the finding’s state (a withdrawn finding too); ' +
  'an existing measure of a withdrawn finding is 422 FINDING_WITHDRAWN; a finding the calling unit may not know, 404 FINDING_NOT_FOUND.';

/**
 * Commands on findings (问题) and their measures. Intake (and the campaign office, which works as
 * intake: docs/ledger.md) raises and withdraws findings and accepts or rejects the work (验收); the
 * unit the finding is against plans its measures, and a unit reports on its own (the unit is the
 * caller's, never the body's); discipline and intake re-check (回头看). Each route maps its body to
 * a FindingCommandMessage; FindingCommandHandler does the rest.
 */
@CommandRoutes('api/v1/findings', 'ledger')
export class FindingCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AllowedRoles('intake')
  @Answers(FINDING_RAISED_ANSWER)
  @Problems({ 422: FINDING_PROBLEMS[422]! })
  @ApiOperation({ summary: 'Raise a finding (问题) against a unit, from a campaign or standalone; who raised it is kept out of the log' })
  async raise(
    @Body() dto: Dto.RaiseFindingRequestDto,
    @Sender() sender: CommandSender,
    @Res({ passthrough: true }) response: Response,
  ): Promise<FindingCommandResult> {
    const request = {
      type: 'RaiseFinding' as const,
      source: sourceOf(dto.source),
      unitId: dto.unitId,
      category: dto.category,
      description: dto.description,
      raisedBy: { kind: dto.raisedBy.kind, name: dto.raisedBy.name, phone: dto.raisedBy.phone ?? null },
      raisedAt: dto.raisedAt ?? null,
    };
    const result = await this.commandBus.execute(new FindingCommandMessage(null, request, creating(sender)));
    response.setHeader('Location', `/api/v1/findings/${result.id}`);
    return result;
  }

  @FindingCommandRoute(':id/withdraw', 'intake')
  @ApiOperation({ summary: 'Withdraw a finding raised in error (not once work on it was verified)' })
  withdraw(@Param('id', FindingId) id: string, @Body() dto: Dto.WithdrawFindingRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new FindingCommandMessage(id, { type: 'WithdrawFinding', reason: dto.reason }, sender));
  }

  @FindingCommandRoute(':id/issue-accountability', 'discipline')
  @ApiOperation({ summary: 'Issue accountability (问责) on a finding: against its unit or a unit responsible for one of its measures' })
  issueAccountability(@Param('id', FindingId) id: string, @Body() dto: IssueAccountabilityRequestDto, @Sender() sender: CommandSender) {
    const request = {
      type: 'IssueAccountability' as const,
      target: accountabilityTargetOf(dto.target),
      forms: dto.forms,
      basis: { ...dto.basis },
    };
    return this.commandBus.execute(new FindingCommandMessage(id, request, sender));
  }

  @FindingCommandRoute(':id/measures', 'unit')
  @ApiOperation({
    summary: 'Plan measures (整改措施) as the unit the finding is against: 责任单位, 责任领导, 完成时限, size class, category',
  })
  plan(@Param('id', FindingId) id: string, @Body() dto: Dto.PlanMeasuresRequestDto, @Sender() sender: CommandSender) {
    const measures = dto.measures.map((m) => ({
      description: m.description,
      responsibleUnitId: m.responsibleUnitId,
      responsibleLeader: m.responsibleLeader,
      due: dueOf(m.due),
      // A size class outside the four is the decider's INVALID_SIZE_CLASS (422, naming the measure).
      sizeClass: m.sizeClass as SizeClass,
      category: m.category,
    }));
    return this.commandBus.execute(
      new FindingCommandMessage(id, { type: 'PlanMeasures', unitId: sender.caller.unitId!, measures }, sender),
    );
  }

  @MeasureCommandRoute(':id/measures/:mid/progress', 'unit')
  @ApiOperation({ summary: 'Report progress (进展) on a measure the calling unit answers for', description: ON_A_MEASURE })
  progress(
    @Param('id', FindingId) id: string,
    @Param('mid', MeasureIdPipe) measureId: string,
    @Body() dto: Dto.MeasureProgressRequestDto,
    @Sender() sender: CommandSender,
  ) {
    const request = { type: 'ReportMeasureProgress' as const, unitId: sender.caller.unitId!, measureId, progress: dto.progress };
    return this.commandBus.execute(new FindingCommandMessage(id, request, sender));
  }

  @MeasureCommandRoute(':id/measures/:mid/completion', 'unit')
  @ApiOperation({ summary: 'Report a measure done (完成); its instant decides whether the due date was met', description: ON_A_MEASURE })
  completion(
    @Param('id', FindingId) id: string,
    @Param('mid', MeasureIdPipe) measureId: string,
    @Body() dto: Dto.MeasureCompletionRequestDto,
    @Sender() sender: CommandSender,
  ) {
    const request = { type: 'ReportMeasureCompletion' as const, unitId: sender.caller.unitId!, measureId, report: dto.report };
    return this.commandBus.execute(new FindingCommandMessage(id, request, sender));
  }

  @MeasureCommandRoute(':id/measures/:mid/verify', 'intake', 'discipline')
  @ApiOperation({ summary: 'Accept a reported measure (验收); schedules its 回头看 by the configured interval', description: ON_A_MEASURE })
  verify(
    @Param('id', FindingId) id: string,
    @Param('mid', MeasureIdPipe) measureId: string,
    @Body() dto: Dto.VerifyMeasureRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(
      new FindingCommandMessage(id, { type: 'VerifyMeasure', measureId, approve: true, note: dto.note ?? null }, sender),
    );
  }

  @MeasureCommandRoute(':id/measures/:mid/reject', 'intake', 'discipline')
  @ApiOperation({ summary: 'Reject a reported measure (验收不通过), saying why: the unit owes it again', description: ON_A_MEASURE })
  reject(
    @Param('id', FindingId) id: string,
    @Param('mid', MeasureIdPipe) measureId: string,
    @Body() dto: Dto.RejectMeasureRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(
      new FindingCommandMessage(id, { type: 'VerifyMeasure', measureId, approve: false, note: dto.reason }, sender),
    );
  }

  @MeasureCommandRoute(':id/measures/:mid/recheck', 'discipline', 'intake')
  @ApiOperation({
    summary: 'Re-check a verified measure (回头看): confirm it held, or reopen it with a reason and a new due date',
    description: ON_A_MEASURE,
  })
  recheck(
    @Param('id', FindingId) id: string,
    @Param('mid', MeasureIdPipe) measureId: string,
    @Body() dto: Dto.RecheckMeasureRequestDto,
    @Sender() sender: CommandSender,
  ) {
    const request = {
      type: 'RecheckMeasure' as const,
      measureId,
      confirmed: dto.confirmed,
      note: dto.note ?? null,
      newDue: dto.newDue ? dueOf(dto.newDue) : null,
    };
    return this.commandBus.execute(new FindingCommandMessage(id, request, sender));
  }
}

/** The source as the domain records it: only the id its kind names. */
function sourceOf(dto: Dto.FindingSourceDto): FindingSource {
  if (dto.kind === 'campaign') return { kind: 'campaign', campaignId: dto.campaignId!.toLowerCase() };
  if (dto.kind === 'case') return { kind: 'case', caseId: dto.caseId!.toLowerCase() };
  return { kind: dto.kind };
}

function dueOf(dto: Dto.MeasureDueDto): MeasureDue {
  return dto.workingDays === undefined ? { date: dto.date! } : { workingDays: dto.workingDays, from: dto.from! };
}
