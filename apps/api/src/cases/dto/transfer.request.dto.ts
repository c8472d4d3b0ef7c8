import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { ID_PATTERN, RequiredText } from '../../common/text-fields';

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
