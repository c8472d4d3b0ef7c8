import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageRequestDto } from '../common/page.request.dto';
import { ACCOUNTABILITY_FORMS, type AccountabilityForm } from '@app/domain';
import { TARGET_KINDS, type AccountabilityFilter, type TargetKind } from '@app/projections/accountability/accountability.reader';
import { DigitsToNumber, OneOfParam } from '../common/query-params';
import { RegisteredUnitParam } from '../units/registered-unit-filter';
import { MAX_YEAR, MIN_YEAR } from './accountability-summary.request.dto';

/** Filters and paging of `GET /api/v1/accountability`; every one is validated (400 names the parameter). */
export class ListAccountabilityRequestDto extends PageRequestDto implements AccountabilityFilter {
  @RegisteredUnitParam('Entries against this unit or against officials of it')
  unitId?: string;

  @ApiPropertyOptional({ description: 'Entries against officials whose name contains this' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  personName?: string;

  @OneOfParam(TARGET_KINDS)
  targetKind?: TargetKind;

  @OneOfParam(ACCOUNTABILITY_FORMS, { description: 'Entries that include this form' })
  form?: AccountabilityForm;

  @ApiPropertyOptional({ type: 'integer', minimum: MIN_YEAR, maximum: MAX_YEAR, description: 'Year of issue, Beijing time' })
  @IsOptional()
  @DigitsToNumber()
  @IsInt({ message: 'year must be a year, e.g. 2026' })
  @Min(MIN_YEAR)
  @Max(MAX_YEAR)
  year?: number;
}
