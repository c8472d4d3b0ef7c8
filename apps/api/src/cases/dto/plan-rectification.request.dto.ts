import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, Matches, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../common/calendar-date';
import { IsLocalDate } from '../../common/query-params';
import { ID_PATTERN, OptionalText, RequiredText } from '../../common/text-fields';

export class MeasureRequestDto {
  @RequiredText(2000)
  description!: string;

  @ApiProperty({ example: 'dept-market' })
  @Matches(ID_PATTERN, { message: 'responsibleUnitId must be a unit id' })
  responsibleUnitId!: string;

  @RequiredText(100)
  responsibleLeader!: string;

  @ApiProperty({ example: '2026-11-30', description: 'A real date YYYY-MM-DD, not before today (Beijing), up to 2100-12-31' })
  @IsLocalDate()
  @IsCalendarDate()
  dueDate!: string;
}

export class PlanRectificationRequestDto {
  @ApiProperty({ type: [MeasureRequestDto], description: 'Empty when no rectification is needed (give the reason)' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: '$property must hold only objects' })
  @ValidateNested({ each: true })
  @Type(() => MeasureRequestDto)
  measures!: MeasureRequestDto[];

  @OptionalText(2000, 'Why no rectification is needed (无需整改的理由)')
  noRectificationReason?: string | null;
}
