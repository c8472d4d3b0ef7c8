import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches, ValidateIf } from 'class-validator';
import { UNIT_ID_PATTERN } from '@app/domain';
import { ROLES, type Role } from '../common/request-context';

/** `POST /api/v1/sign-in/dev-token`: the demo user to sign in as. */
export class DevTokenRequestDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'The unit of a unit user (required with role unit; with another role null, or a unit id that is ignored)',
  })
  // Checked whenever given, so a number or an object there is a 400 whatever the role, not ignored.
  @ValidateIf((o: DevTokenRequestDto) => o.role === 'unit' || (o.unitId !== undefined && o.unitId !== null))
  @Matches(UNIT_ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId?: string | null;
}
