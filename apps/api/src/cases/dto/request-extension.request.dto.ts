import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { RequiredText } from '../../common/text-fields';

export class RequestExtensionRequestDto {
  @RequiredText(2000)
  reason!: string;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: 60 })
  @IsInt()
  @Min(1)
  @Max(60)
  workingDays!: number;
}
