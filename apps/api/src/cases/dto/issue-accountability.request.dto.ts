import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsObject, Matches, ValidateNested } from 'class-validator';
import { ACCOUNTABILITY_FORMS, type AccountabilityForm, type AccountabilityTarget } from '@app/domain';
import { OfKind } from '../../common/only-when';
import { ID_PATTERN, RequiredText, TextOfKind } from '../../common/text-fields';

export class AccountabilityTargetDto {
  @ApiProperty({ enum: ['organisation', 'person'] })
  @IsIn(['organisation', 'person'])
  kind!: 'organisation' | 'person';

  @ApiProperty()
  @Matches(ID_PATTERN, { message: 'unitId must be a unit id' })
  unitId!: string;

  // A person's name and post only with kind person: with an organisation they would be dropped unseen.
  @OfKind<AccountabilityTargetDto>('person')
  @TextOfKind(100, 'kind person only (required there): the official’s name')
  name?: string;

  @OfKind<AccountabilityTargetDto>('person')
  @TextOfKind(100, 'kind person only (required there): the official’s post')
  position?: string;
}

export class AccountabilityBasisDto {
  @RequiredText(10_000)
  facts!: string;

  @RequiredText(2000, 'The rule broken, e.g. 《中国共产党问责条例》第七条')
  rule!: string;
}

export class IssueAccountabilityRequestDto {
  @ApiProperty({ type: AccountabilityTargetDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AccountabilityTargetDto)
  target!: AccountabilityTargetDto;

  // A form listed twice is refused, not recorded once unseen (the decision would not say what was sent).
  @ApiProperty({ enum: ACCOUNTABILITY_FORMS, isArray: true, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique({ message: 'forms must not list a form twice' })
  @IsIn(ACCOUNTABILITY_FORMS, { each: true })
  forms!: AccountabilityForm[];

  @ApiProperty({ type: AccountabilityBasisDto })
  @IsObject()
  @ValidateNested()
  @Type(() => AccountabilityBasisDto)
  basis!: AccountabilityBasisDto;
}

/** The target as the domain takes it: an organisation, or a named official with their post. */
export function accountabilityTargetOf(dto: AccountabilityTargetDto): AccountabilityTarget {
  return dto.kind === 'organisation'
    ? { kind: 'organisation', unitId: dto.unitId }
    : { kind: 'person', unitId: dto.unitId, name: dto.name!, position: dto.position! };
}
