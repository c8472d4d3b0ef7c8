import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { CHANNELS, URGENCIES } from '@app/domain';

/**
 * The body of POST /api/v1/cases with the validation the API applies to it
 * (apps/api/src/cases/dto/file-complaint.request.dto.ts), without the OpenAPI decorators: the
 * reference validates what ours validates, so the comparison is of everything after validation.
 */
export class ComplainantDto {
  @IsBoolean()
  anonymous!: boolean;

  @ValidateIf((o: ComplainantDto) => !o.anonymous)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @ValidateIf((o: ComplainantDto) => !o.anonymous)
  @Matches(/^\+?[0-9][0-9 -]{4,19}$/)
  phone?: string;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @Matches(/^[0-9A-Za-z]{5,30}$/)
  idNumber?: string | null;

  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  enterprise?: string | null;
}

export class ComplaintDto {
  @IsIn(CHANNELS)
  channel!: string;

  @IsString()
  @Matches(/^[a-z][a-z0-9_]{1,40}$/)
  category!: string;

  @IsIn(URGENCIES)
  urgency!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(10_000)
  description!: string;

  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/)
  complainedUnitId!: string;

  @IsISO8601({ strict: true, strictSeparator: true })
  @MaxLength(64)
  receivedAt!: string;

  @IsDefined()
  @ValidateNested()
  @Type(() => ComplainantDto)
  complainant!: ComplainantDto;
}
