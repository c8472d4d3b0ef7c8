import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, Matches, ValidateNested } from 'class-validator';
import { ID_PATTERN, OptionalText, RequiredText } from '../../common/text-fields';

export class MeasureRequestDto {
  @RequiredText(2000)
  description!: string;

  @ApiProperty({ example: 'dept-market' })
  @Matches(ID_PATTERN, { message: 'responsibleUnitId must be a unit id' })
  responsibleUnitId!: string;

  @RequiredText(100)
  responsibleLeader!: string;

  @ApiProperty({ example: '2026-11-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be a date YYYY-MM-DD' })
  dueDate!: string;
}

export class PlanRectificationRequestDto {
  @ApiProperty({ type: [MeasureRequestDto], description: 'Empty when no rectification is needed (give the reason)' })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => MeasureRequestDto)
  measures!: MeasureRequestDto[];

  @OptionalText(2000, 'Why no rectification is needed (无需整改的理由)')
  noRectificationReason?: string | null;
}
