import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, Matches, Max, Min } from 'class-validator';
import { SATISFACTIONS, SUPERVISION_LEVELS, UNIT_ROLES, type Satisfaction, type SupervisionLevel, type UnitRole } from '@app/domain';
import { ID_PATTERN, OptionalText, RequiredText } from './text';

// Request bodies of the commands that carry a few fields each. Commands with nested structures
// (filing, rectification plans, accountability) have files of their own.

export class AcceptComplaintRequestDto {
  @OptionalText(2000)
  note?: string | null;
}

export class RejectComplaintRequestDto {
  @RequiredText(2000, 'Why the complaint is not accepted (不予受理理由)')
  reason!: string;
}

export class NotifyUnitRequestDto {
  @ApiProperty({ example: 'dept-market' })
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty({ enum: UNIT_ROLES, description: 'lead (主办) or co-handling (协办)' })
  @IsIn(UNIT_ROLES)
  role!: UnitRole;

  @RequiredText(100, 'The unit leader answerable for the case (责任领导)')
  responsibleLeader!: string;
}

/** Signing for a case (签收) needs no body; the unit is the caller's X-Unit. */
export class AcknowledgeRequestDto {}

export class DisputeDispatchRequestDto {
  @RequiredText(2000, 'Why this is not the unit’s duty (退单理由)')
  reason!: string;
}

export class TransferRequestDto {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'fromUnitId must be a unit id' })
  fromUnitId!: string;

  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'toUnitId must be a unit id' })
  toUnitId!: string;

  @RequiredText(2000)
  reason!: string;

  @RequiredText(100)
  responsibleLeader!: string;
}

export class RequestExtensionRequestDto {
  @RequiredText(2000)
  reason!: string;

  @ApiProperty({ minimum: 1, maximum: 60 })
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays!: number;
}

export class DecideExtensionRequestDto {
  @ApiProperty({ description: 'The unit whose request is decided' })
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty()
  @IsBoolean()
  approve!: boolean;

  @RequiredText(2000)
  reason!: string;
}

export class SuperviseRequestDto {
  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  @ApiProperty({ enum: SUPERVISION_LEVELS, description: 'urge 催办, supervise 督办, listed 挂牌督办' })
  @IsIn(SUPERVISION_LEVELS)
  level!: SupervisionLevel;

  @RequiredText(2000)
  note!: string;
}

export class ReportHandlingRequestDto {
  @RequiredText(10_000, 'What the unit found (问题查清)')
  factsFound!: string;

  @ApiProperty({ description: 'False for an interim report while facts are still being established' })
  @IsBoolean()
  factsEstablished!: boolean;

  @OptionalText(10_000, 'The handling result / answer to the complainant; absent in an interim report')
  result?: string | null;
}

export class ReportRectificationRequestDto {
  @ApiProperty({ example: 'M1' })
  @Matches(/^M[1-9]\d{0,3}$/, { message: 'measureId must be a measure id such as M1' })
  measureId!: string;

  @RequiredText(10_000)
  report!: string;
}

export class VerifyRectificationRequestDto {
  @ApiProperty({ example: 'M1' })
  @Matches(/^M[1-9]\d{0,3}$/, { message: 'measureId must be a measure id such as M1' })
  measureId!: string;

  @ApiProperty({ description: 'false rejects the measure (验收不通过): the unit must rectify and report again' })
  @IsBoolean()
  approve!: boolean;

  @OptionalText(2000, 'Required when rejecting')
  note?: string | null;
}

export class RecordReturnVisitRequestDto {
  @ApiProperty({ enum: SATISFACTIONS })
  @IsIn(SATISFACTIONS)
  satisfaction!: Satisfaction;

  @OptionalText(2000)
  note?: string | null;
}

export class ReopenRequestDto {
  @RequiredText(2000)
  reason!: string;
}

export class CloseRequestDto {
  @OptionalText(2000, 'Required when no accountability was issued on the case')
  accountabilityNotRequiredReason?: string | null;
}
