import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { SUPERVISION_LEVELS, type SupervisionLevel } from '@app/domain';
import { ID_PATTERN, RequiredText } from '../../common/text-fields';

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
