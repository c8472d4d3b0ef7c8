import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { UNIT_ROLES, type UnitRole } from '@app/domain';
import { ID_PATTERN, RequiredText } from '../../common/text-fields';

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
