import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateIf } from 'class-validator';
import { UNIT_ID_PATTERN, UNIT_KINDS, UNIT_NAME_MAX_LENGTH, type UnitKind } from '@app/domain';
import { RequiredText } from '../../common/text-fields';

/** What UNIT_ID_PATTERN accepts, in words. */
const UNIT_ID_RULE = '1 to 64 lowercase letters, digits and hyphens, not starting or ending with a hyphen';

export class RegisterUnitRequestDto {
  // The pattern bounds the length too: its message says so, or an id too long is told only its alphabet.
  @ApiProperty({ example: 'dept-market', description: UNIT_ID_RULE, maxLength: 64 })
  @Matches(UNIT_ID_PATTERN, { message: `id must be ${UNIT_ID_RULE}` })
  id!: string;

  @RequiredText(UNIT_NAME_MAX_LENGTH)
  name!: string;

  @ApiProperty({ enum: UNIT_KINDS, description: 'department 部门, window 窗口, town 街镇' })
  @IsIn(UNIT_KINDS)
  kind!: UnitKind;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(UNIT_ID_PATTERN, { message: 'parentId must be a unit id' })
  parentId?: string | null;
}

export class RenameUnitRequestDto {
  @RequiredText(UNIT_NAME_MAX_LENGTH)
  name!: string;
}

export class RetireUnitRequestDto {
  @RequiredText(2000, 'Why the unit is retired (撤销/撤并)')
  reason!: string;
}
