import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { SATISFACTIONS, type Satisfaction } from '@app/domain';
import { OptionalText } from '../../common/text-fields';

export class RecordReturnVisitRequestDto {
  @ApiProperty({ enum: SATISFACTIONS })
  @IsIn(SATISFACTIONS)
  satisfaction!: Satisfaction;

  @OptionalText(2000)
  note?: string | null;
}
