import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

/**
 * Shapes only: ranges, sums to 100%, band order and which inputs a kind is appraised by are the
 * domain's rules and answer 422 with their code (WEIGHTS_NOT_100, …), not 400. An omitted weight is 0.
 */
const weight = () => IsNumber({ allowNaN: false, allowInfinity: false });

/** A nested part of the scheme that may be left out, validated as its class says. */
const OptionalPart = (type: new () => object, description: string) =>
  applyDecorators(
    ApiPropertyOptional({ type, description }),
    IsOptional(),
    IsObject(),
    ValidateNested(),
    Type(() => type),
  );

/** A weight or a number of points the scheme may leave out (then 0). */
const OptionalWeight = (example: number, description: string) =>
  applyDecorators(ApiPropertyOptional({ example, description }), IsOptional(), weight());

export class InputWeightsBody {
  @OptionalWeight(50, '抽样问卷调查, percent')
  survey?: number;

  @OptionalWeight(50, '集中评议, percent (departments and towns)')
  concentratedEvaluation?: number;

  @OptionalWeight(0, '网上投票, percent (windows)')
  onlineVote?: number;
}

export class IndicatorWeightsBody {
  @OptionalWeight(0, '响应率, percent')
  responseRate?: number;

  @OptionalWeight(0, '按时办结率, percent')
  onTimeCompletionRate?: number;

  @OptionalWeight(0, '办结率, percent')
  completionRate?: number;

  @OptionalWeight(0, '满意率, percent')
  satisfactionRate?: number;

  @OptionalWeight(0, '重办率 (scored as 100 − the rate), percent')
  reopenRate?: number;
}

export class KindSchemeBody {
  @ApiProperty({ type: InputWeightsBody })
  @IsObject()
  @ValidateNested()
  @Type(() => InputWeightsBody)
  inputs!: InputWeightsBody;

  @OptionalPart(IndicatorWeightsBody, 'Omitted: no case indicator is scored')
  indicators?: IndicatorWeightsBody;
}

export class KindsBody {
  @OptionalPart(KindSchemeBody, '部门 (departments and offices)')
  department?: KindSchemeBody;

  @OptionalPart(KindSchemeBody, '街镇')
  town?: KindSchemeBody;

  @OptionalPart(KindSchemeBody, '窗口')
  window?: KindSchemeBody;
}

export class CaseDeductionsBody {
  @OptionalWeight(0.5, 'Points per case of the year whose handling deadline passed (超期)')
  perOverdueCase?: number;

  @OptionalWeight(1, 'Points per accountability (问责) issued against the unit in the year')
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
  @IsObject()
  @ValidateNested()
  @Type(() => KindsBody)
  kinds!: KindsBody;

  @OptionalPart(CaseDeductionsBody, 'Omitted: cases deduct nothing')
  caseDeductions?: CaseDeductionsBody;

  @ApiProperty({ type: [GradeBandBody], description: 'Highest first; the last from 0' })
  @IsArray()
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: '$property must hold only objects' })
  @ValidateNested({ each: true })
  @Type(() => GradeBandBody)
  grades!: GradeBandBody[];

  @ApiProperty({ type: ConsequenceBody })
  @IsObject()
  @ValidateNested()
  @Type(() => ConsequenceBody)
  consequence!: ConsequenceBody;

  @ApiProperty({ example: '区营商办〔2026〕12号', description: 'Where the scheme comes from' })
  @IsString()
  @MaxLength(500)
  note!: string;
}
