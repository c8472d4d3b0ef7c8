import { Body, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { Answers, Problems } from '../../common/api-contract';
import { creating, Sender, type CommandSender } from '../../common/command-sender';
import { AllowedRoles } from '../../common/roles.guard';
import { CommandRoutes } from '../../common/routes.decorator';
import { UuidPipe } from '../../common/uuid.pipe';
import { CampaignCommandMessage, type CampaignCommandResult } from './campaign-command.handler';
import * as Dto from './campaign.request.dto';
import { CAMPAIGN_OPENED_ANSWER, CAMPAIGN_PROBLEMS, CampaignCommandRoute } from './campaign.responses';

const CampaignId = new UuidPipe('a campaign id');

/**
 * The campaign office's commands (评议办 / 督查办; the intake role, which supervises: docs/ledger.md):
 * open a campaign, amend its stages, record its questionnaires, meetings and participants, close it.
 * Each route maps its body to a CampaignCommandMessage; CampaignCommandHandler does the rest.
 */
@CommandRoutes('api/v1/campaigns', 'ledger')
export class CampaignCommandsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(201)
  @AllowedRoles('intake')
  @Answers(CAMPAIGN_OPENED_ANSWER)
  @Problems({ 422: CAMPAIGN_PROBLEMS[422]! })
  @ApiOperation({ summary: 'Open a campaign (评议活动 / 专项督查): its kind, the units it appraises, its stages' })
  async open(
    @Body() dto: Dto.OpenCampaignRequestDto,
    @Sender() sender: CommandSender,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CampaignCommandResult> {
    const { name, year, organiserUnitId, kind, appraisedUnitIds, phases } = dto;
    const request = {
      type: 'OpenCampaign' as const,
      name,
      year,
      organiserUnitId,
      kind,
      appraisedUnitIds,
      phases: phases.map((p) => ({ ...p })),
    };
    const result = await this.commandBus.execute(new CampaignCommandMessage(null, request, creating(sender)));
    response.setHeader('Location', `/api/v1/campaigns/${result.id}`);
    return result;
  }

  @CampaignCommandRoute(':id/phases', 'intake')
  @ApiOperation({ summary: 'Replace the campaign’s stages, saying why' })
  amendPhases(@Param('id', CampaignId) id: string, @Body() dto: Dto.AmendCampaignPhasesRequestDto, @Sender() sender: CommandSender) {
    const request = { type: 'AmendCampaignPhases' as const, phases: dto.phases.map((p) => ({ ...p })), reason: dto.reason };
    return this.commandBus.execute(new CampaignCommandMessage(id, request, sender));
  }

  @CampaignCommandRoute(':id/activities/questionnaires', 'intake')
  @ApiOperation({ summary: 'Record questionnaires (问卷) issued and returned since the last record' })
  recordQuestionnaires(
    @Param('id', CampaignId) id: string,
    @Body() dto: Dto.RecordQuestionnairesRequestDto,
    @Sender() sender: CommandSender,
  ) {
    return this.commandBus.execute(new CampaignCommandMessage(id, { type: 'RecordQuestionnaires', ...dto }, sender));
  }

  @CampaignCommandRoute(':id/activities/meetings', 'intake')
  @ApiOperation({ summary: 'Record a meeting held (座谈会 …) with its attendance and the suggestions it collected' })
  recordMeeting(@Param('id', CampaignId) id: string, @Body() dto: Dto.RecordMeetingRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CampaignCommandMessage(id, { type: 'RecordMeeting', ...dto }, sender));
  }

  @CampaignCommandRoute(':id/activities/participants', 'intake')
  @ApiOperation({ summary: 'Record people who took part, counted by group (政协委员, 企业代表 …)' })
  recordParticipants(@Param('id', CampaignId) id: string, @Body() dto: Dto.RecordParticipantsRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CampaignCommandMessage(id, { type: 'RecordParticipants', ...dto }, sender));
  }

  @CampaignCommandRoute(':id/close', 'intake')
  @ApiOperation({ summary: 'Close the campaign: nothing more is recorded on it' })
  close(@Param('id', CampaignId) id: string, @Body() dto: Dto.CloseCampaignRequestDto, @Sender() sender: CommandSender) {
    return this.commandBus.execute(new CampaignCommandMessage(id, { type: 'CloseCampaign', note: dto.note ?? null }, sender));
  }
}
