import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/**
 * Shapes only: ranges, sums to 100%, band order and which inputs a kind is appraised by are the
 * domain's rules and answer 422 with their code (WEIGHTS_NOT_100, …), not 400. An omitted weight is 0.
 */
const weight = () => IsNumber({ allowNaN: false, allowInfinity: false });

export class InputWeightsBody {
  @ApiPropertyOptional({ example: 50, description: '抽样问卷调查, percent' })
  @IsOptional()
  @weight()
  survey?: number;

  @ApiPropertyOptional({ example: 50, description: '集中评议, percent (departments and towns)' })
  @IsOptional()
  @weight()
  concentratedEvaluation?: number;

  @ApiPropertyOptional({ example: 0, description: '网上投票, percent (windows)' })
  @IsOptional()
  @weight()
  onlineVote?: number;
}

export class IndicatorWeightsBody {
  @ApiPropertyOptional({ example: 0, description: '响应率, percent' })
  @IsOptional()
  @weight()
  responseRate?: number;

  @ApiPropertyOptional({ example: 0, description: '按时办结率, percent' })
  @IsOptional()
  @weight()
  onTimeCompletionRate?: number;

  @ApiPropertyOptional({ example: 0, description: '办结率, percent' })
  @IsOptional()
  @weight()
  completionRate?: number;

  @ApiPropertyOptional({ example: 0, description: '满意率, percent' })
  @IsOptional()
  @weight()
  satisfactionRate?: number;

  @ApiPropertyOptional({ example: 0, description: '重办率 (scored as 100 − the rate), percent' })
  @IsOptional()
  @weight()
  reopenRate?: number;
}

export class KindSchemeBody {
  @ApiProperty({ type: InputWeightsBody })
  @ValidateNested()
  @Type(() => InputWeightsBody)
  inputs!: InputWeightsBody;

  @ApiPropertyOptional({ type: IndicatorWeightsBody, description: 'Omitted: no case indicator is scored' })
  @IsOptional()
  @ValidateNested()
  @Type(() => IndicatorWeightsBody)
  indicators?: IndicatorWeightsBody;
}

export class KindsBody {
  @ApiPropertyOptional({ type: KindSchemeBody, description: '部门 (departments and offices)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => KindSchemeBody)
  department?: KindSchemeBody;

  @ApiPropertyOptional({ type: KindSchemeBody, description: '街镇' })
  @IsOptional()
  @ValidateNested()
  @Type(() => KindSchemeBody)
  town?: KindSchemeBody;

  @ApiPropertyOptional({ type: KindSchemeBody, description: '窗口' })
  @IsOptional()
  @ValidateNested()
  @Type(() => KindSchemeBody)
  window?: KindSchemeBody;
}

export class CaseDeductionsBody {
  @ApiPropertyOptional({ example: 0.5, description: 'Points per case of the year whose handling deadline passed (超期)' })
  @IsOptional()
  @weight()
  perOverdueCase?: number;

  @ApiPropertyOptional({ example: 1, description: 'Points per accountability (问责) issued against the unit in the year' })
  @IsOptional()
  @weight()
  perAccountability?: number;
}

export class GradeBandBody {
  @ApiProperty({ example: '优秀' })
  @IsString()
  @MaxLength(100)
  grade!: string;

  @ApiProperty({ example: 90 })
  @weight()
  minScore!: number;
}

export class ConsequenceBody {
  @ApiProperty({ example: 70 })
  @weight()
  below!: number;

  @ApiProperty({ example: '对主要负责同志进行诫勉谈话或予以组织处理' })
  @IsString()
  @MaxLength(500)
  measure!: string;
}

export class PublishAppraisalSchemeBody {
  @ApiProperty({ type: KindsBody, description: 'Weights per unit kind; each kind’s inputs and indicators add up to 100' })
  @ValidateNested()
  @Type(() => KindsBody)
  kinds!: KindsBody;

  @ApiPropertyOptional({ type: CaseDeductionsBody, description: 'Omitted: cases deduct nothing' })
  @IsOptional()
  @ValidateNested()
  @Type(() => CaseDeductionsBody)
  caseDeductions?: CaseDeductionsBody;

  @ApiProperty({ type: [GradeBandBody], description: 'Highest first; the last from 0' })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => GradeBandBody)
  grades!: GradeBandBody[];

  @ApiProperty({ type: ConsequenceBody })
  @ValidateNested()
  @Type(() => ConsequenceBody)
  consequence!: ConsequenceBody;

  @ApiProperty({ example: '区营商办〔2026〕12号', description: 'Where the scheme comes from' })
  @IsString()
  @MaxLength(500)
  note!: string;
}
