import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { CHANNELS, URGENCIES, type Channel, type Urgency } from '@app/domain';
import { ID_PATTERN, NotBlank, OptionalText, RequiredText } from '../../common/text-fields';
import { IsInstant } from '../../common/query-params';
import { OnlyWhen } from '../../common/only-when';
import { IsDocumentNumber } from '../../common/identity-number';
import { IsPhone } from '../../common/phone';

/**
 * No part of an identity with an anonymous complaint: none is kept, and dropping what was sent
 * without a word would lose what intake typed (a complaint marked anonymous by mistake).
 */
const NotWhenAnonymous = () =>
  OnlyWhen<ComplainantDto>(
    (o) => o.anonymous !== true,
    (field) => `${field} must not be given with an anonymous complaint (no identity is kept)`,
  );

/** Validates `name` and `phone` when required (not anonymous), and when given with an anonymous complaint (to refuse them). */
const requiredUnlessAnonymous = (field: 'name' | 'phone') => (o: ComplainantDto) =>
  o.anonymous !== true || (o[field] !== undefined && o[field] !== null);

/**
 * The complainant: name and phone unless anonymous, an ID number and enterprise if given; nothing
 * of it with an anonymous complaint. Stored apart from the case, encrypted
 * (docs/rules.md#complainant-confidentiality).
 */
export class ComplainantDto {
  @ApiProperty({ description: 'An anonymous complaint comes with no name, phone, ID number or enterprise, and keeps none' })
  @IsBoolean()
  anonymous!: boolean;

  @ApiPropertyOptional({ maxLength: 100 })
  @ValidateIf(requiredUnlessAnonymous('name'))
  @NotWhenAnonymous()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ example: '13800138000' })
  @ValidateIf(requiredUnlessAnonymous('phone'))
  @NotWhenAnonymous()
  @IsPhone()
  phone?: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '110105199003071239',
    description:
      'Resident identity card (身份证) or passport number, if given. A number in the card’s form (18 characters) must have a real date of birth and its check digit',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @NotWhenAnonymous()
  @IsDocumentNumber()
  idNumber?: string | null;

  @OptionalText(200, 'Enterprise the complainant speaks for (its name and contact), if any')
  @NotWhenAnonymous()
  enterprise?: string | null;
}

export class FileComplaintRequestDto {
  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel!: Channel;

  @ApiProperty({ description: 'A category code of the taxonomy in force (GET /api/v1/admin/time-limits)', example: 'cumbersome_approval' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/, { message: 'category must be a category code' })
  category!: string;

  @ApiProperty({ enum: URGENCIES })
  @IsIn(URGENCIES)
  urgency!: Urgency;

  @RequiredText(200)
  title!: string;

  @RequiredText(10_000)
  description!: string;

  @ApiProperty({ description: 'The unit complained about', example: 'dept-market' })
  @Matches(ID_PATTERN, { message: 'complainedUnitId must be a unit id' })
  complainedUnitId!: string;

  @ApiProperty({ example: '2026-09-24T09:30:00+08:00', description: 'An instant with its offset, from 2000 to 2100 (Beijing date)' })
  @IsInstant('calendar')
  @MaxLength(64)
  receivedAt!: string;

  @ApiProperty({ type: ComplainantDto })
  @IsObject()
  @ValidateNested()
  @Type(() => ComplainantDto)
  complainant!: ComplainantDto;
}
