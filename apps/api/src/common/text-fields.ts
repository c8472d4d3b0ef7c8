import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';

/** A required free-text field (a reason, a report): non-blank, bounded. */
export const RequiredText = (maxLength: number, description?: string) =>
  applyDecorators(ApiProperty({ type: String, maxLength, description }), IsString(), IsNotEmpty(), MaxLength(maxLength));

/** An optional free-text field; null and absence both mean "none". */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(
    ApiPropertyOptional({ type: String, maxLength, nullable: true, description }),
    IsOptional(),
    ValidateIf((_o, v) => v !== null),
    IsString(),
    IsNotEmpty(),
    MaxLength(maxLength),
  );

/** Ids of units, measures and the like: what X-Unit accepts. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

/** A calendar date, `YYYY-MM-DD`; whether it is a real date is the domain's rule (422 INVALID_DATE and the like). */
export const LocalDateField = (description?: string) =>
  applyDecorators(
    ApiProperty({ type: String, example: '2026-11-30', description }),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
  );
