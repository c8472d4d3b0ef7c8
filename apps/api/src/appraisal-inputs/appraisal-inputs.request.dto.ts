import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { DEDUCTION_KINDS, type DeductionKind } from '@app/domain';
import { OfKind } from '../common/only-when';
import { IsLocalDate } from '../common/query-params';
import { ID_PATTERN, OptionalText, RequiredText } from '../common/text-fields';

/** A score out of 100; the decider checks the two-decimal precision and which unit kinds it applies to. */
class ScoreRequestDto {
  @ApiProperty({ minimum: 0, maximum: 100, example: 87.35 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score!: number;

  @OptionalText(2000)
  note?: string | null;
}

export class SurveyScoreRequestDto extends ScoreRequestDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, description: '抽样问卷 respondents' })
  @IsOptional()
  @IsInt()
  @Min(1)
  respondents?: number | null;
}

export class ConcentratedEvaluationScoreRequestDto extends ScoreRequestDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, description: '集中评议 participants' })
  @IsOptional()
  @IsInt()
  @Min(1)
  participants?: number | null;
}

export class OnlineVoteScoreRequestDto extends ScoreRequestDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, nullable: true, description: '网上投票 votes cast' })
  @IsOptional()
  @IsInt()
  @Min(1)
  votes?: number | null;
}

/** A deduction's id (the inspection record's number), in a body or in a path: letters, digits and `. _ : -`, at most 64. */
export const DEDUCTION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const DEDUCTION_ID_MESSAGE = 'deductionId must be 1 to 64 letters, digits and . _ : -, the first a letter or digit';

export class InspectionDeductionRequestDto {
  @ApiProperty({ description: 'The inspection record’s number: a finding is recorded once', example: 'DC-2026-031' })
  @Matches(DEDUCTION_ID_PATTERN, { message: DEDUCTION_ID_MESSAGE })
  deductionId!: string;

  @ApiProperty({ enum: DEDUCTION_KINDS, description: 'conduct 违反作风建设规定 (per person-time), lapse 日常工作不到位 (0.1 each)' })
  @IsIn(DEDUCTION_KINDS)
  kind!: DeductionKind;

  @ApiPropertyOptional({ type: 'integer', description: 'conduct only' })
  @OfKind<InspectionDeductionRequestDto>('conduct')
  @IsInt()
  @Min(1)
  personTimes?: number;

  @ApiPropertyOptional({ description: 'conduct only: 0.5–1 point per person-time' })
  @OfKind<InspectionDeductionRequestDto>('conduct')
  @IsNumber({ allowNaN: false, allowInfinity: false })
  pointsPerPersonTime?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'lapse only' })
  @OfKind<InspectionDeductionRequestDto>('lapse')
  @IsInt()
  @Min(1)
  count?: number;

  @RequiredText(2000)
  reason!: string;

  @ApiProperty({ example: '2026-06-12' })
  @IsLocalDate()
  occurredOn!: string;

  @ApiPropertyOptional({
    description: 'The finding (问题) of the rectification ledger this deduction cites: against the same unit, not withdrawn',
  })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'findingId must be a finding id' })
  findingId?: string;
}

/** 撤销扣分: why a recorded deduction is withdrawn (a typo, a finding the inspection got wrong). */
export class WithdrawInspectionDeductionRequestDto {
  @RequiredText(2000, 'Why the deduction is withdrawn (a typo, a finding the inspection got wrong)')
  reason!: string;
}
