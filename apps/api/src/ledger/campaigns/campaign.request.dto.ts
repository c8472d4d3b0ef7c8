import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import {
  CAMPAIGN_PHASES,
  MEETING_KINDS,
  PARTICIPANT_GROUPS,
  type CampaignPhaseName,
  type MeetingKind,
  type ParticipantGroup,
} from '@app/domain';
import { ID_PATTERN, OptionalText, RequiredText } from '../../common/text-fields';
import { LocalDateField } from '../../common/query-params';

// Shapes and real dates only: counts, the dates' order and range, the order of stages and the configured kinds are the campaign's rules (422 with their code).

/** What the day of an activity (a meeting, questionnaires, participants) may be (docs/ledger.md#campaigns). */
const ACTIVITY_DAY = 'The day it happened: in the campaign’s year, not later than today in Beijing';

export class CampaignPhaseDto {
  @ApiProperty({ enum: CAMPAIGN_PHASES, example: 'consultation' })
  @IsIn(CAMPAIGN_PHASES)
  phase!: CampaignPhaseName;

  @LocalDateField('First day of the stage, in the campaign’s year')
  startsOn!: string;

  @LocalDateField('Last day of the stage, in the campaign’s year')
  endsOn!: string;
}

/** The stages, bounded: one of each at most, so ten leaves room for the domain to name a stage listed twice. */
const PhaseList = () =>
  applyDecorators(
    ApiProperty({ type: [CampaignPhaseDto], description: 'The stages (动员, 自查自纠, 调研座谈, 督导整改, 回头看) with their dates' }),
    IsArray(),
    ArrayMaxSize(10),
    IsObject({ each: true, message: '$property must hold only objects' }),
    ValidateNested({ each: true }),
    Type(() => CampaignPhaseDto),
  );

export class OpenCampaignRequestDto {
  @RequiredText(200, 'e.g. 2026年度民主评议政务环境活动')
  name!: string;

  @ApiProperty({ type: 'integer', example: 2026, description: 'From 2000 to 2100, and not later than the current year in Beijing' })
  @IsInt()
  year!: number;

  @ApiProperty({ example: 'office-cppcc', description: 'The unit that runs the campaign' })
  @Matches(ID_PATTERN, { message: 'organiserUnitId must be a unit id' })
  organiserUnitId!: string;

  @ApiProperty({ example: 'democratic_appraisal', description: 'A code of the configured campaign kinds (GET /api/v1/admin/ledger)' })
  @IsString()
  @MaxLength(100)
  kind!: string;

  @ApiProperty({ type: [String], example: ['dept-market'], description: 'The units appraised (评议对象)' })
  @IsArray()
  @ArrayMaxSize(500)
  @Matches(ID_PATTERN, { each: true, message: 'each of appraisedUnitIds must be a unit id' })
  appraisedUnitIds!: string[];

  @PhaseList()
  phases!: CampaignPhaseDto[];
}

export class AmendCampaignPhasesRequestDto {
  @PhaseList()
  phases!: CampaignPhaseDto[];

  @RequiredText(2000, 'Why the stages change')
  reason!: string;
}

export class RecordQuestionnairesRequestDto {
  @ApiProperty({ type: 'integer', example: 500, description: 'Questionnaires (问卷) issued since the last record' })
  @IsInt()
  issued!: number;

  @ApiProperty({ type: 'integer', example: 473, description: 'Questionnaires returned since the last record' })
  @IsInt()
  returned!: number;

  @LocalDateField(ACTIVITY_DAY)
  recordedOn!: string;
}

export class RecordMeetingRequestDto {
  @ApiProperty({ enum: MEETING_KINDS, example: 'symposium', description: '动员会, 座谈会, 恳谈会, 督办会, 评议会' })
  @IsIn(MEETING_KINDS)
  kind!: MeetingKind;

  @RequiredText(200, 'e.g. 企业代表座谈会')
  title!: string;

  @LocalDateField(ACTIVITY_DAY)
  heldOn!: string;

  @ApiProperty({ type: 'integer', example: 20 })
  @IsInt()
  attendance!: number;

  @ApiProperty({ type: 'integer', example: 38, description: 'Suggestions (建议) collected' })
  @IsInt()
  suggestionsCollected!: number;
}

export class RecordParticipantsRequestDto {
  @ApiProperty({ enum: PARTICIPANT_GROUPS, example: 'cppcc_member', description: '政协委员, 人大代表, 企业代表, 群众代表, 督查员' })
  @IsIn(PARTICIPANT_GROUPS)
  group!: ParticipantGroup;

  @ApiProperty({ type: 'integer', example: 130 })
  @IsInt()
  count!: number;

  @LocalDateField(ACTIVITY_DAY)
  recordedOn!: string;
}

export class CloseCampaignRequestDto {
  @OptionalText(2000)
  note?: string | null;
}
